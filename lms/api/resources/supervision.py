"""Supervision sessions and field evaluations (resource group ``supervision``), read only.

Who sees what is the practice pages' rule (``lms.practice.sessions.can_see_session`` and
``lms.practice.placements.can_see_placement``): the trainee their own, the supervisor, the
trainers of the trainee's cohorts and admins. Anything else is 404, as on the pages.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import exists, or_, select

from lms.accounts.trainers import trainees_trained_by
from lms.api.auth import Caller, api_access
from lms.api.lists import page_of_select, paged, region_ids
from lms.api.resources.local_days import within_local_days
from lms.api.resources.supervision_schemas import (
    EvaluationListQuery,
    EvaluationPageSchema,
    EvaluationSchema,
    SessionListQuery,
    SessionPageSchema,
    SessionSchema,
)
from lms.api.spec import API_PREFIX, ApiBlueprint
from lms.core.extensions import db
from lms.practice.models import FieldEvaluation, Placement, SessionParticipant, SupervisionSession
from lms.practice.placements import can_see_placement
from lms.practice.sessions import can_see_session

blp = ApiBlueprint(
    "api_supervision",
    __name__,
    url_prefix=API_PREFIX,
    description="Supervision sessions and field evaluations of placements.",
)


def readable_session(caller: Caller, session_id: int) -> SupervisionSession:
    """The session if the caller may see it, else 404 (the pages' check)."""
    found = db.session.get(SupervisionSession, session_id)
    if found is None or not can_see_session(caller.user, found):
        abort(404)
    return found


def readable_evaluation(caller: Caller, evaluation_id: int) -> FieldEvaluation:
    """The evaluation if the caller may see its placement, else 404 (the pages' check)."""
    found = db.session.get(FieldEvaluation, evaluation_id)
    if found is None or not can_see_placement(caller.user, found.placement):
        abort(404)
    return found


def _visible_placements(caller: Caller):
    """``can_see_placement`` as a condition on Placement (None: every placement)."""
    user = caller.user
    if user.has_role("admin"):
        return None
    return or_(
        Placement.trainee_id == user.id,
        Placement.supervisor_id == user.id,
        Placement.trainee_id.in_(trainees_trained_by(user)),
    )


def _person(user) -> dict:
    return {"id": user.id, "username": user.username, "full_name": user.full_name}


def _placement(placement: Placement) -> dict:
    return {
        "id": placement.id,
        "trainee": _person(placement.trainee),
        "cohort": placement.cohort.code,
        "programme": placement.programme,
        "region": placement.region.code,
        "agency": placement.agency,
        "starts_on": placement.starts_on,
        "ends_on": placement.ends_on,
    }


def _session_summary(found: SupervisionSession) -> dict:
    return {
        "id": found.id,
        "day": found.day,
        "minutes": found.minutes,
        "format": found.format,
        "mode": found.mode,
        "supervisor": _person(found.supervisor),
        "participants": [
            {"placement": _placement(p.placement), "acknowledged_at": p.acknowledged_at}
            for p in sorted(found.participants, key=lambda p: p.placement_id)
        ],
    }


def _placement_conditions(query: dict) -> list:
    conditions = []
    if "placement" in query:
        conditions.append(Placement.id == query["placement"])
    if "region" in query:
        conditions.append(Placement.region_id.in_(region_ids(query["region"])))
    return conditions


def _took_part(*conditions):
    """A session with a participant whose placement meets ``conditions``."""
    return exists(
        select(SessionParticipant.session_id)
        .join(Placement, Placement.id == SessionParticipant.placement_id)
        .where(SessionParticipant.session_id == SupervisionSession.id, *conditions)
    )


def _session_conditions(caller: Caller, query: dict) -> list:
    conditions = []
    if query.get("day_from") is not None:
        conditions.append(SupervisionSession.day >= query["day_from"])
    if query.get("day_to") is not None:
        conditions.append(SupervisionSession.day <= query["day_to"])
    if filters := _placement_conditions(query):
        conditions.append(_took_part(*filters))
    visible = _visible_placements(caller)
    if visible is not None:  # can_see_session: the supervisor, or one who sees a participant
        conditions.append(
            or_(SupervisionSession.supervisor_id == caller.user.id, _took_part(visible))
        )
    return conditions


@blp.get("/supervision-sessions")
@api_access("supervision")
@blp.etag
@blp.arguments(SessionListQuery, location="query")
@blp.response(200, SessionPageSchema)
def list_sessions(caller: Caller, query: dict):
    """The supervision sessions the caller may see, newest first."""
    statement = (
        select(SupervisionSession)
        .where(*_session_conditions(caller, query))
        .order_by(SupervisionSession.day.desc(), SupervisionSession.id.desc())
    )
    return paged(page_of_select(statement, query, _session_summary))


@blp.get("/supervision-sessions/<int:session_id>")
@api_access("supervision")
@blp.etag
@blp.response(200, SessionSchema)
def get_session(caller: Caller, session_id: int):
    """One supervision session: who took part, topics, cases, notes and agreed actions."""
    found = readable_session(caller, session_id)
    return {
        **_session_summary(found),
        "topics": found.topic_codes,
        "case_codes": found.case_code_list,
        "notes": found.notes,
        "actions": [{"description": a.description, "due_on": a.due_on} for a in found.actions],
    }


def _evaluation_summary(found: FieldEvaluation) -> dict:
    return {
        "id": found.id,
        "stage": found.stage,
        "placement": _placement(found.placement),
        "supervisor": _person(found.supervisor),
        "completed_at": found.completed_at,
        "acknowledged_at": found.acknowledged_at,
    }


@blp.get("/field-evaluations")
@api_access("supervision")
@blp.etag
@blp.arguments(EvaluationListQuery, location="query")
@blp.response(200, EvaluationPageSchema)
def list_evaluations(caller: Caller, query: dict):
    """The field evaluations the caller may see, newest first."""
    statement = (
        select(FieldEvaluation)
        .join(Placement, Placement.id == FieldEvaluation.placement_id)
        .where(
            *_placement_conditions(query),
            *within_local_days(FieldEvaluation.completed_at, query, "completed"),
        )
    )
    if "stage" in query:
        statement = statement.where(FieldEvaluation.stage == query["stage"])
    visible = _visible_placements(caller)
    if visible is not None:
        statement = statement.where(visible)
    statement = statement.order_by(FieldEvaluation.completed_at.desc(), FieldEvaluation.id.desc())
    return paged(page_of_select(statement, query, _evaluation_summary))


@blp.get("/field-evaluations/<int:evaluation_id>")
@api_access("supervision")
@blp.etag
@blp.response(200, EvaluationSchema)
def get_evaluation(caller: Caller, evaluation_id: int):
    """One field evaluation: each competency's rating, the texts and the self-evaluation."""
    found = readable_evaluation(caller, evaluation_id)
    return {
        **_evaluation_summary(found),
        "ratings": [{"competency": r.competency, "rating": r.rating} for r in found.ratings],
        "strengths": found.strengths,
        "areas_to_develop": found.areas_to_develop,
        "self_evaluation": found.self_evaluation,
    }
