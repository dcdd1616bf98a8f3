"""What the practice operations take and answer: a trainee's practice entries."""

from __future__ import annotations

import marshmallow as ma

from lms.api.lists import PageQuery, date_range, page_schema


class EntrySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    client_id = ma.fields.String(required=True, allow_none=True)
    trainee_id = ma.fields.Integer(required=True)
    placement_id = ma.fields.Integer(required=True)
    day = ma.fields.Date(required=True)
    start_minute = ma.fields.Integer(required=True, allow_none=True)
    end_minute = ma.fields.Integer(required=True, allow_none=True)
    minutes = ma.fields.Integer(required=True)
    category = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    client_code = ma.fields.String(required=True, allow_none=True)
    target_group = ma.fields.String(required=True, allow_none=True)
    competencies = ma.fields.List(ma.fields.String(), required=True)
    reflection = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    submitted_at = ma.fields.DateTime(required=True, allow_none=True)
    reviewed_at = ma.fields.DateTime(required=True, allow_none=True)


class WarningSchema(ma.Schema):
    kind = ma.fields.String(required=True)
    text = ma.fields.String(required=True)


class SyncedEntrySchema(ma.Schema):
    entry = ma.fields.Nested(EntrySchema, required=True)
    created = ma.fields.Boolean(
        required=True, metadata={"description": "False: this client_id was stored before."}
    )
    detail = ma.fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Why a submission asked for was not made (a draft is kept)."},
    )
    warnings = ma.fields.List(ma.fields.Nested(WarningSchema), required=True)


class NewEntrySchema(ma.Schema):
    client_id = ma.fields.String(
        required=True,
        metadata={
            "description": "An id the client makes (8-64 of A-Z a-z 0-9 _ -): a repeat "
            "with the same id answers the stored entry, stored once."
        },
    )
    submit = ma.fields.Boolean(load_default=False)
    confirm_privacy = ma.fields.Boolean(load_default=False)
    fields = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Raw(),
        required=True,
        metadata={
            "description": "The entry form's fields by name, as strings (competencies: a "
            "list): placement, day, start, end or quarter, category, client_code, "
            "target_group, competencies, reflection."
        },
    )


class EntryListQuery(PageQuery, date_range("day")):
    pass


EntryPageSchema = page_schema(EntrySchema, "EntryPage")
