"""Universities, their degree programmes and courses, course-competency mappings, coverage and
gaps (resource group ``universities``).

Who may read what is the university pages' rule (``lms.competencies.universities``): an admin
reads every university, a coordinator only their own; the others read none (403, as the pages'
role check answers). Another university's ids are 404, as on the pages.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import func, select

from lms.api.auth import Caller, api_access
from lms.api.errors import ApiError
from lms.api.lists import page_of_list, paged
from lms.api.resources.universities_schemas import (
    CoverageSchema,
    DegreeProgrammeSchema,
    GapsSchema,
    UniversityListQuery,
    UniversityPageSchema,
    UniversitySchema,
)
from lms.api.scopes import ONLY_FOR
from lms.api.spec import API_PREFIX, ApiBlueprint
from lms.competencies.coverage import Coverage, CoverageRow, coverage_for, gap_report
from lms.competencies.models import DegreeProgramme, University, UniversityCourse
from lms.competencies.universities import programme_for, universities_visible_to, university_for
from lms.core.extensions import db

PROGRAMME = "/<int:university_id>/programmes/<int:programme_id>"

blp = ApiBlueprint(
    "api_universities",
    __name__,
    url_prefix=f"{API_PREFIX}/universities",
    description="Universities, their degree programmes and courses, each course's mapping to "
    "the standard's competencies, and each programme's coverage and gaps.",
)


def _role_check(caller: Caller) -> None:
    if not caller.user.has_role(*ONLY_FOR["universities:read"]):
        raise ApiError(403, "forbidden")


def readable_university(caller: Caller, university_id: int) -> University:
    """The university if the caller may read it, else 403 (role) or 404 (another one)."""
    _role_check(caller)
    return university_for(caller.user, university_id) or abort(404)


def readable_programme(caller: Caller, university_id: int, programme_id: int) -> DegreeProgramme:
    university = readable_university(caller, university_id)
    return programme_for(university, programme_id) or abort(404)


def _programme_counts(university_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(DegreeProgramme.university_id, func.count(DegreeProgramme.id))
        .where(DegreeProgramme.university_id.in_(university_ids))
        .group_by(DegreeProgramme.university_id)
    )
    return dict(rows.all())


def _course_counts(programme_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(UniversityCourse.programme_id, func.count(UniversityCourse.id))
        .where(UniversityCourse.programme_id.in_(programme_ids))
        .group_by(UniversityCourse.programme_id)
    )
    return dict(rows.all())


def _university_summary(university: University, programmes: int) -> dict:
    return {
        "id": university.id,
        "name": university.name,
        "short_code": university.short_code,
        "programme_count": programmes,
    }


def _programme_summary(programme: DegreeProgramme, courses: int) -> dict:
    return {
        "id": programme.id,
        "name": programme.name,
        "framework": programme.framework.code,
        "course_count": courses,
    }


@blp.get("")
@api_access("universities")
@blp.etag
@blp.arguments(UniversityListQuery, location="query")
@blp.response(200, UniversityPageSchema)
def list_universities(caller: Caller, query: dict):
    """The universities the caller may read (a coordinator: their own)."""
    _role_check(caller)
    visible = universities_visible_to(caller.user)
    counts = _programme_counts([u.id for u in visible])
    items = [_university_summary(u, counts.get(u.id, 0)) for u in visible]
    return paged(page_of_list(items, query))


@blp.get("/<int:university_id>")
@api_access("universities")
@blp.etag
@blp.response(200, UniversitySchema)
def get_university(caller: Caller, university_id: int):
    """One university with its degree programmes."""
    university = readable_university(caller, university_id)
    programmes = list(university.programmes)
    counts = _course_counts([p.id for p in programmes])
    return {
        **_university_summary(university, len(programmes)),
        "programmes": [_programme_summary(p, counts.get(p.id, 0)) for p in programmes],
    }


def _code(row: CoverageRow) -> str:
    return row.node.competency.code or row.node.competency.identifier


def _course_ref(course: UniversityCourse) -> dict:
    return {"id": course.id, "code": course.code, "title": course.title}


def _mappings(coverage: Coverage) -> list[list[dict]]:
    """Per course (in the coverage's order), the competencies it is mapped to and the level."""
    found: list[list[dict]] = [[] for _course in coverage.courses]
    for row in coverage.competency_rows:
        for index, level in enumerate(row.cells):
            if level:
                found[index].append({"competency": _code(row), "level": level})
    return found


@blp.get(PROGRAMME)
@api_access("universities")
@blp.etag
@blp.response(200, DegreeProgrammeSchema)
def get_programme(caller: Caller, university_id: int, programme_id: int):
    """One degree programme: its courses, each with its competency mapping."""
    programme = readable_programme(caller, university_id, programme_id)
    coverage = coverage_for(programme)
    courses = [
        {
            **_course_ref(course),
            "ects": course.ects,
            "year": course.year,
            "semester": course.semester,
            "mapping": mapping,
        }
        for course, mapping in zip(coverage.courses, _mappings(coverage), strict=True)
    ]
    return {
        **_programme_summary(programme, len(courses)),
        "university": programme.university_id,
        "courses": courses,
    }


@blp.get(PROGRAMME + "/coverage")
@api_access("universities")
@blp.etag
@blp.response(200, CoverageSchema)
def get_coverage(caller: Caller, university_id: int, programme_id: int):
    """The coverage matrix: per competency of the standard, the level of each course."""
    programme = readable_programme(caller, university_id, programme_id)
    coverage = coverage_for(programme)
    return {
        "programme": programme.id,
        "courses": [_course_ref(c) for c in coverage.courses],
        "rows": [
            {
                "competency": _code(row),
                "statement": row.node.competency.label,
                "is_competency": row.node.is_leaf,
                "levels": list(row.cells),
                "highest": row.highest,
            }
            for row in coverage.rows
        ],
    }


def _gap(row: CoverageRow) -> dict:
    statement = row.node.competency.label
    return {"competency": _code(row), "statement": statement, "highest": row.highest}


@blp.get(PROGRAMME + "/gaps")
@api_access("universities")
@blp.etag
@blp.response(200, GapsSchema)
def get_gaps(caller: Caller, university_id: int, programme_id: int):
    """The gap report: competencies not covered or never mastered, courses mapped to nothing."""
    programme = readable_programme(caller, university_id, programme_id)
    report = gap_report(coverage_for(programme))
    return {
        "programme": programme.id,
        "not_covered": [_gap(r) for r in report.not_covered],
        "never_mastered": [_gap(r) for r in report.never_mastered],
        "unmapped_courses": [_course_ref(c) for c in report.unmapped_courses],
    }
