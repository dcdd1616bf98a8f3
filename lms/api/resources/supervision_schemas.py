"""What the supervision operations answer: supervision sessions and field evaluations.

Both are the records their pages show: a session with the trainees present (and whether each
acknowledged it), its topics, cases, notes and agreed actions; an evaluation with the rating of
each competency (5 excelled .. 1 not met; null: not observed), the supervisor's texts and the
trainee's self-evaluation.
"""

from __future__ import annotations

import marshmallow as ma

from lms.api.lists import PageQuery, RegionQuery, date_range, page_schema
from lms.api.resources.cohorts_schemas import PersonSchema
from lms.practice.models import SESSION_FORMATS, SESSION_MODES, STAGES


class PlacementRefSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    trainee = ma.fields.Nested(PersonSchema, required=True)
    cohort = ma.fields.String(required=True, metadata={"description": "The cohort's code."})
    programme = ma.fields.String(required=True)
    region = ma.fields.String(required=True, metadata={"description": "The etrap's code."})
    agency = ma.fields.String(required=True)
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)


class ParticipantSchema(ma.Schema):
    placement = ma.fields.Nested(PlacementRefSchema, required=True)
    acknowledged_at = ma.fields.DateTime(required=True, allow_none=True)


class AgreedActionSchema(ma.Schema):
    description = ma.fields.String(required=True)
    due_on = ma.fields.Date(required=True)


class SessionSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    day = ma.fields.Date(required=True)
    minutes = ma.fields.Integer(required=True)
    format = ma.fields.String(required=True, validate=ma.validate.OneOf(SESSION_FORMATS))
    mode = ma.fields.String(required=True, validate=ma.validate.OneOf(SESSION_MODES))
    supervisor = ma.fields.Nested(PersonSchema, required=True)
    participants = ma.fields.List(ma.fields.Nested(ParticipantSchema), required=True)


class SessionSchema(SessionSummarySchema):
    topics = ma.fields.List(ma.fields.String(), required=True)
    case_codes = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "Client codes discussed."}
    )
    notes = ma.fields.String(required=True, metadata={"description": "Plain text, as typed."})
    actions = ma.fields.List(ma.fields.Nested(AgreedActionSchema), required=True)


class RatingSchema(ma.Schema):
    competency = ma.fields.String(required=True)
    rating = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": "1..5; null: not observed."}
    )


class EvaluationSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    stage = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(STAGES),
        metadata={"description": "mid: mid-placement; end: end of placement."},
    )
    placement = ma.fields.Nested(PlacementRefSchema, required=True)
    supervisor = ma.fields.Nested(PersonSchema, required=True)
    completed_at = ma.fields.DateTime(required=True)
    acknowledged_at = ma.fields.DateTime(required=True, allow_none=True)


class EvaluationSchema(EvaluationSummarySchema):
    ratings = ma.fields.List(ma.fields.Nested(RatingSchema), required=True)
    strengths = ma.fields.String(required=True)
    areas_to_develop = ma.fields.String(required=True)
    self_evaluation = ma.fields.String(required=True)


_ID = {"validate": ma.validate.Range(min=1, max=2**31 - 1)}


class SessionListQuery(PageQuery, RegionQuery, date_range("day")):
    placement = ma.fields.Integer(
        **_ID, metadata={"description": "A placement's id: sessions it took part in."}
    )


class EvaluationListQuery(PageQuery, RegionQuery, date_range("completed")):
    placement = ma.fields.Integer(**_ID, metadata={"description": "A placement's id."})
    stage = ma.fields.String(validate=ma.validate.OneOf(STAGES))


SessionPageSchema = page_schema(SessionSummarySchema, "SessionPage")
EvaluationPageSchema = page_schema(EvaluationSummarySchema, "EvaluationPage")
