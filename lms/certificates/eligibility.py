"""Who may receive a programme's certificate, and what is still missing.

The rules come from the programme's front matter (``certificate:`` in programme.md). Each
requirement is reported with what the person has and what they need, so a trainee sees exactly
what is left and an admin sees the reasons for a whole cohort. ``check_eligibility_for`` checks
many people at once, in a fixed number of queries (a cohort's page, a batch of certificates).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.certificates.models import Certificate, CoFacilitation
from lms.competencies.evidence import profiles
from lms.core.extensions import db
from lms.courses.catalogue import Programme
from lms.courses.content import catalogue
from lms.courses.progress import ProgrammeProgress, cohort_progress
from lms.i18n.formatting import number, percent
from lms.i18n.language import language
from lms.practice.requirements import PracticeSummary, summaries
from lms.quizzes.results import QuizResult, best_results_for

# A co-facilitated session counts when rated "meets the standard" (3 of 5) or better.
PASSING_OBSERVATION = 3


@dataclass(frozen=True)
class Requirement:
    label: str
    met: bool
    have: str
    need: str


@dataclass
class Eligibility:
    requirements: list[Requirement] = field(default_factory=list)
    hours: dict[str, int] = field(default_factory=dict)

    @property
    def eligible(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def missing(self) -> list[str]:
        return [f"{r.label}: {r.have} / {r.need}" for r in self.requirements if not r.met]


def _lessons(progress: ProgrammeProgress) -> Requirement:
    return Requirement(
        _("Lessons read"), progress.complete, str(progress.done), str(progress.total)
    )


def _prerequisite_certificates(
    user_id: int, programme: Programme, held: set[tuple[int, str]]
) -> list[Requirement]:
    requirements = []
    for code in programme.prerequisites:
        required = catalogue().programme(code)
        has = (user_id, code) in held
        name = required.titles.get(language()) if required else code
        requirements.append(
            Requirement(
                _("Certificate of %(name)s", name=name),
                has,
                _("held") if has else _("not held"),
                _("held"),
            )
        )
    return requirements


def _co_facilitation(programme: Programme, count: int) -> list[Requirement]:
    needed = programme.certificate.co_facilitated_sessions
    if not needed:
        return []
    return [
        Requirement(
            _("Co-facilitated sessions observed and rated at least 3/5"),
            count >= needed,
            str(count),
            str(needed),
        )
    ]


def _quizzes(programme: Programme, results: dict[str, QuizResult]) -> list[Requirement]:
    if programme.certificate.quizzes_passed != "all":
        return []
    with_quiz = [m for m in programme.modules if m.quiz is not None]
    passed = [m for m in with_quiz if m.slug in results and results[m.slug].passed]
    return [
        Requirement(
            _("Module quizzes passed"),
            len(passed) == len(with_quiz),
            str(len(passed)),
            str(len(with_quiz)),
        )
    ]


def _number(value: float) -> str:
    """In the reader's locale: ``10,25`` in Turkmen and Russian, ``10.25`` in English."""
    return number(value, 2)


def _practice_figures(key: str, have: float, need: float) -> tuple[str, str]:
    """What a practice requirement has and needs, as the practice page shows them: the share of
    direct work as a percentage (``56 %``, not ``0.56``), hours as numbers (``10,25``)."""
    if key == "direct_share":
        return percent(have * 100, 0), percent(need * 100, 0)
    return _number(round(have, 2)), _number(need)


def _practice(summary: PracticeSummary, eligibility: Eligibility) -> None:
    """The practice requirements, read from the same numbers the trainee's practice page shows."""
    eligibility.hours = {
        "counted": round(summary.counted_hours),
        "direct": round(summary.direct_hours),
        "supervision": round(summary.supervision_hours),
    }
    for requirement in summary.requirements:
        if requirement.need > 0:
            have, need = _practice_figures(requirement.key, requirement.have, requirement.need)
            eligibility.requirements.append(
                Requirement(requirement.label, requirement.met, have, need)
            )


