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
    return latest_ratings_for([user_id], programme).get(user_id, {})


def latest_ratings_for(user_ids: list[int], programme: str) -> dict[int, dict[str, int]]:
    """``latest_ratings`` for several trainees in one query."""
    rows = db.session.execute(
        select(
            Placement.trainee_id,
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
            Placement.trainee_id.in_(user_ids),
            Cohort.programme == programme,
            FieldRating.rating.is_not(None),
        )
    ).all()
    ordered = sorted(rows, key=lambda r: (r.starts_on, STAGES.index(r.stage), r.completed_at))
    ratings: dict[int, dict[str, int]] = {}
    for row in ordered:
        ratings.setdefault(row.trainee_id, {})[row.competency] = row.rating
    return ratings


def approved_minutes_by_competency(user_id: int) -> dict[str, int]:
    """Competency code → minutes of approved, counted, current entries tagged with it."""
    return approved_minutes_for([user_id]).get(user_id, {})


def approved_minutes_for(user_ids: list[int]) -> dict[int, dict[str, int]]:
    """``approved_minutes_by_competency`` for several trainees in one query."""
    rows = db.session.execute(
        select(PracticeEntry.trainee_id, PracticeEntry.competencies, PracticeEntry.minutes).where(
            PracticeEntry.trainee_id.in_(user_ids), counted()
        )
    ).all()
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for trainee_id, codes, minutes in rows:
        for code in codes.split():
            totals[trainee_id][code] += minutes
    return {trainee_id: dict(found) for trainee_id, found in totals.items()}
