"""Site-wide pages: home, health check, language choice."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from lms.core.extensions import db
from lms.core.web import is_safe_next

bp = Blueprint("site", __name__)


@bp.get("/")
@login_required
def index():
    return render_template("home.html")


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        current_app.logger.exception("health check failed")
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}


@bp.post("/language")
def set_language():
    """Remember the chosen interface language (and save it for a logged-in user)."""
    language = request.form.get("language", "")
    if language in current_app.config["LANGUAGES"]:  # anything else: keep the current choice
        session["language"] = language
        if current_user.is_authenticated:
            current_user.language = language
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("site.index"))
