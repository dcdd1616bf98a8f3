"""Competency frameworks and trainees' competency profiles (resource group ``competencies``).

The frameworks are the programmes' own, from the content (``content/frameworks/``): any caller
may read them. A profile is the competency pages' (``lms.competencies.evidence.profile``) and
has their access rule (``lms.accounts.cohorts.trainee_for``): the trainee themself, the
trainers of their cohorts and admins; anyone else is answered 404, as on the pages.
"""

from __future__ import annotations

from flask import abort

from lms.accounts.cohorts import trainee_for
from lms.accounts.models import User
from lms.api.auth import Caller, api_access
from lms.api.lists import page_of_list, paged
from lms.api.resources.competencies_schemas import (
    FrameworkListQuery,
    FrameworkPageSchema,
    FrameworkSchema,
    ProfilesSchema,
)
from lms.api.spec import API_PREFIX, ApiBlueprint
from lms.competencies.evidence import Evidence, profile
from lms.courses.catalogue import Framework, Programme, Titles
from lms.courses.content import catalogue
from lms.courses.enrolment import enrolled_codes

blp = ApiBlueprint(
    "api_competencies",
    __name__,
    url_prefix=API_PREFIX,
    description="The programmes' competency frameworks, and trainees' competency profiles.",
)


def _titles(titles: Titles | None, fallback: str = "") -> dict:
    if titles is None:
        return {"en": fallback, "ru": None, "tk": None}
    return {"en": titles.en, "ru": titles.ru, "tk": titles.tk}


def _framework_summary(framework: Framework) -> dict:
    return {
        "code": framework.code,
        "title": _titles(framework.titles),
        "version": framework.version,
        "source": framework.source,
        "competency_count": len(framework.competencies),
    }


def readable_framework(code: str) -> Framework:
    """Any caller reads the content's frameworks; an unknown code is 404."""
    return catalogue().framework(code) or abort(404)


def readable_trainee(caller: Caller, trainee_id: int) -> User:
    """The trainee if the caller may see their profile (the pages' check), else 404."""
    return trainee_for(caller.user, trainee_id) or abort(404)


@blp.get("/competency-frameworks")
@api_access("competencies")
@blp.etag
@blp.arguments(FrameworkListQuery, location="query")
@blp.response(200, FrameworkPageSchema)
def list_frameworks(caller: Caller, query: dict):
    """The programmes' competency frameworks."""
    frameworks = [_framework_summary(f) for f in catalogue().frameworks]
    return paged(page_of_list(frameworks, query))


@blp.get("/competency-frameworks/<framework_code>")
@api_access("competencies")
@blp.etag
@blp.response(200, FrameworkSchema)
def get_framework(caller: Caller, framework_code: str):
    """One framework: its competencies (codes, titles, hierarchy) and rating scale."""
    framework = readable_framework(framework_code)
    return {
        **_framework_summary(framework),
        "competencies": [
            {
                "code": c.code,
                "title": _titles(c.titles),
                "description": _titles(c.descriptions, c.description),
                "domain": c.domain,
                "parent": c.parent,
            }
            for c in framework.competencies
        ],
        "levels": [
            {
                "rating": level.rating,
                "label": _titles(level.labels),
                "descriptor": _titles(level.descriptors),
            }
            for level in framework.levels
        ],
    }


def _evidence(row: Evidence) -> dict:
    override = row.override
    return {
        "code": row.code,
        "title": _titles(row.title),
        "status": row.status,
        "computed_status": row.computed,
        "questions": row.questions,
        "quiz_percent": row.quiz_percent,
        "practice_minutes": row.practice_minutes,
        "rating": row.rating,
        "override": None
        if override is None
        else {
            "status": override.status,
            "note": override.note,
            "set_by": override.set_by.full_name,
            "set_at": override.set_at,
        },
    }


def _profile(trainee: User, programme: Programme) -> dict:
    return {
        "programme": programme.code,
        "framework": programme.framework,
        "rule": {
            "quiz_percent": programme.competency_rule.quiz_percent,
            "rating": programme.competency_rule.rating,
        },
        "competencies": [_evidence(row) for row in profile(trainee.id, programme)],
    }


@blp.get("/trainees/<int:trainee_id>/competency-profiles")
@api_access("competencies")
@blp.etag
@blp.response(200, ProfilesSchema)
def get_profiles(caller: Caller, trainee_id: int):
    """A trainee's competency profile in each programme of their cohorts."""
    trainee = readable_trainee(caller, trainee_id)
    codes = enrolled_codes(trainee)
    programmes = [p for p in catalogue().programmes if p.code in codes]
    return {"trainee": trainee.id, "profiles": [_profile(trainee, p) for p in programmes]}
