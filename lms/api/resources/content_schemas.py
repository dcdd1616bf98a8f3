"""What the content operations answer: programmes, modules and lessons from the Catalogue.

Texts come in every interface language (``titles``: en, ru, tk; English is the fallback), and
each lesson says which languages it is written in (``languages``), whether that translation is a
draft or stale, and the content hash of each version.
"""

from __future__ import annotations

import marshmallow as ma

from lms.api.lists import PageQuery, page_schema


class TitlesSchema(ma.Schema):
    en = ma.fields.String(required=True)
    ru = ma.fields.String(required=True, allow_none=True)
    tk = ma.fields.String(required=True, allow_none=True)


class LessonVersionSchema(ma.Schema):
    language = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    content_hash = ma.fields.String(required=True)
    draft = ma.fields.Boolean(required=True)
    stale = ma.fields.Boolean(
        required=True, metadata={"description": "Made from an older English version."}
    )


class LessonSummarySchema(ma.Schema):
    slug = ma.fields.String(required=True)
    order = ma.fields.Integer(required=True)
    minutes = ma.fields.Integer(required=True)
    version_hash = ma.fields.String(required=True)
    title = ma.fields.Nested(TitlesSchema, required=True)
    languages = ma.fields.List(ma.fields.String(), required=True)


class LessonSchema(LessonSummarySchema):
    programme = ma.fields.String(required=True)
    module = ma.fields.String(required=True)
    versions = ma.fields.List(ma.fields.Nested(LessonVersionSchema), required=True)
    locked = ma.fields.Boolean(
        required=True, metadata={"description": "Prerequisites are missing: no text given."}
    )
    language = ma.fields.String(
        required=True, metadata={"description": "The language of ``html`` (may be a fallback)."}
    )
    html = ma.fields.String(required=True, allow_none=True)


class ModuleSummarySchema(ma.Schema):
    slug = ma.fields.String(required=True)
    order = ma.fields.Integer(required=True)
    title = ma.fields.Nested(TitlesSchema, required=True)
    minutes = ma.fields.Integer(required=True)
    competencies = ma.fields.List(ma.fields.String(), required=True)
    lesson_count = ma.fields.Integer(required=True)
    has_quiz = ma.fields.Boolean(required=True)


class ModuleSchema(ModuleSummarySchema):
    programme = ma.fields.String(required=True)
    prerequisites = ma.fields.List(ma.fields.String(), required=True)
    lessons = ma.fields.List(ma.fields.Nested(LessonSummarySchema), required=True)


class ProgrammeSummarySchema(ma.Schema):
    code = ma.fields.String(required=True)
    order = ma.fields.Integer(required=True)
    title = ma.fields.Nested(TitlesSchema, required=True)
    framework = ma.fields.String(required=True)
    module_count = ma.fields.Integer(required=True)
    lesson_count = ma.fields.Integer(required=True)
    lessons_by_language = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        required=True,
        metadata={"description": "How many lessons are written in each language."},
    )


class ProgrammeSchema(ProgrammeSummarySchema):
    prerequisites = ma.fields.List(ma.fields.String(), required=True)
    modules = ma.fields.List(ma.fields.Nested(ModuleSummarySchema), required=True)


class LanguageQuery(ma.Schema):
    lang = ma.fields.String(
        validate=ma.validate.OneOf(("en", "ru", "tk")),
        metadata={"description": "The language of the lesson's text (default: the caller's)."},
    )


class ProgrammeListQuery(PageQuery):
    pass


ProgrammePageSchema = page_schema(ProgrammeSummarySchema, "ProgrammePage")
