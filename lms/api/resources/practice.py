"""Practice entries (resource group ``practice``): the practice pages' rules.

A trainee lists their own entries and creates them (and submits, when asked) through the
offline outbox's service (``lms.practice.sync``): stored once per ``client_id``, the entry
rules and the privacy guard applied. An entry is read by whoever may see it on its page (its
trainee; once submitted, its supervisor, the cohort's trainers and admins); anything else 404.
"""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from lms.api.auth import Caller, api_access
from lms.api.errors import ApiError
from lms.api.lists import page_of_select, paged
from lms.api.resources.practice_schemas import (
    EntryListQuery,
    EntryPageSchema,
    EntrySchema,
    NewEntrySchema,
    SyncedEntrySchema,
)
from lms.api.scopes import ONLY_FOR, WRITE
from lms.api.spec import API_PREFIX, ApiBlueprint
from lms.core.extensions import db
from lms.core.json_forms import BadBody, json_formdata
from lms.practice.errors import PracticeError
from lms.practice.forms import EntryForm
from lms.practice.models import PracticeEntry
from lms.practice.placements import can_see_placement, placements_of
from lms.practice.sync import sync_entry
from lms.practice.views.entry_form import entry_fields, setup_entry_form

blp = ApiBlueprint(
    "api_practice",
    __name__,
    url_prefix=f"{API_PREFIX}/practice/entries",
    description="Practice entries: a trainee's own log; entries shared with their supervisors.",
)


def _trainee_only(caller: Caller) -> None:
    if not caller.user.has_role(*ONLY_FOR["practice:write"]):
        raise ApiError(403, "forbidden", _("Only trainees keep a practice log."))


def readable_entry(caller: Caller, entry_id: int) -> PracticeEntry:
    """The entry if the caller may see it on its page, else 404 (a draft is its trainee's)."""
    entry = db.session.get(PracticeEntry, entry_id)
    if entry is None or not can_see_placement(caller.user, entry.placement):
        abort(404)
    if not entry.shared and entry.trainee_id != caller.user.id:
        abort(404)
    return entry


def _shown(entry: PracticeEntry) -> dict:
    return {
        **{name: getattr(entry, name) for name in EntrySchema().fields if name != "competencies"},
        "competencies": entry.competencies.split(),
    }


@blp.get("")
@api_access("practice")
@blp.etag
@blp.arguments(EntryListQuery, location="query")
@blp.response(200, EntryPageSchema)
def list_entries(caller: Caller, query: dict):
    """The caller's own entries (trainees), newest day first."""
    _trainee_only(caller)
    statement = select(PracticeEntry).where(PracticeEntry.trainee_id == caller.user.id)
    if query.get("day_from"):
        statement = statement.where(PracticeEntry.day >= query["day_from"])
    if query.get("day_to"):
        statement = statement.where(PracticeEntry.day <= query["day_to"])
    statement = statement.order_by(PracticeEntry.day.desc(), PracticeEntry.id)
    return paged(page_of_select(statement, query, _shown))


@blp.get("/<int:entry_id>")
@api_access("practice")
@blp.etag
@blp.response(200, EntrySchema)
def get_entry(caller: Caller, entry_id: int):
    """One entry."""
    return _shown(readable_entry(caller, entry_id))


def _fields_of(caller: Caller, body: dict):
    """The entry's fields, read through the entry form (the pages' checks); 422 otherwise."""
    form = EntryForm(formdata=None, meta={"csrf": False})
    try:
        formdata = json_formdata(body["fields"], {field.name for field in form}.__contains__)
    except BadBody as refused:
        raise ApiError(422, "validation_failed", errors={"json.fields": [str(refused)]}) from None
    form = EntryForm(formdata=formdata, meta={"csrf": False})
    setup_entry_form(form, placements_of(caller.user.id))
    form.placement.validate_choice = False  # the service says why a placement is not theirs
    if not form.validate():
        errors = {f"json.fields.{f.name}": [str(e) for e in f.errors] for f in form if f.errors}
        raise ApiError(422, "validation_failed", errors=errors)
    return entry_fields(form)


@blp.post("")
@api_access("practice", WRITE)
@blp.arguments(NewEntrySchema, location="json")
@blp.response(201, SyncedEntrySchema)
@blp.alt_response(200, schema=SyncedEntrySchema, description="Stored before: the same entry.")
def create_entry(caller: Caller, body: dict):
    """Store a new entry once per ``client_id`` (a draft, or submitted when ``submit``)."""
    _trainee_only(caller)
    fields = _fields_of(caller, body)
    try:
        synced = sync_entry(
            caller.user,
            body["client_id"],
            fields,
            submit=body["submit"],
            confirmed=body["confirm_privacy"],
        )
    except PracticeError as refused:
        errors = {f"json.fields.{refused.field}": [str(refused)]} if refused.field else {}
        raise ApiError(422, "practice_refused", str(refused), errors=errors) from None
    answer = {
        "entry": _shown(synced.entry),
        "created": synced.created,
        "detail": synced.waiting,
        "warnings": [{"kind": f.kind, "text": f.text} for f in synced.findings],
    }
    return answer, 201 if synced.created else 200
