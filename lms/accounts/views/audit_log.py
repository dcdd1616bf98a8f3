"""The audit log for admins: newest first, filtered by action, person and dates."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import render_template, request
from flask_babel import get_timezone
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import aliased

from lms.accounts.access import role_required
from lms.accounts.models import User
from lms.accounts.names import username_key
from lms.accounts.views.blueprint import bp
from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.core.numbers import int_arg
from lms.core.search import starts_with

# What an event is about, for the "Subject" column (an unknown kind shows as stored).
TARGET_LABELS = {
    "user": _l("user"),
    "cohort": _l("cohort"),
    "certificate": _l("certificate"),
    "competency": _l("competency"),
    "framework": _l("framework"),
    "university": _l("university"),
    "practice_entry": _l("practice entry"),
    "practice_evaluation": _l("field evaluation"),
    "practice_placement": _l("placement"),
    "practice_session": _l("supervision session"),
    "quiz_attempt": _l("quiz attempt"),
    "job": _l("background job"),
}


def _day_start(value: str | None, *, next_day: bool = False) -> datetime | None:
    """Midnight in Ashgabat of an ISO date from the query string (None if absent or invalid)."""
    try:
        day = datetime.strptime(value or "", "%Y-%m-%d").date()
    except ValueError:
        return None
    if next_day:
        day += timedelta(days=1)
    return datetime.combine(day, time.min, tzinfo=get_timezone())


@bp.get("/admin/audit")
@role_required("admin")
def audit_log():
    actor = aliased(User)
    query = select(AuditEvent).outerjoin(actor, actor.id == AuditEvent.actor_id)
    action = request.args.get("action", "").strip()[:64]
    if action:
        query = query.where(starts_with(AuditEvent.action, action))
    who = request.args.get("actor", "").strip()[:64]
    if who:
        query = query.where(actor.username_key == username_key(who))
    start = _day_start(request.args.get("from"))
    end = _day_start(request.args.get("to"), next_day=True)
    if start:
        query = query.where(AuditEvent.at >= start)
    if end:
        query = query.where(AuditEvent.at < end)
    page = int_arg(request.args, "page", default=1, maximum=100_000)
    rows = db.paginate(
        query.order_by(AuditEvent.id.desc()), page=page, per_page=100, error_out=False, count=True
    )
    return render_template(
        "accounts/admin/audit.html", rows=rows, args=request.args, target_labels=TARGET_LABELS
    )
