"""What the universities operations answer: universities, their degree programmes and courses,
each course's mapping to the standard's competencies (I introduced, R reinforced, M mastered),
and a programme's coverage matrix and gap report (as on the coverage and gaps pages)."""

from __future__ import annotations

import marshmallow as ma

from lms.api.lists import PageQuery, page_schema

LEVEL = {"description": "I (introduced), R (reinforced) or M (mastered); null: not mapped."}


class UniversitySummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    short_code = ma.fields.String(required=True)
    programme_count = ma.fields.Integer(
        required=True, metadata={"description": "Degree programmes of the university."}
    )


class DegreeProgrammeSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    framework = ma.fields.String(
        required=True, metadata={"description": "The code of the standard it is mapped to."}
    )
    course_count = ma.fields.Integer(required=True)


class UniversitySchema(UniversitySummarySchema):
    programmes = ma.fields.List(ma.fields.Nested(DegreeProgrammeSummarySchema), required=True)


class MappingSchema(ma.Schema):
    competency = ma.fields.String(required=True, metadata={"description": "Competency code."})
    level = ma.fields.String(required=True, metadata=LEVEL)


class CourseSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    ects = ma.fields.Decimal(required=True, as_string=True, metadata={"description": "Credits."})
    year = ma.fields.Integer(required=True)
    semester = ma.fields.Integer(required=True)
    mapping = ma.fields.List(
        ma.fields.Nested(MappingSchema),
        required=True,
        metadata={"description": "The competencies the course covers, and at which level."},
    )


class DegreeProgrammeSchema(DegreeProgrammeSummarySchema):
    university = ma.fields.Integer(required=True, metadata={"description": "University id."})
    courses = ma.fields.List(ma.fields.Nested(CourseSchema), required=True)


class CoverageRowSchema(ma.Schema):
    competency = ma.fields.String(required=True, metadata={"description": "Competency code."})
    statement = ma.fields.String(required=True)
    is_competency = ma.fields.Boolean(
        required=True, metadata={"description": "False for an area (a heading of the matrix)."}
    )
    levels = ma.fields.List(
        ma.fields.String(allow_none=True),
        required=True,
        metadata={"description": "One level per course, in the order of ``courses``."},
    )
    highest = ma.fields.String(required=True, allow_none=True, metadata=LEVEL)


class CourseRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)
    title = ma.fields.String(required=True)


class CoverageSchema(ma.Schema):
    programme = ma.fields.Integer(required=True)
    courses = ma.fields.List(ma.fields.Nested(CourseRefSchema), required=True)
    rows = ma.fields.List(ma.fields.Nested(CoverageRowSchema), required=True)


class GapSchema(ma.Schema):
    competency = ma.fields.String(required=True)
    statement = ma.fields.String(required=True)
    highest = ma.fields.String(required=True, allow_none=True, metadata=LEVEL)


class GapsSchema(ma.Schema):
    programme = ma.fields.Integer(required=True)
    not_covered = ma.fields.List(
        ma.fields.Nested(GapSchema),
        required=True,
        metadata={"description": "Competencies no course covers."},
    )
    never_mastered = ma.fields.List(
        ma.fields.Nested(GapSchema),
        required=True,
        metadata={"description": "Competencies covered, but never to M (mastered)."},
    )
    unmapped_courses = ma.fields.List(
        ma.fields.Nested(CourseRefSchema),
        required=True,
        metadata={"description": "Courses mapped to no competency."},
    )


class UniversityListQuery(PageQuery):
    pass


UniversityPageSchema = page_schema(UniversitySummarySchema, "UniversityPage")
