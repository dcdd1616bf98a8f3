"""Which responses a browser or proxy may keep.

The rule: every response is ``Cache-Control: no-store`` (pages show people's names, marks,
practice logs; a shared computer's back button or a proxy must not keep them), except
 - static files and module assets (course material, the same for everybody), which keep the
   caching their view gave them (their error pages do not: they carry the person's menu); a
   static file asked for under its current versioned address (``lms.core.static_files``) is
   kept for a year, ``immutable``;
 - public pages (certificate verification, the public trainer pool) shown to a visitor who is
   not logged in: ``no-cache``, so they may be stored but are checked again each time (a revoked
   certificate must show as revoked at once). Logged in, the page carries the person's menu and
   is ``no-store`` like any other.
Downloads are ``no-store`` always (``lms.core.downloads``). Views mark themselves with the
decorators below; the hook is separate from the security headers of ``lms.core.web``.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, request
from flask_login import current_user

from lms.core.static_files import IMMUTABLE, is_current_version

NO_STORE = "no-store"
REVALIDATE = "no-cache"


def static_asset(view: Callable) -> Callable:
    """The view serves files that are the same for everybody and sets its own caching."""
    view.lms_cache = "static"
    return view


def public_page(view: Callable) -> Callable:
    """The view is public: a visitor who is not logged in may keep it, if checked each time."""
    view.lms_cache = "public"
    return view


def _kind() -> str | None:
    if request.endpoint is None:
        return None  # 404 and 405: no view, nothing personal, but no-store all the same
    if request.endpoint == "static" or request.endpoint.endswith(".static"):
        return "static"
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "lms_cache", None)


def set_cache_control(response):
    kind = _kind()
    attachment = response.headers.get("Content-Disposition", "").startswith("attachment")
    if kind == "static" and response.status_code < 400 and not attachment:
        # a file that is the same for everybody (an error page is not); a versioned static
        # address never changes its content (lms.core.static_files)
        if request.endpoint == "static" and is_current_version():
            response.headers["Cache-Control"] = IMMUTABLE
        return response
    if kind == "public" and not current_user.is_authenticated:
        response.headers["Cache-Control"] = REVALIDATE
        return response
    response.headers["Cache-Control"] = NO_STORE
    response.headers.pop("Expires", None)
    return response


def init_app(app: Flask) -> None:
    app.after_request(set_cache_control)
