"""``POST /practice/entries/sync``: an entry written offline, sent by the phone's outbox.

JSON in, JSON out; the CSRF token comes in the ``X-CSRFToken`` header (checked for every POST by
Flask-WTF). The body: ``client_id`` (made on the phone), ``user_id`` (whose phone work it is:
work kept from another person's session is refused, never stored as this one's), ``submit``,
``confirm_privacy``, and ``fields``: the entry form's fields by name (``competencies`` a list).
Answers: 201 stored now, 200 stored before (the same entry); a refusal is a 4xx problem+json
with the reason, and nothing is stored.
"""

from __future__ import annotations

from flask import jsonify, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.core.json_forms import ANY, BadBody, json_formdata, json_object, kept_for
from lms.core.problems import problem
from lms.practice.errors import PracticeError
from lms.practice.forms import EntryForm
from lms.practice.placements import placements_of
from lms.practice.sync import Synced, sync_entry
from lms.practice.views.blueprint import bp
from lms.practice.views.entry_form import entry_fields, setup_entry_form

# The outbox's members; the client id is checked by the service (422 with its reason).
MEMBERS = {
    "client_id": ANY,
    "user_id": int,
    "submit": bool,
    "confirm_privacy": bool,
    "fields": dict,
}


def _refused(detail: str, errors: dict | None = None, status: int = 422):
    return problem(status, _("The entry was not saved."), detail, errors=errors or {})


def _answer(synced: Synced):
    entry = synced.entry
    return jsonify(
        client_id=entry.client_id,
        id=entry.id,
        status=entry.status,
        url=url_for("practice.entry", entry_id=entry.id),
        created=synced.created,
        detail=synced.waiting,
        warnings=[{"kind": f.kind, "text": f.text} for f in synced.findings],
    ), (201 if synced.created else 200)


def _who_may_sync():
    """A refusal when nobody, or not the trainee who wrote the work, is logged in."""
    if not current_user.is_authenticated:
        return problem(401, _("Please log in."), _("Log in again to send the work kept."))
    if not current_user.has_role("trainee"):
        return problem(403, _("Only trainees keep a practice log."))
    return None


@bp.post("/entries/sync")
def entry_sync():
    refusal = _who_may_sync()
    if refusal is not None:
        return refusal
    names = {field.name for field in EntryForm(formdata=None, meta={"csrf": False})}
    try:
        body = json_object(MEMBERS)
        formdata = json_formdata(body.get("fields"), names.__contains__)
    except BadBody:
        return _refused(_("The entry could not be read."), status=400)
    if not kept_for(body, current_user.id):
        return problem(403, _("This work was kept for another person."))
    form = EntryForm(formdata=formdata, meta={"csrf": False})  # the header carried the token
    setup_entry_form(form, placements_of(current_user.id))
    form.placement.validate_choice = False  # the service says why a placement is not theirs
    if not form.validate():
        errors = {f.name: [str(e) for e in f.errors] for f in form if f.errors}
        return _refused(_("Some fields need correcting."), errors)
    try:
        synced = sync_entry(
            current_user,
            body.get("client_id"),
            entry_fields(form),
            submit=body.get("submit") is True,
            confirmed=body.get("confirm_privacy") is True,
        )
    except PracticeError as exc:
        return _refused(str(exc), {exc.field: [str(exc)]} if exc.field else None)
    return _answer(synced)
