"""Supervised practice: each trainee's placement, the log entries of every working day and the
supervisor's field evaluations, as the rows the practice package stores.

The placement runs for eight weeks from day ``PLACEMENT_START_DAY`` of the course, in the
trainee's etrap, supervised by the cohort's lead trainer. Every weekday has a direct session
(09:00-13:00) and indirect work (14:00-16:00), Fridays an hour and a half of supervision: 252
counted hours, two thirds direct, so a finished placement meets every programme's practice
requirement. Short extra entries (travel before the day, a half-hour direct contact after lunch)
are spread evenly over all logged days until the data set holds its number of entries.

In a placement still running, the last logged day's entries are drafts, those of the four logged
days before wait in the supervisor's queue (``submitted``), older ones are approved, and one in a
hundred was returned with a comment. In finished placements about one direct session in two
hundred was corrected by an approved amendment (the original is then superseded).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bench.learning import Enrolment, at_local
from lms.practice.demo import AGENCIES as DEMO_AGENCIES
from lms.practice.models import (
    TARGET_GROUPS,
    FieldEvaluation,
    FieldRating,
    Placement,
    PracticeEntry,
)

PLACEMENT_START_DAY = 60
PLACEMENT_DAYS = 56  # eight weeks
MID_DAY = 28  # the mid-placement evaluation
DRAFT_DAYS = 1  # entries of the last logged day are still drafts
PENDING_DAYS = 4  # entries of the four logged days before wait for the supervisor
RETURNED_EVERY = 97
PLACEMENTS = Placement.__table__
ENTRIES = PracticeEntry.__table__
EVALUATIONS = FieldEvaluation.__table__
RATINGS = FieldRating.__table__

DIRECT = (
    "home-visit",
    "needs-assessment",
    "counselling",
    "case-management",
    "referral-advocacy",
    "group-work",
    "community-engagement",
)
INDIRECT = ("documentation", "case-conference", "service-coordination")
SUPERVISION = ("supervision-individual", "supervision-group")
# (categories, start minute, minutes)
MORNING = (DIRECT, 9 * 60, 240)
AFTERNOON = (INDIRECT, 14 * 60, 120)
FRIDAY = (SUPERVISION, 16 * 60 + 30, 90)
TRAVEL = (("travel",), 8 * 60 + 15, 30)  # first extra entry of a day
CONTACT = (("counselling", "home-visit"), 13 * 60 + 15, 30)  # second extra entry
AGENCIES = (*DEMO_AGENCIES, "Home-care service for older persons")
REFLECTIONS = (
    "First assessment visit with the family. I used the ecomap to map their supports; the mother "
    "spoke more freely once the children were playing outside.",
    "Wrote up the assessment in the case file using the **client code** only.",
    "Supportive conversation with an older man caring for his wife. Practised reflective "
    "listening; he asked for information about home care.",
    "Case conference with the school and the polyclinic nurse; agreed who follows up what:\n\n"
    "- school: attendance\n- nurse: the next check-up\n- me: the referral",
    "Co-led a parents' group at the day centre on everyday inclusion at school.",
    "Home visit focused on the younger child's school attendance. No safety concerns seen.",
    "Referred the family to the etrap home-care service and followed up with the service.",
    "Supervision: discussed a difficult conversation with a father and agreed how to prepare "
    "the next one.",
)
RETURN_COMMENT = "Please add what you agreed with the family and who follows up."
AMENDMENT_NOTE = " (Corrected: it lasted longer than first logged.)"


def placement_dates(enrolment: Enrolment) -> tuple[date, date]:
    starts = enrolment.starts + timedelta(days=PLACEMENT_START_DAY)
    return starts, starts + timedelta(days=PLACEMENT_DAYS - 1)


def logged_days(enrolment: Enrolment, today: date) -> list[date]:
    """The placement's weekdays up to yesterday (none before it starts)."""
    starts, ends = placement_dates(enrolment)
    last = min(ends, today - timedelta(days=1))
    return [
        starts + timedelta(days=n)
        for n in range((last - starts).days + 1)
        if (starts + timedelta(days=n)).weekday() < 5
    ]


