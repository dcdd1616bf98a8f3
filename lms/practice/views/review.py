"""The supervisor's queue: entries waiting for sign-off, approved or returned in bulk."""

from __future__ import annotations

from itertools import groupby

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from lms.accounts.access import role_required
from lms.core.extensions import db
from lms.core.privacy import IdentifyingText
from lms.core.unit_of_work import all_or_nothing
from lms.practice.errors import PracticeError
from lms.practice.forms import DecisionForm, SubmitForm
from lms.practice.signoff import approve_entries, pending_query, return_entries
from lms.practice.views.blueprint import bp, visible_entry_or_404
from lms.practice.views.entries import entry_page
from lms.practice.views.log import page_number

QUEUE_PER_PAGE = 50  # a phone on a slow connection gets a page, not every waiting entry


@bp.get("/queue")
@role_required("trainer")
def queue():
    return _queue_page(DecisionForm())


def _queue_page(form: DecisionForm, findings=(), status: int = 200):
    """The queue; after a refused return comment, the comment, the ticked entries and what the
    privacy guard found are shown again."""
    entries = db.paginate(
        pending_query(current_user.id),
        page=page_number(),
        per_page=QUEUE_PER_PAGE,
        error_out=False,
    )
    groups = [
        (placement_trainee, list(items))
        for placement_trainee, items in groupby(entries.items, key=lambda e: e.placement.trainee)
    ]
    return render_template(
        "practice/queue.html",
        groups=groups,
        entries=entries,
        form=form,
        picked=set(form.entry_ids.data or []) if findings else set(),
        findings=findings,
    ), status


def _back(entry_ids: list[int]):
    """Back to the entry page when deciding from it, else to the queue."""
    if request.form.get("from_entry") and len(entry_ids) == 1:
        return redirect(url_for("practice.entry", entry_id=entry_ids[0]))
    return redirect(url_for("practice.queue"))


@bp.post("/queue/decide")
@role_required("trainer")
def decide():
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Nothing was changed: the form was incomplete or has expired."), "error")
        return redirect(url_for("practice.queue"))
    ids = [i for i in form.entry_ids.data or [] if i is not None]
    try:
        with all_or_nothing():
            if form.approve.data:
                decided = approve_entries(current_user, ids)
                message = ngettext(
                    "%(num)d entry approved.", "%(num)d entries approved.", len(decided)
                )
            elif form.send_back.data:
                decided = return_entries(
                    current_user, ids, form.comment.data, confirmed=bool(form.confirm_privacy.data)
                )
                message = ngettext(
                    "%(num)d entry returned to the trainee.",
                    "%(num)d entries returned to the trainee.",
                    len(decided),
                )
            else:
                raise PracticeError(_("Choose Approve or Return."))
    except IdentifyingText as exc:
        form.form_errors.append(str(exc))
        return _refused_comment(form, ids, exc.findings)
    except PracticeError as exc:
        flash(_("Nothing was changed: %(why)s", why=str(exc)), "error")
        return _back(ids)
    flash(message, "success")
    return _back(ids)


def _refused_comment(form: DecisionForm, entry_ids: list[int], findings):
    """The page the decision came from, again, with the typed comment and the findings (422)."""
    if request.form.get("from_entry") and len(entry_ids) == 1:
        entry = visible_entry_or_404(entry_ids[0])
        return entry_page(
            entry, SubmitForm(formdata=None), None, 422, decision=form, decision_findings=findings
        )
    return _queue_page(form, findings, 422)