def _competencies(programme: Programme, status: dict[str, str]) -> list[Requirement]:
    required = programme.certificate.competencies_proficient
    if not required:
        return []
    missing = [code for code in required if status.get(code) != "proficient"]
    have = _("all") if not missing else _("not yet: %(codes)s", codes=", ".join(missing))
    return [Requirement(_("Competencies proficient"), not missing, have, ", ".join(required))]


@dataclass(frozen=True)
class Records:
    """What the requirements are read from, for everyone checked at once (by user id)."""

    progress: dict[int, ProgrammeProgress]
    quizzes: dict[int, dict[str, QuizResult]]
    practice: dict[int, PracticeSummary]
    statuses: dict[int, dict[str, str]]
    held: set[tuple[int, str]]  # (user id, programme) of the valid certificates held
    sessions: dict[int, int]  # co-facilitated sessions rated well enough


def _statuses(
    programme: Programme, user_ids: list[int], complete: bool
) -> dict[int, dict[str, str]]:
    if not (complete or programme.certificate.competencies_proficient):
        return {}
    return {
        uid: {row.code: row.status for row in rows}
        for uid, rows in profiles(programme, user_ids).items()
    }


def _held(programme: Programme, user_ids: list[int]) -> set[tuple[int, str]]:
    if not programme.prerequisites:
        return set()
    rows = db.session.execute(
        select(Certificate.user_id, Certificate.programme).where(
            Certificate.user_id.in_(user_ids),
            Certificate.programme.in_(programme.prerequisites),
            Certificate.status == "valid",
        )
    )
    return {(user_id, code) for user_id, code in rows}


def _sessions(programme: Programme, user_ids: list[int]) -> dict[int, int]:
    if not programme.certificate.co_facilitated_sessions:
        return {}
    rows = db.session.execute(
        select(CoFacilitation.trainee_id, func.count())
        .where(
            CoFacilitation.trainee_id.in_(user_ids),
            CoFacilitation.rating >= PASSING_OBSERVATION,
        )
        .group_by(CoFacilitation.trainee_id)
    )
    return dict(rows.all())


def load_records(programme: Programme, user_ids: list[int], complete: bool = False) -> Records:
    """What the requirements are read from, for everyone at once; ``complete`` loads quiz results
    and competency statuses even where the certificate does not ask for them (the gradebook)."""
    needs_quizzes = complete or programme.certificate.quizzes_passed == "all"
    return Records(
        progress=cohort_progress(programme, user_ids),
        quizzes=best_results_for(user_ids, programme.code) if needs_quizzes else {},
        practice=summaries(programme.code, user_ids),
        statuses=_statuses(programme, user_ids, complete),
        held=_held(programme, user_ids),
        sessions=_sessions(programme, user_ids),
    )


def eligibility_from(user_id: int, programme: Programme, records: Records) -> Eligibility:
    eligibility = Eligibility()
    eligibility.requirements.append(_lessons(records.progress[user_id]))
    eligibility.requirements.extend(_quizzes(programme, records.quizzes.get(user_id, {})))
    _practice(records.practice[user_id], eligibility)
    eligibility.requirements.extend(_competencies(programme, records.statuses.get(user_id, {})))
    eligibility.requirements.extend(_prerequisite_certificates(user_id, programme, records.held))
    eligibility.requirements.extend(_co_facilitation(programme, records.sessions.get(user_id, 0)))
    return eligibility


def check_eligibility_for(users: Iterable[User], programme: Programme) -> dict[int, Eligibility]:
    """``check_eligibility`` for many people (by user id), in a fixed number of queries
    whatever their number: a cohort's page and a batch of certificates cost one check."""
    user_ids = list(dict.fromkeys(user.id for user in users))
    if not user_ids:
        return {}
    records = load_records(programme, user_ids)
    return {uid: eligibility_from(uid, programme, records) for uid in user_ids}


def check_eligibility(user: User, programme: Programme) -> Eligibility:
    """Every requirement of the programme's certificate, met or not, for this person."""
    return check_eligibility_for([user], programme)[user.id]