def amended(placement_id: int, day: date) -> bool:
    """Whether the morning session of that day was corrected by an amendment (finished
    placements only): about one in two hundred."""
    return (placement_id * 31 + day.toordinal()) % 211 == 0


def base_entries(placement_id: int, days: list[date], finished: bool) -> int:
    """Entries of a placement before the extra ones: two a day, Fridays three, amendments."""
    fridays = sum(1 for d in days if d.weekday() == 4)
    fixes = sum(1 for d in days if amended(placement_id, d)) if finished else 0
    return 2 * len(days) + fridays + fixes


@dataclass
class Minutes:
    """Counted minutes of one trainee (approved, current, not travel), by kind."""

    direct: int = 0
    indirect: int = 0
    supervision: int = 0

    def add(self, kind: str, minutes: int) -> None:
        if kind != "travel":
            setattr(self, kind, getattr(self, kind) + minutes)


@dataclass
class Spread:
    """Extra entries spread evenly over every logged day of the data set."""

    extra: int
    days: int
    seen: int = 0

    def next_day(self) -> int:
        d, self.seen = self.seen, self.seen + 1
        if not self.days:
            return 0
        return (d + 1) * self.extra // self.days - d * self.extra // self.days


@dataclass
class PracticeWriter:
    """Writes placements, entries and evaluations; keeps the next id of each."""

    writer: object  # bench.bulk.BulkWriter
    competencies: dict[str, set[str]]  # category -> codes it practises
    kinds: dict[str, str]  # category -> kind, from the app's categories.yaml
    programme_codes: dict[str, tuple[str, ...]]  # programme -> competencies rated in the field
    required_hours: dict[str, int]  # programme -> practice hours its certificate requires
    spread: Spread
    today: date
    now: datetime
    rng: random.Random
    entry_id: int = 1
    evaluation_id: int = 1
    counts: dict[str, int] = field(default_factory=dict)

    def placement(self, placement_id: int, enrolment: Enrolment, days: list[date]) -> Minutes:
        starts, ends = placement_dates(enrolment)
        finished = ends < self.today
        self.writer.add(
            PLACEMENTS,
            {
                "id": placement_id,
                "trainee_id": enrolment.user_id,
                "cohort_id": enrolment.cohort_id,
                "region_id": enrolment.region_id,
                "agency": AGENCIES[placement_id % len(AGENCIES)],
                "supervisor_id": enrolment.trainer_id,
                "starts_on": starts,
                "ends_on": ends,
                "required_hours": self.required_hours[enrolment.programme],
                "created_at": at_local(starts - timedelta(days=7), 11),
                "created_by_id": enrolment.trainer_id,
            },
        )
        minutes = Minutes()
        for position, day in enumerate(days):
            waiting = None if finished else len(days) - 1 - position  # logged days after it
            self._day(placement_id, enrolment, day, waiting, minutes)
        self._evaluations(placement_id, enrolment, starts, ends)
        return minutes

    def _slots(self, day: date) -> list[tuple]:
        slots = [MORNING, AFTERNOON] + ([FRIDAY] if day.weekday() == 4 else [])
        extra = self.spread.next_day()
        return slots + [TRAVEL, CONTACT][:extra]

    def _day(self, placement_id, enrolment: Enrolment, day: date, waiting: int | None, minutes):
        """One day's entries; ``waiting``: logged days after this one in a running placement
        (None when the placement has finished)."""
        finished = waiting is None
        for categories, start, length in self._slots(day):
            status = self._status(waiting)
            category = categories[(day.toordinal() + placement_id) % len(categories)]
            row = self._entry(placement_id, enrolment, day, (category, start, length), status)
            self.writer.add(ENTRIES, row)
            fixed = finished and (categories is DIRECT) and amended(placement_id, day)
            if fixed:
                row = self._amendment(row, enrolment)
                self.writer.add(ENTRIES, row)
            if row["status"] == "approved":
                minutes.add(row["kind"], row["minutes"])

    def _status(self, waiting: int | None) -> str:
        if waiting is None:
            return "approved"
        if waiting < DRAFT_DAYS:
            return "draft"
        if waiting < DRAFT_DAYS + PENDING_DAYS:
            return "submitted"
        return "returned" if self.entry_id % RETURNED_EVERY == 0 else "approved"

    def _entry(self, placement_id, enrolment: Enrolment, day: date, slot, status: str) -> dict:
        category, start, length = slot
        kind = self.kinds[category]
        practised = self.competencies[category]
        codes = [c for c in self.programme_codes[enrolment.programme] if c in practised]
        logged = at_local(day, 18, self.rng.randrange(60))
        sent = status != "draft"
        decided = status in ("approved", "returned")
        entry_id, self.entry_id = self.entry_id, self.entry_id + 1
        return {
            "id": entry_id,
            "placement_id": placement_id,
            "trainee_id": enrolment.user_id,
            "day": day,
            "start_minute": start,
            "end_minute": start + length,
            "minutes": length,
            "category": category,
            "kind": kind,
            "client_code": f"F-{self.rng.randrange(1, 400):03d}" if kind == "direct" else None,
            "target_group": self.rng.choice(TARGET_GROUPS) if kind == "direct" else None,
            "competencies": " ".join(codes),
            "reflection": REFLECTIONS[entry_id % len(REFLECTIONS)] if kind != "travel" else "",
            "status": status,
            "amends_id": None,
            "privacy_confirmed": sent,
            "created_at": logged,
            "updated_at": logged,
            "submitted_at": logged + timedelta(hours=2) if sent else None,
            "reviewed_at": logged + timedelta(days=3) if decided else None,
            "reviewed_by_id": enrolment.trainer_id if decided else None,
            "return_comment": RETURN_COMMENT if status == "returned" else None,
        }

    def _amendment(self, original: dict, enrolment: Enrolment) -> dict:
        """An approved correction of an approved entry: fifteen minutes longer."""
        entry_id, self.entry_id = self.entry_id, self.entry_id + 1
        logged = original["reviewed_at"] + timedelta(days=1)
        return {
            **original,
            "id": entry_id,
            "end_minute": original["end_minute"] + 15,
            "minutes": original["minutes"] + 15,
            "reflection": original["reflection"] + AMENDMENT_NOTE,
            "amends_id": original["id"],
            "created_at": logged,
            "updated_at": logged,
            "submitted_at": logged + timedelta(hours=1),
            "reviewed_at": logged + timedelta(days=2),
        }

    def _evaluations(self, placement_id: int, enrolment: Enrolment, starts: date, ends: date):
        stages = [("mid", starts + timedelta(days=MID_DAY))]
        stages.append(("end", ends + timedelta(days=2)))
        for stage, day in stages:
            if day >= self.today:
                return
            evaluation_id, self.evaluation_id = self.evaluation_id, self.evaluation_id + 1
            completed = at_local(day, 15)
            self.writer.add(
                EVALUATIONS,
                {
                    "id": evaluation_id,
                    "placement_id": placement_id,
                    "stage": stage,
                    "supervisor_id": enrolment.trainer_id,
                    "strengths": "Respectful, well-prepared visits; clear case notes.",
                    "areas_to_develop": "Bring complex cases to supervision earlier.",
                    "completed_at": completed,
                    "self_evaluation": "",
                    "acknowledged_at": completed + timedelta(days=1) if evaluation_id % 5 else None,
                },
            )
            choices = (2, 3, 3, 4, None) if stage == "mid" else (3, 4, 4, 5)
            for code in self.programme_codes[enrolment.programme]:
                self.writer.add(
                    RATINGS,
                    {
                        "evaluation_id": evaluation_id,
                        "competency": code,
                        "rating": self.rng.choice(choices),
                    },
                )


def check_categories(kinds: dict[str, str]) -> None:
    """Every category used here must be in the app's ``categories.yaml``."""
    for category in (*DIRECT, *INDIRECT, *SUPERVISION, "travel", *CONTACT[0]):
        if category not in kinds:
            raise RuntimeError(f"bench: category {category!r} is not in categories.yaml")


def plan_placements(enrolments: list[Enrolment], today: date) -> Iterator[tuple]:
    """(placement id, enrolment, logged days) of every trainee whose placement has started."""
    placement_id = 0
    for enrolment in enrolments:
        if placement_dates(enrolment)[0] >= today:
            continue
        placement_id += 1
        yield placement_id, enrolment, logged_days(enrolment, today)
