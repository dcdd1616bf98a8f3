"""Progress against a programme's practice requirements (programme.md ``certificate.practice``).

What counts:
- approved, current (not superseded) entries of kind direct, indirect or supervision, in the
  trainee's placements of that programme; travel is recorded but never counted;
- supervision sessions the supervisor recorded with the trainee present.

Supervision is counted once per day. A session the supervisor records and a "supervision" entry
the trainee logs usually describe the same meeting, so on each date the supervision time is the
larger of the two, never their sum (docs/practice.md explains this to trainees).

Certificate eligibility reads ``practice_summary``; the trainee's page shows the same numbers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from lms.accounts.models import Cohort
from lms.core.extensions import db
from lms.practice.counting import counted
from lms.practice.models import Placement, PracticeEntry, SessionParticipant
from lms.practice.models import SupervisionSession as Session
from lms.practice.programme import requirements_of

LABELS = {
    "total_hours": _l("Counted practice hours"),
    "direct_share": _l("Share of direct practice"),
    "supervision_hours": _l("Supervision hours"),
}


@dataclass(frozen=True)
class Requirement:
    key: str  # total_hours | direct_share | supervision_hours
    have: float
    need: float
    met: bool

    @property
    def label(self) -> str:
        return str(LABELS[self.key])

    @property
    def fraction(self) -> float:
        """How far along, 0..1 (1 when nothing is needed)."""
        return 1.0 if self.need <= 0 else min(self.have / self.need, 1.0)


@dataclass(frozen=True)
class PracticeSummary:
    programme: str
    direct_minutes: int
    indirect_minutes: int
    supervision_minutes: int
    placement_weeks: int
    requirements: tuple[Requirement, ...]

    @property
    def counted_minutes(self) -> int:
        return self.direct_minutes + self.indirect_minutes + self.supervision_minutes

    @property
    def counted_hours(self) -> float:
        return round(self.counted_minutes / 60, 2)

    @property
    def direct_hours(self) -> float:
        return round(self.direct_minutes / 60, 2)

    @property
    def supervision_hours(self) -> float:
        return round(self.supervision_minutes / 60, 2)

    @property
    def direct_share(self) -> float:
        return self.direct_minutes / self.counted_minutes if self.counted_minutes else 0.0

    @property
    def met(self) -> bool:
        return all(r.met for r in self.requirements)

    def requirement(self, key: str) -> Requirement:
        return next(r for r in self.requirements if r.key == key)


def _weeks(placements: Iterable[Placement]) -> int:
    """Placement weeks: the days covered by any of the placements, in weeks, rounded up."""
    days = set()
    for p in placements:
        days.update(
            p.starts_on + timedelta(days=n) for n in range((p.ends_on - p.starts_on).days + 1)
        )
    return math.ceil(len(days) / 7)


def _entry_minutes(placement_ids: list[int]):
    """(trainee, kind, day) → counted minutes, for the placements."""
    return db.session.execute(
        select(
            PracticeEntry.trainee_id,
            PracticeEntry.kind,
            PracticeEntry.day,
            func.sum(PracticeEntry.minutes),
        )
        .where(PracticeEntry.placement_id.in_(placement_ids), counted())
        .group_by(PracticeEntry.trainee_id, PracticeEntry.kind, PracticeEntry.day)
    ).all()


def _session_minutes(placement_ids: list[int]):
    """(trainee, day) → minutes of supervision sessions attended, for the placements."""
    return db.session.execute(
        select(SessionParticipant.trainee_id, Session.day, func.sum(Session.minutes))
        .join(Session, Session.id == SessionParticipant.session_id)
        .where(SessionParticipant.placement_id.in_(placement_ids))
        .group_by(SessionParticipant.trainee_id, Session.day)
    ).all()


def _requirements(programme: str, minutes: tuple[int, int, int], weeks: int):
    rules = requirements_of(programme)
    direct, indirect, supervision = minutes
    total = direct + indirect + supervision
    share = direct / total if total else 0.0
    need_supervision = rules.supervision_hours_per_week * weeks
    return (
        Requirement(
            "total_hours", round(total / 60, 2), rules.total_hours, total / 60 >= rules.total_hours
        ),
        Requirement(
            "direct_share", round(share, 3), rules.direct_share, share >= rules.direct_share
        ),
        Requirement(
            "supervision_hours",
            round(supervision / 60, 2),
            need_supervision,
            supervision / 60 >= need_supervision,
        ),
    )


def _summary(programme: str, placements: list[Placement], entries, sessions) -> PracticeSummary:
    by_kind: dict[str, int] = defaultdict(int)
    supervision_days: dict = defaultdict(lambda: [0, 0])
    for kind, day, minutes in entries:
        if kind == "supervision":
            supervision_days[day][0] += int(minutes)
        else:
            by_kind[kind] += int(minutes)
    for day, minutes in sessions:
        supervision_days[day][1] += int(minutes)
    supervision = sum(max(logged, recorded) for logged, recorded in supervision_days.values())
    weeks = _weeks(placements)
    minutes = (by_kind["direct"], by_kind["indirect"], supervision)
    return PracticeSummary(programme, *minutes, weeks, _requirements(programme, minutes, weeks))


def summaries(programme: str, trainee_ids: list[int]) -> dict[int, PracticeSummary]:
    """Each trainee's summary for the programme, in a fixed number of queries."""
    placements = list(
        db.session.scalars(
            select(Placement)
            .join(Cohort, Cohort.id == Placement.cohort_id)
            .where(Placement.trainee_id.in_(trainee_ids), Cohort.programme == programme)
        ).unique()
    )
    ids = [p.id for p in placements]
    by_trainee: dict[int, tuple[list, list, list]] = {t: ([], [], []) for t in trainee_ids}
    for placement in placements:
        by_trainee[placement.trainee_id][0].append(placement)
    if ids:
        for trainee_id, *row in _entry_minutes(ids):
            by_trainee[trainee_id][1].append(row)
        for trainee_id, *row in _session_minutes(ids):
            by_trainee[trainee_id][2].append(row)
    return {t: _summary(programme, *parts) for t, parts in by_trainee.items()}


def practice_summary(user_id: int, programme: str) -> PracticeSummary:
    """The trainee's counted hours, direct share, supervision and each requirement met or not."""
    return summaries(programme, [user_id])[user_id]


def category_minutes(programme: str, trainee_ids: list[int]) -> dict[int, dict[str, int]]:
    """Counted (approved, current) minutes per trainee and category in the trainees' placements
    of the programme, in one query. Supervision sessions have no category: they count in the
    summary's supervision hours only."""
    rows = db.session.execute(
        select(PracticeEntry.trainee_id, PracticeEntry.category, func.sum(PracticeEntry.minutes))
        .join(Placement, Placement.id == PracticeEntry.placement_id)
        .join(Cohort, Cohort.id == Placement.cohort_id)
        .where(PracticeEntry.trainee_id.in_(trainee_ids), Cohort.programme == programme, counted())
        .group_by(PracticeEntry.trainee_id, PracticeEntry.category)
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for trainee_id, category, minutes in rows:
        found[trainee_id][category] = int(minutes)
    return dict(found)
