"""What the competency operations answer: the programmes' frameworks and trainees' profiles.

A framework is the content's (``content/frameworks/``): each competency's code, titles in every
language, domain and parent (the hierarchy), and the rating scale supervisors rate with. A
profile is the competency page's: per programme, each competency's status and its evidence.
"""

from __future__ import annotations

import marshmallow as ma

from lms.api.lists import PageQuery, page_schema
from lms.api.resources.content_schemas import TitlesSchema
from lms.competencies.models import STATUSES


class FrameworkSummarySchema(ma.Schema):
    code = ma.fields.String(required=True)
    title = ma.fields.Nested(TitlesSchema, required=True)
    version = ma.fields.String(required=True)
    source = ma.fields.String(required=True)
    competency_count = ma.fields.Integer(required=True)


class FrameworkCompetencySchema(ma.Schema):
    code = ma.fields.String(required=True)
    title = ma.fields.Nested(TitlesSchema, required=True)
    description = ma.fields.Nested(TitlesSchema, required=True)
    domain = ma.fields.String(
        required=True, metadata={"description": "knowledge, skills or values."}
    )
    parent = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The parent's code; null at the top."},
    )


class LevelSchema(ma.Schema):
    rating = ma.fields.Integer(required=True)
    label = ma.fields.Nested(TitlesSchema, required=True)
    descriptor = ma.fields.Nested(TitlesSchema, required=True)


class FrameworkSchema(FrameworkSummarySchema):
    competencies = ma.fields.List(
        ma.fields.Nested(FrameworkCompetencySchema),
        required=True,
        metadata={"description": "In the framework's order: a parent before its children."},
    )
    levels = ma.fields.List(
        ma.fields.Nested(LevelSchema),
        required=True,
        metadata={"description": "The rating scale, highest first (empty when not described)."},
    )


class OverrideSchema(ma.Schema):
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(STATUSES))
    note = ma.fields.String(required=True)
    set_by = ma.fields.String(required=True, metadata={"description": "The trainer's name."})
    set_at = ma.fields.DateTime(required=True)


class EvidenceSchema(ma.Schema):
    code = ma.fields.String(required=True)
    title = ma.fields.Nested(TitlesSchema, required=True)
    status = ma.fields.String(
        required=True,
        validate=ma.validate.OneOf(STATUSES),
        metadata={"description": "A trainer's status when set by hand, else the rule's."},
    )
    computed_status = ma.fields.String(required=True, validate=ma.validate.OneOf(STATUSES))
    questions = ma.fields.Integer(
        required=True, metadata={"description": "Quiz questions answered on the competency."}
    )
    quiz_percent = ma.fields.Float(required=True, allow_none=True)
    practice_minutes = ma.fields.Integer(required=True)
    rating = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": "The supervisor's latest rating."}
    )
    override = ma.fields.Nested(OverrideSchema, required=True, allow_none=True)


class RuleSchema(ma.Schema):
    quiz_percent = ma.fields.Float(required=True)
    rating = ma.fields.Integer(required=True)


class ProfileSchema(ma.Schema):
    programme = ma.fields.String(required=True)
    framework = ma.fields.String(required=True)
    rule = ma.fields.Nested(
        RuleSchema, required=True, metadata={"description": "What makes a competency proficient."}
    )
    competencies = ma.fields.List(ma.fields.Nested(EvidenceSchema), required=True)


class ProfilesSchema(ma.Schema):
    trainee = ma.fields.Integer(required=True)
    profiles = ma.fields.List(
        ma.fields.Nested(ProfileSchema),
        required=True,
        metadata={"description": "One per programme of the trainee's cohorts."},
    )


class FrameworkListQuery(PageQuery):
    pass


FrameworkPageSchema = page_schema(FrameworkSummarySchema, "FrameworkPage")
