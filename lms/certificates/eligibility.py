"""Who may receive a programme's certificate, and what is still missing.

The rules come from the programme's front matter (``certificate:`` in programme.md). Each
requirement is reported with what the person has and what they need, so a trainee sees exactly
what is left and an admin sees the reasons for a whole cohort.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.assessments.practice.requirements import practice_summary
from lms.assessments.quizzes.results import best_results
from lms.certificates.models import Certificate, CoFacilitation
from lms.competencies.evidence import statuses
from lms.courses.catalogue import Programme
from lms.courses.content import catalogue
from lms.courses.progress import programme_progress, records_for
from lms.extensions import db
from lms.i18n import language

PASSING_OBSERVATION = 3  # a co-facilitated session counts when rated "met" (3 of 5) or better


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


def _lessons(user: User, programme: Programme) -> Requirement:
    records = records_for(user.id, [programme.code]).get(programme.code, {})
    progress = programme_progress(programme, records)
    return Requirement(
        _("Lessons read"), progress.complete, str(progress.done), str(progress.total)
    )


def _prerequisite_certificates(user: User, programme: Programme) -> list[Requirement]:
    requirements = []
    for code in programme.prerequisites:
        required = catalogue().programme(code)
        held = db.session.scalar(
            select(func.count())
            .select_from(Certificate)
            .where(
                Certificate.user_id == user.id,
                Certificate.programme == code,
                Certificate.status == "valid",
            )
        )
        name = required.titles.get(language()) if required else code
        requirements.append(
            Requirement(
                _("Certificate of %(name)s", name=name),
                bool(held),
                _("held") if held else _("not held"),
                _("held"),
            )
        )
    return requirements


def _co_facilitation(user: User, programme: Programme) -> list[Requirement]:
    needed = programme.certificate.co_facilitated_sessions
    if not needed:
        return []
    count = db.session.scalar(
        select(func.count())
        .select_from(CoFacilitation)
        .where(CoFacilitation.trainee_id == user.id, CoFacilitation.rating >= PASSING_OBSERVATION)
    )
    return [
        Requirement(
            _("Co-facilitated sessions observed and rated at least 3/5"),
            count >= needed,
            str(count),
            str(needed),
        )
    ]


def _quizzes(user: User, programme: Programme) -> list[Requirement]:
    if programme.certificate.quizzes_passed != "all":
        return []
    results = best_results(user.id, programme.code)
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
    return f"{value:g}" if isinstance(value, float) else str(value)


def _practice(user: User, programme: Programme, eligibility: Eligibility) -> None:
    """The practice requirements, read from the same numbers the trainee's practice page shows."""
    summary = practice_summary(user.id, programme.code)
    eligibility.hours = {
        "counted": round(summary.counted_hours),
        "direct": round(summary.direct_hours),
        "supervision": round(summary.supervision_hours),
    }
    for requirement in summary.requirements:
        if requirement.need > 0:
            eligibility.requirements.append(
                Requirement(
                    requirement.label,
                    requirement.met,
                    _number(round(requirement.have, 2)),
                    _number(requirement.need),
                )
            )


def _competencies(user: User, programme: Programme) -> list[Requirement]:
    required = programme.certificate.competencies_proficient
    if not required:
        return []
    status = statuses(user.id, programme)
    missing = [code for code in required if status.get(code) != "proficient"]
    have = _("all") if not missing else _("not yet: %(codes)s", codes=", ".join(missing))
    return [Requirement(_("Competencies proficient"), not missing, have, ", ".join(required))]


def check_eligibility(user: User, programme: Programme) -> Eligibility:
    """Every requirement of the programme's certificate, met or not, for this person."""
    eligibility = Eligibility()
    eligibility.requirements.append(_lessons(user, programme))
    eligibility.requirements.extend(_quizzes(user, programme))
    _practice(user, programme, eligibility)
    eligibility.requirements.extend(_competencies(user, programme))
    eligibility.requirements.extend(_prerequisite_certificates(user, programme))
    eligibility.requirements.extend(_co_facilitation(user, programme))
    return eligibility
