"""Cohorts and their trainees (resource group ``cohorts``): the cohort pages' rules.

Admins see every cohort, a trainer the cohorts they train; trainees and coordinators have no
cohort pages (403). Another trainer's cohort is 404, as on the pages (``cohort_for``).
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from lms.accounts.cohorts import cohort_for, load_trainees_with_regions
from lms.accounts.models import Cohort, User, cohort_members
from lms.accounts.trainers import cohorts_trained_by
from lms.api.auth import Caller, api_access
from lms.api.errors import ApiError
from lms.api.lists import page_of_list, page_of_select, paged, region_ids
from lms.api.resources.cohorts_schemas import (
    CohortListQuery,
    CohortPageSchema,
    CohortSchema,
    TraineeListQuery,
    TraineePageSchema,
)
from lms.api.scopes import ONLY_FOR
from lms.api.spec import API_PREFIX, ApiBlueprint

blp = ApiBlueprint(
    "api_cohorts",
    __name__,
    url_prefix=f"{API_PREFIX}/cohorts",
    description="Cohorts and their trainees: a trainer's own, or every cohort for an admin.",
)


def _staff_only(caller: Caller) -> None:
    if not caller.user.has_role(*ONLY_FOR["cohorts:read"]):
        raise ApiError(403, "forbidden")


def readable_cohort(caller: Caller, cohort_id: int) -> Cohort:
    """The cohort if the caller may see it; 403 without a cohort role, 404 if not theirs."""
    _staff_only(caller)
    return cohort_for(caller.user, cohort_id) or abort(404)


def _filtered(caller: Caller, query: dict):
    """The caller's cohorts (every one for an admin) matching the list's filters."""
    statement = select(Cohort).options(selectinload(Cohort.trainers))
    if not caller.user.has_role("admin"):
        statement = statement.where(Cohort.id.in_(cohorts_trained_by(caller.user)))
    if query.get("starts_from"):
        statement = statement.where(Cohort.starts_on >= query["starts_from"])
    if query.get("starts_to"):
        statement = statement.where(Cohort.starts_on <= query["starts_to"])
    if query.get("region"):
        lives_there = (
            select(cohort_members.c.cohort_id)
            .join(User, User.id == cohort_members.c.user_id)
            .where(User.region_id.in_(region_ids(query["region"])))
            .where(cohort_members.c.cohort_id == Cohort.id)
        )
        statement = statement.where(exists(lives_there))
    return statement.order_by(Cohort.starts_on.desc(), Cohort.id)


@blp.get("")
@api_access("cohorts")
@blp.etag
@blp.arguments(CohortListQuery, location="query")
@blp.response(200, CohortPageSchema)
def list_cohorts(caller: Caller, query: dict):
    """The cohorts the caller trains (every cohort for an admin), newest first."""
    _staff_only(caller)
    return paged(page_of_select(_filtered(caller, query), query))


@blp.get("/<int:cohort_id>")
@api_access("cohorts")
@blp.etag
@blp.response(200, CohortSchema)
def get_cohort(caller: Caller, cohort_id: int):
    """One cohort with its trainers."""
    return readable_cohort(caller, cohort_id)


def _trainee(user: User) -> dict:
    return {
        "id": user.id,
        "username": user.username,
        "full_name": user.full_name,
        "region": user.region.code if user.region else None,
        "velayat": user.region.velayat.code if user.region else None,
    }


@blp.get("/<int:cohort_id>/trainees")
@api_access("cohorts")
@blp.etag
@blp.arguments(TraineeListQuery, location="query")
@blp.response(200, TraineePageSchema)
def list_trainees(caller: Caller, query: dict, cohort_id: int):
    """The cohort's trainees in the reader's alphabetical order, with where they work."""
    cohort = readable_cohort(caller, cohort_id)
    trainees = load_trainees_with_regions(cohort)
    if query.get("region"):
        wanted = set(region_ids(query["region"]))
        trainees = [t for t in trainees if t.region_id in wanted]
    return paged(page_of_list([_trainee(t) for t in trainees], query))
