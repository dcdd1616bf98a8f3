"""Site-wide pages: home, health check, language choice, and the installable web app (its
manifest, service worker and offline page: ``lms.core.offline``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_login import current_user, login_required
from sqlalchemy import text

from lms.core import offline
from lms.core.caching import public_page, static_asset
from lms.core.extensions import db
from lms.core.web import is_safe_next

bp = Blueprint("site", __name__)
FAVICON_MAX_AGE = 7 * 24 * 3600


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


@bp.get("/manifest.webmanifest")
@public_page
def manifest():
    """The web app's manifest in the language the page asked for (``?lang=``), else the
    reader's: a browser fetches it without the session cookie."""
    language = request.args.get("lang", "")
    if language not in current_app.config["LANGUAGES"]:
        language = str(get_locale())
    with force_locale(language):
        body = offline.manifest(language)
    response = current_app.json.response(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker, from the site's root so that it may handle every page."""
    script = render_template("offline/sw.js", **offline.worker_settings())
    response = make_response(script)
    response.mimetype = "text/javascript"
    return response


@bp.get("/favicon.ico")
@static_asset
def favicon():
    """Browsers and feed readers ask for ``/favicon.ico`` whatever the page links to; answering
    it (kept for a week) spares a 404 on a slow link. 2 KB, read once per process."""
    response = current_app.response_class(
        _favicon(current_app.static_folder or ""), mimetype="image/vnd.microsoft.icon"
    )
    response.cache_control.public = True
    response.cache_control.max_age = FAVICON_MAX_AGE
    return response


@lru_cache(maxsize=1)
def _favicon(static_folder: str) -> bytes:
    return (Path(static_folder) / "icons" / "favicon.ico").read_bytes()


@bp.get("/offline")
def offline_page():
    """What the service worker shows for a page it has not kept. The same for everybody (no
    menu, no name): it is kept on the phone."""
    return render_template("offline/offline.html")
