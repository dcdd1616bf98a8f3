"""The notification pages: the list, opening one, settings; the deadlines page and its feed; the
admins' outbox page (failed e-mails, with their error and a button to send them again)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.accounts.access import role_required
from lms.core.database import local_today
from lms.core.extensions import db
from lms.notifications.calendar import calendar_bytes, feed_of, feed_owner, rotate_feed
from lms.notifications.deadlines import deadlines_for
from lms.notifications.forms import EmptyForm, settings_form_class
from lms.notifications.inbox import (
    mark_all_read,
    notifications_of,
    open_notification,
    own_notification,
    unread_count,
)
from lms.notifications.kinds import KINDS
from lms.notifications.models import OutboxEmail
from lms.notifications.outbox import (
    NotRetryable,
    bounce_of,
    counts_by_status,
    failures,
    mail_settings,
)
from lms.notifications.outbox import (
    retry as retry_email,
)
from lms.notifications.preferences import WAITING, deliveries_of, save_deliveries
from lms.notifications.waiting import waiting_for
from lms.notifications.waiting_digest import wants_waiting_email

bp = Blueprint("notifications", __name__, template_folder="templates")


@bp.app_context_processor
def notification_context() -> dict:
    """``unread_notifications()`` for the menu and ``waiting_counts()`` for the home page,
    each counted only where a template asks."""

    def unread() -> int:
        return unread_count(current_user.id) if current_user.is_authenticated else 0

    def waiting() -> list:
        return waiting_for(current_user) if current_user.is_authenticated else []

    return {"unread_notifications": unread, "waiting_counts": waiting}


@bp.get("/notifications")
@login_required
def index():
    return render_template(
        "notifications/index.html",
        shown=notifications_of(current_user),
        form=EmptyForm(),
        bounce=bounce_of(current_user.id, current_user.email),
    )


@bp.post("/notifications/<int:notification_id>/open")
@login_required
def open(notification_id: int):  # noqa: A001 - the route's name in url_for
    """Mark the notification read and go to its subject; 404 for someone else's notification
    or a subject the reader may no longer see (nothing is marked then)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    notification = own_notification(current_user, notification_id)
    link = open_notification(current_user, notification) if notification else None
    if link is None:
        abort(404)
    return redirect(link.url, code=303)


@bp.post("/notifications/read")
@login_required
def read_all():
    if EmptyForm().validate_on_submit():
        mark_all_read(current_user)
        flash(_("All notifications are marked read."), "success")
    return redirect(url_for("notifications.index"), code=303)


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    trainer = current_user.has_role("trainer")
    form = settings_form_class(trainer)()
    if form.validate_on_submit():
        chosen = {k: getattr(form, f"kind_{k}").data for k in KINDS}
        if trainer:
            chosen[WAITING] = form.waiting.data
        save_deliveries(current_user.id, chosen)
        current_user.email = form.email.data or None
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.settings"), code=303)
    if not form.is_submitted():
        form.email.data = current_user.email or ""
        for kind, delivery in deliveries_of(current_user.id).items():
            getattr(form, f"kind_{kind}").data = delivery
        if trainer:
            form.waiting.data = "digest" if wants_waiting_email(current_user.id) else "off"
    status = 422 if form.is_submitted() else 200
    bounce = bounce_of(current_user.id, current_user.email)
    return render_template(
        "notifications/settings.html", form=form, kinds=KINDS, bounce=bounce
    ), status


@bp.get("/deadlines")
@login_required
def deadlines():
    feed = feed_of(current_user.id)
    feed_url = url_for("notifications.feed", token=feed.token, _external=True) if feed else None
    return render_template(
        "notifications/deadlines.html",
        deadlines=deadlines_for(current_user, local_today()),
        feed_url=feed_url,
        form=EmptyForm(),
    )


@bp.post("/deadlines/feed")
@login_required
def rotate():
    if EmptyForm().validate_on_submit():
        rotate_feed(current_user)
        flash(_("Your calendar has a new address; the old one no longer works."), "success")
    return redirect(url_for("notifications.deadlines"), code=303)


@bp.get("/deadlines/<token>.ics")
def feed(token: str):
    """The calendar feed: no login (a phone calendar fetches it), in its owner's language."""
    owner = feed_owner(token)
    if owner is None:
        abort(404)
    languages = current_app.config["LANGUAGES"]
    with force_locale(owner.language if owner.language in languages else "en"):
        body = calendar_bytes(
            deadlines_for(owner, local_today()),
            name=_("Deadlines: %(name)s", name=owner.full_name),
            site=url_for("site.index", _external=True),
        )
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/admin/outbox")
@role_required("admin")
def outbox():
    settings = mail_settings()
    return render_template(
        "notifications/outbox.html",
        mail_on=settings is not None,
        server=f"{settings.host}:{settings.port}" if settings else "",
        counts=counts_by_status(),
        failures=failures(),
        form=EmptyForm(),
    )


@bp.post("/admin/outbox/<int:email_id>/retry")
@role_required("admin")
def outbox_retry(email_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    email = db.session.get(OutboxEmail, email_id) or abort(404)
    try:
        retry_email(email, actor_id=current_user.id)
    except NotRetryable:
        flash(_("Only a failed e-mail can be sent again."), "error")
    else:
        flash(_("E-mail %(id)d queued again: it is sent within a minute.", id=email.id), "success")
    return redirect(url_for("notifications.outbox"), code=303)
