"""What the cohort operations answer: cohorts, their trainers, and their trainees."""

from __future__ import annotations

import marshmallow as ma

from lms.api.lists import PageQuery, RegionQuery, date_range, page_schema


class PersonSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    username = ma.fields.String(required=True)
    full_name = ma.fields.String(required=True)


class TraineeSchema(PersonSchema):
    region = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "The etrap's or city's code."}
    )
    velayat = ma.fields.String(required=True, allow_none=True)


class CohortSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    programme = ma.fields.String(required=True)
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)
    trainers = ma.fields.List(ma.fields.Nested(PersonSchema), required=True)


class CohortListQuery(PageQuery, RegionQuery, date_range("starts")):
    """``region``: cohorts with a trainee living there."""


class TraineeListQuery(PageQuery, RegionQuery):
    pass


CohortPageSchema = page_schema(CohortSchema, "CohortPage")
TraineePageSchema = page_schema(TraineeSchema, "TraineePage")
