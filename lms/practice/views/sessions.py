"""Supervision sessions: the supervisor records them, each trainee present acknowledges."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.accounts.access import role_required
from lms.core.database import local_today
from lms.core.extensions import db
from lms.core.forms import choice_list
from lms.core.privacy import IdentifyingText
from lms.core.unit_of_work import all_or_nothing
from lms.i18n.language import language
from lms.practice.errors import PracticeError
from lms.practice.forms import AcknowledgeForm, SessionForm
from lms.practice.models import SupervisionSession
from lms.practice.parsing import iso_date
from lms.practice.placements import supervised_placements
from lms.practice.sessions import (
    SessionFields,
    acknowledge_session,
    can_see_session,
    record_session,
    sessions_of,
    sessions_recorded_by,
)
from lms.practice.views.blueprint import bp
from lms.practice.views.entry_form import placement_label


@bp.get("/sessions/")
@role_required("trainee", "trainer")
def sessions():
    return render_template(
        "practice/sessions.html",
        attended=sessions_of([current_user.id]),
        recorded=sessions_recorded_by(current_user.id),
    )


def _fields(form: SessionForm) -> SessionFields:
    return SessionFields(
        placement_ids=tuple(i for i in form.placements.data or [] if i is not None),
        day=iso_date(form.day.data),
        minutes=form.duration_minutes() or 0,
        format=form.format.data,
        mode=form.mode.data,
        topics=tuple(form.topics.data or ()),
        case_codes=tuple((form.case_codes.data or "").replace(",", " ").split()),
        notes=(form.notes.data or "").replace("\r\n", "\n"),
        actions=form.action_pairs(),
        privacy_confirmed=bool(form.confirm_privacy.data),
    )


@bp.route("/sessions/new", methods=["GET", "POST"])
@role_required("trainer")
def session_new():
    lang = language()
    form = SessionForm()
    placements = [p for p in supervised_placements(current_user.id) if p.trainee.active]
    form.placements.choices = choice_list(
        (p.id, f"{p.trainee.full_name} · {placement_label(p, lang)}") for p in placements
    )
    if not form.is_submitted():
        form.day.data = local_today().isoformat()
        form.hours.data = "1"
    findings = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                session = record_session(current_user, _fields(form))
        except IdentifyingText as exc:
            form.form_errors.append(str(exc))
            findings = exc.findings
        except PracticeError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Supervision session recorded."), "success")
            return redirect(url_for("practice.session", session_id=session.id))
    return render_template(
        "practice/session_form.html", form=form, placements=placements, findings=findings
    )


def _visible_session_or_404(session_id: int) -> SupervisionSession:
    found = db.session.get(SupervisionSession, session_id)
    if found is None or not can_see_session(current_user, found):
        abort(404)
    return found


@bp.get("/sessions/<int:session_id>")
@login_required
def session(session_id: int):
    found = _visible_session_or_404(session_id)
    return render_template(
        "practice/session.html",
        session=found,
        mine=found.participant_for(current_user.id),
        form=AcknowledgeForm(),
    )


@bp.post("/sessions/<int:session_id>/acknowledge")
@login_required
def session_acknowledge(session_id: int):
    found = _visible_session_or_404(session_id)
    form = AcknowledgeForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with all_or_nothing():
            first = acknowledge_session(current_user, found)
    except PracticeError as exc:
        flash(str(exc), "error")
    else:
        if first:
            flash(_("Thank you: you have acknowledged the record of this session."), "success")
        else:  # another tab or a double tap acknowledged it a moment ago: nothing changes
            flash(_("You have already acknowledged the record of this session."), "info")
    return redirect(url_for("practice.session", session_id=found.id))
