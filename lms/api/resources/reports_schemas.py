"""What the reports operations answer: the kept copies of the national practice report and of
the national competency view, each with the time it was computed (``computed_at``)."""

from __future__ import annotations

import marshmallow as ma

from lms.api.lists import RegionQuery, date_range

MINUTES = ma.fields.Dict(
    keys=ma.fields.String(),
    values=ma.fields.Integer(),
    required=True,
    metadata={"description": "Minutes of approved practice by kind (travel is not counted)."},
)


class KeptSchema(ma.Schema):
    computed_at = ma.fields.DateTime(
        required=True, metadata={"description": "When these figures were computed (UTC)."}
    )
    max_age = ma.fields.Integer(
        required=True, metadata={"description": "Seconds a kept copy is served before renewal."}
    )


class PracticeRegionSchema(ma.Schema):
    velayat = ma.fields.String(required=True, metadata={"description": "Velayat code."})
    region = ma.fields.String(required=True, metadata={"description": "Etrap or city code."})
    name = ma.fields.String(required=True, metadata={"description": "In the caller's language."})
    minutes = MINUTES
    counted_minutes = ma.fields.Integer(required=True)
    trainees = ma.fields.Integer(
        required=True, metadata={"description": "Trainees with counted practice there."}
    )


class PracticeLineSchema(ma.Schema):
    label = ma.fields.String(
        required=True, metadata={"description": "The category code, or the month (YYYY-MM)."}
    )
    minutes = MINUTES
    counted_minutes = ma.fields.Integer(required=True)


class PracticeReportSchema(KeptSchema):
    cohort = ma.fields.Integer(required=True, allow_none=True)
    day_from = ma.fields.Date(required=True, allow_none=True)
    day_to = ma.fields.Date(required=True, allow_none=True)
    regions = ma.fields.List(ma.fields.Nested(PracticeRegionSchema), required=True)
    categories = ma.fields.List(ma.fields.Nested(PracticeLineSchema), required=True)
    months = ma.fields.List(ma.fields.Nested(PracticeLineSchema), required=True)


class PracticeReportQuery(date_range("day")):
    cohort = ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "Only this cohort's placements."},
    )


class CompetencyColumnSchema(ma.Schema):
    code = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    language = ma.fields.String(
        required=True, metadata={"description": "The language of the title (may be English)."}
    )


class StatusCountSchema(ma.Schema):
    proficient = ma.fields.Integer(required=True)
    developing = ma.fields.Integer(required=True)
    not_yet = ma.fields.Integer(required=True)


class CompetencyRowSchema(ma.Schema):
    region = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "Code; null: no region / total."}
    )
    name = ma.fields.String(required=True)
    trainees = ma.fields.Integer(required=True)
    counts = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Nested(StatusCountSchema),
        required=True,
        metadata={"description": "Competency code -> trainees in each status."},
    )


class CompetencyReportSchema(KeptSchema):
    programme = ma.fields.String(required=True)
    velayat = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "null: the national table."}
    )
    competencies = ma.fields.List(ma.fields.Nested(CompetencyColumnSchema), required=True)
    rows = ma.fields.List(ma.fields.Nested(CompetencyRowSchema), required=True)
    unplaced = ma.fields.Nested(CompetencyRowSchema, required=True, allow_none=True)
    total = ma.fields.Nested(CompetencyRowSchema, required=True)


class CompetencyReportQuery(RegionQuery):
    programme = ma.fields.String(
        validate=ma.validate.Length(min=1, max=32),
        metadata={"description": "A programme code (default: the first programme)."},
    )
