"""What practice tells the competency profile: field ratings and practised minutes."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import case, func, select

from lms.accounts.models import Cohort
from lms.core.extensions import db
from lms.practice.counting import counted
from lms.practice.models import FieldEvaluation, FieldRating, Placement, PracticeEntry
from lms.practice.models.evaluations import STAGES


def latest_ratings(user_id: int, programme: str) -> dict[str, int]:
    """Competency code → the supervisor's latest rating (1–5) in the programme's placements.

    "Not observed" is left out, so an earlier rating stands until a later one replaces it.
    """
    return latest_ratings_for([user_id], programme).get(user_id, {})


def latest_ratings_for(user_ids, programme: str) -> dict[int, dict[str, int]]:
    """``latest_ratings`` for several trainees (a list of ids or a SELECT of them) in one query.

    The latest is chosen in SQL (the latest placement, then the end before the mid stage, then
    the latest completed): a whole programme's ratings are a hundred thousand rows or more.
    """
    stage_order = case({stage: n for n, stage in enumerate(STAGES)}, value=FieldEvaluation.stage)
    ranked = (
        select(
            Placement.trainee_id,
            FieldRating.competency,
            FieldRating.rating,
            func.row_number()
            .over(
                partition_by=(Placement.trainee_id, FieldRating.competency),
                order_by=(
                    Placement.starts_on.desc(),
                    stage_order.desc(),
                    FieldEvaluation.completed_at.desc(),
                    FieldEvaluation.id.desc(),
                ),
            )
            .label("recency"),
        )
        .join(FieldEvaluation, FieldEvaluation.id == FieldRating.evaluation_id)
        .join(Placement, Placement.id == FieldEvaluation.placement_id)
        .join(Cohort, Cohort.id == Placement.cohort_id)
        .where(
            Placement.trainee_id.in_(user_ids),
            Cohort.programme == programme,
            FieldRating.rating.is_not(None),
        )
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.trainee_id, ranked.c.competency, ranked.c.rating).where(
            ranked.c.recency == 1
        )
    )
    ratings: dict[int, dict[str, int]] = {}
    for trainee_id, competency, rating in rows:
        ratings.setdefault(trainee_id, {})[competency] = rating
    return ratings


def approved_minutes_by_competency(user_id: int) -> dict[str, int]:
    """Competency code → minutes of approved, counted, current entries tagged with it."""
    return approved_minutes_for([user_id]).get(user_id, {})


def approved_minutes_for(user_ids) -> dict[int, dict[str, int]]:
    """``approved_minutes_by_competency`` for several trainees (a list of ids or a SELECT of
    them) in one query, summed in SQL per trainee and set of tags."""
    rows = db.session.execute(
        select(
            PracticeEntry.trainee_id, PracticeEntry.competencies, func.sum(PracticeEntry.minutes)
        )
        .where(PracticeEntry.trainee_id.in_(user_ids), counted())
        .group_by(PracticeEntry.trainee_id, PracticeEntry.competencies)
    ).all()
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for trainee_id, codes, minutes in rows:
        for code in codes.split():
            totals[trainee_id][code] += minutes
    return {trainee_id: dict(found) for trainee_id, found in totals.items()}
