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
from lms.certificates.models import Certificate, CoFacilitation
from lms.courses.catalogue import Programme
from lms.courses.content import catalogue
from lms.courses.progress import programme_progress, records_for
from lms.extensions import db

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
        name = required.titles.en if required else code
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


def check_eligibility(user: User, programme: Programme) -> Eligibility:
    """Every requirement of the programme's certificate, met or not, for this person."""
    eligibility = Eligibility()
    eligibility.requirements.append(_lessons(user, programme))
    eligibility.requirements.extend(_prerequisite_certificates(user, programme))
    eligibility.requirements.extend(_co_facilitation(user, programme))
    return eligibility
