"""What practice tells the competency profile: field ratings and practised minutes."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from lms.accounts.models import Cohort
from lms.assessments.practice.counting import counted
from lms.assessments.practice.models import FieldEvaluation, FieldRating, Placement, PracticeEntry
from lms.assessments.practice.models.evaluations import STAGES
from lms.extensions import db


def latest_ratings(user_id: int, programme: str) -> dict[str, int]:
    """Competency code → the supervisor's latest rating (1–5) in the programme's placements.

    "Not observed" is left out, so an earlier rating stands until a later one replaces it.
    """
    rows = db.session.execute(
        select(
            FieldRating.competency,
            FieldRating.rating,
            FieldEvaluation.stage,
            FieldEvaluation.completed_at,
            Placement.starts_on,
        )
        .join(FieldEvaluation, FieldEvaluation.id == FieldRating.evaluation_id)
        .join(Placement, Placement.id == FieldEvaluation.placement_id)
        .join(Cohort, Cohort.id == Placement.cohort_id)
        .where(
            Placement.trainee_id == user_id,
            Cohort.programme == programme,
            FieldRating.rating.is_not(None),
        )
    ).all()
    ordered = sorted(rows, key=lambda r: (r.starts_on, STAGES.index(r.stage), r.completed_at))
    return {row.competency: row.rating for row in ordered}


def approved_minutes_by_competency(user_id: int) -> dict[str, int]:
    """Competency code → minutes of approved, counted, current entries tagged with it."""
    rows = db.session.execute(
        select(PracticeEntry.competencies, PracticeEntry.minutes).where(
            PracticeEntry.trainee_id == user_id, counted()
        )
    ).all()
    totals: dict[str, int] = defaultdict(int)
    for codes, minutes in rows:
        for code in codes.split():
            totals[code] += minutes
    return dict(totals)
