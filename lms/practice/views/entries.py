"""Writing entries: new, edit (drafts and returned), amend (approved), view and submit.

The entry form saves a draft with its "Save draft" button; practice.js also saves it while the
trainee types (the same POST, answered with JSON). "Save and submit" saves, then submits.
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.accounts.models import User
from lms.core.extensions import db
from lms.core.unit_of_work import all_or_nothing, keep_despite_refusal
from lms.notifications.threads import conversation_context, post_from_form
from lms.practice.counting import shared
from lms.practice.entries import (
    amend_entry,
    amendable,
    create_entry,
    fields_of,
    update_entry,
)
from lms.practice.errors import NotADraft, PracticeError, PrivacyConfirmationNeeded
from lms.practice.forms import DecisionForm, EntryForm, SubmitForm
from lms.practice.models import PracticeEntry
from lms.practice.placements import placements_of
from lms.practice.signoff import submit_entries
from lms.practice.views.blueprint import bp, own_entry_or_404, visible_entry_or_404
from lms.practice.views.entry_form import (
    entry_fields,
    fill_entry_form,
    setup_entry_form,
)


def _autosaving() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _form_page(form: EntryForm, entry=None, original=None, findings=None, status: int = 200):
    return render_template(
        "practice/entry_form.html",
        form=form,
        entry=entry,
        original=original,
        findings=findings or [],
    ), status


def _save(form: EntryForm, entry: PracticeEntry | None, original: PracticeEntry | None):
    """Create, update or amend from a valid form: the entry, or None and the refusal's status
    (with the error on the form): 409 when the entry stopped being a draft meanwhile."""
    try:
        fields = entry_fields(form)
        if entry is not None:
            return update_entry(current_user, entry, fields), 200
        if original is not None:
            return amend_entry(current_user, original, fields), 200
        return create_entry(current_user, fields), 200
    except NotADraft as exc:
        form.form_errors.append(str(exc))
        return None, 409
    except PracticeError as exc:
        show_refusal(form, exc)
        return None, 422


def show_refusal(form: EntryForm, exc: PracticeError) -> None:
    """The refusal beside the field it is about (listed at the top too), else above the form."""
    if exc.field is not None and exc.field in form:
        form[exc.field].errors = [*form[exc.field].errors, str(exc)]
    else:
        form.form_errors.append(str(exc))


def _autosave_answer(form: EntryForm, entry: PracticeEntry | None, status: int):
    if entry is None:
        errors = list(form.form_errors) + [e for f in form for e in f.errors]
        return jsonify(saved=False, errors=[str(e) for e in errors]), status
    return jsonify(
        saved=True,
        id=entry.id,
        edit_url=url_for("practice.entry_edit", entry_id=entry.id),
        saved_at=entry.updated_at.isoformat(),
    )


def _handle(form: EntryForm, entry=None, original=None):
    """The POST of the entry form, for new entries, edits and amendments alike."""
    valid = form.validate_on_submit()
    saved, status = _save(form, entry, original) if valid else (None, 422)
    if _autosaving():
        return _autosave_answer(form, saved, status)
    if saved is None:  # the typed text is shown again, with why it was not saved
        return _form_page(form, entry, original, status=status)
    if not form.submit_entry.data:
        flash(_("Draft saved."), "success")
        return redirect(url_for("practice.entry", entry_id=saved.id))
    try:
        with all_or_nothing():
            submit_entries(current_user, [saved], confirmed=form.confirm_privacy.data)
    except PrivacyConfirmationNeeded as exc:
        keep_despite_refusal()  # keep the draft; only the submission waits for the confirmation
        return _form_page(form, saved, original, exc.findings.get(saved.id), 422)
    except PracticeError as exc:
        keep_despite_refusal()
        form.form_errors.append(_("Saved as a draft, not submitted: %(why)s", why=str(exc)))
        return _form_page(form, saved, original, status=422)
    flash(_("Entry sent to your supervisor for sign-off."), "success")
    return redirect(url_for("practice.entry", entry_id=saved.id))


@bp.route("/entries/new", methods=["GET", "POST"])
@role_required("trainee")
def entry_new():
    placements = placements_of(current_user.id)
    form = setup_entry_form(EntryForm(), placements)
    if request.method == "POST":
        return _handle(form)
    form.day.data = request.args.get("day", "")[:10]  # from the week view; checked on save
    return _form_page(form)


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def entry_edit(entry_id: int):
    entry = own_entry_or_404(entry_id)
    if not entry.editable and request.method == "GET":  # a POST is refused with its text shown
        flash(_("This entry can no longer be edited."), "error")
        return redirect(url_for("practice.entry", entry_id=entry.id))
    form = setup_entry_form(EntryForm(), placements_of(current_user.id))
    if request.method == "POST":
        return _handle(form, entry=entry)
    fill_entry_form(form, fields_of(entry))
    return _form_page(form, entry)


@bp.route("/entries/<int:entry_id>/amend", methods=["GET", "POST"])
@login_required
def entry_amend(entry_id: int):
    original = own_entry_or_404(entry_id)
    if not amendable(original):
        flash(_("Only an approved entry without a correction under way can be corrected."), "error")
        return redirect(url_for("practice.entry", entry_id=original.id))
    form = setup_entry_form(EntryForm(), placements_of(current_user.id))
    if request.method == "POST":
        return _handle(form, original=original)
    fill_entry_form(form, fields_of(original))
    return _form_page(form, original=original)


def entry_page(
    entry: PracticeEntry,
    form: SubmitForm,
    findings=None,
    status: int = 200,
    *,
    decision: DecisionForm | None = None,
    decision_findings=(),
    message_form=None,
    message_findings=(),
):
    """An entry; ``decision``/``decision_findings`` re-show a return comment the guard refused."""
    original = db.session.get(PracticeEntry, entry.amends_id) if entry.amends_id else None
    mine = entry.trainee_id == current_user.id
    corrections = select(PracticeEntry).where(PracticeEntry.amends_id == entry.id)
    if not mine:
        corrections = corrections.where(shared())  # a draft correction is the trainee's alone
    amendments = db.session.scalars(corrections.order_by(PracticeEntry.id)).all()
    reviewer = db.session.get(User, entry.reviewed_by_id) if entry.reviewed_by_id else None
    is_supervisor = entry.placement.supervisor_id == current_user.id != entry.trainee_id
    return render_template(
        "practice/entry.html",
        entry=entry,
        original=original,
        amendments=amendments,
        superseded=any(a.status == "approved" for a in amendments),
        reviewer=reviewer,
        mine=mine,
        can_amend=mine and amendable(entry),
        can_decide=is_supervisor and entry.pending,
        form=form,
        decision=decision or DecisionForm(formdata=None),
        decision_findings=decision_findings,
        findings=findings or [],
        **conversation_context(
            "practice_entry",
            entry.id,
            url_for("practice.entry_message", entry_id=entry.id),
            message_form,
            message_findings,
        ),
    ), status


@bp.get("/entries/<int:entry_id>")
@login_required
def entry(entry_id: int):
    return entry_page(visible_entry_or_404(entry_id), SubmitForm())


@bp.post("/entries/<int:entry_id>/submit")
@login_required
def entry_submit(entry_id: int):
    entry = own_entry_or_404(entry_id)
    form = SubmitForm()
    if not form.validate_on_submit():
        flash(_("Nothing was submitted: the form was incomplete. Try again."), "error")
        return redirect(url_for("practice.entry", entry_id=entry.id))
    try:
        with all_or_nothing():
            submit_entries(current_user, [entry], confirmed=form.confirm_privacy.data)
    except PrivacyConfirmationNeeded as exc:
        return entry_page(entry, form, exc.findings.get(entry.id), 422)
    except PracticeError as exc:
        flash(str(exc), "error")
        return redirect(url_for("practice.entry", entry_id=entry.id))
    flash(_("Entry sent to your supervisor for sign-off."), "success")
    return redirect(url_for("practice.entry", entry_id=entry.id))


@bp.post("/entries/<int:entry_id>/messages")
@login_required
def entry_message(entry_id: int):
    entry = visible_entry_or_404(entry_id)
    return post_from_form(
        "practice_entry",
        entry.id,
        # a draft is its trainee's alone: nobody else is told of notes on it
        (entry.trainee_id, entry.placement.supervisor_id) if entry.shared else (entry.trainee_id,),
        lambda form, findings: entry_page(
            entry, SubmitForm(), None, 422, message_form=form, message_findings=findings
        ),
        url_for("practice.entry", entry_id=entry.id),
    )
