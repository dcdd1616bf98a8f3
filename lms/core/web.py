"""Request-wide behaviour: security headers, error pages, the login loader, template helpers."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lms.core import navigation, stylesheet
from lms.core.extensions import db, login_manager
from lms.core.plain_text import register_filter as register_plain_text
from lms.core.privacy.labels import FINDING_LABELS
from lms.core.problems import problem
from lms.i18n.formatting import register_filters as register_number_filters
from lms.i18n.language import in_name_order, install_template_language
from lms.i18n.languages import LANGUAGE_NAMES


def content_security_policy(*style_sources: str) -> str:
    """The documents' policy; ``style_sources`` are hashes of allowed inline stylesheets."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            " ".join(["style-src 'self'", *style_sources]),
            "img-src 'self' data:",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


CONTENT_SECURITY_POLICY = content_security_policy()

# The titles of error pages (Werkzeug's names are English): an unlisted code keeps its name.
ERROR_TITLES = {
    400: _l("Bad Request"),
    403: _l("Forbidden"),
    404: _l("Not Found"),
    405: _l("Method Not Allowed"),
    413: _l("Request Entity Too Large"),
    429: _l("Too Many Requests"),
    500: _l("Internal Server Error"),
    503: _l("Service Unavailable"),
}
ERROR_EXPLANATIONS = {
    400: _l(
        "The request could not be understood. If you were sending a form, go back, "
        "reload the page and try again."
    ),
    403: _l(
        "You do not have permission to open this page. If you think you should, "
        "ask the programme administrator."
    ),
    404: _l("There is no such page, or it is not available to you."),
    405: _l("This address cannot be used that way."),
    413: _l("The file you sent is too large."),
    429: _l("Too many requests. Please wait a moment and try again."),
    500: _l(
        "Something went wrong on our side. Nothing you did caused it; please try again "
        "later. The error has been logged."
    ),
    503: _l("This service is not available at the moment. Please try again later."),
}


def is_safe_next(target: str | None) -> bool:
    """Only a path on this site: no scheme, no host, not '//elsewhere' or '/\\elsewhere'."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\\" not in target


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
# A static file (CSS, JavaScript, an icon) is never a document: a policy, frame protection, a
# referrer or permissions policy do nothing on it (a worker script, /sw.js, takes its policy
# from its own answer and is not one of these). It keeps what protects a subresource: no
# sniffing into another type, and no reading by another site's page. Each header left out
# spares about 100 bytes per answer on a phone's first visit (issue #17).
STATIC_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)
STATIC_ENDPOINTS = ("static", "site.favicon")
HSTS = ("Strict-Transport-Security", "max-age=31536000")


@functools.lru_cache(maxsize=1024)
def document_headers(style_source: str | None) -> tuple[tuple[str, str], ...]:
    """SECURITY_HEADERS with the policy allowing the page's inline rules, if it has any
    (``lms.core.stylesheet``: a first visit carries the rules its page uses)."""
    policy = content_security_policy(style_source) if style_source else CONTENT_SECURITY_POLICY
    return (("Content-Security-Policy", policy), *SECURITY_HEADERS[1:])


def is_static_file(response) -> bool:
    """A static file itself (not its 404 page, which carries the person's menu)."""
    endpoint = request.endpoint or ""
    return response.status_code < 400 and (
        endpoint in STATIC_ENDPOINTS or endpoint.endswith(".static")
    )


def set_security_headers(response):
    """Add each header the view did not set itself (an SVG asset has its own policy). The
    names already present are read once: ``Headers.setdefault`` scans every header per call."""
    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}
    wanted = (
        STATIC_HEADERS
        if is_static_file(response)
        else document_headers(stylesheet.inline_style_source())
    )
    for name, value in (*wanted, HSTS) if request.is_secure else wanted:
        if name.lower() not in present:
            headers.add(name, value)
    return response


def render_error(error: HTTPException):
    code = error.code or 500
    message = ERROR_EXPLANATIONS.get(code, error.description)
    # A domain rule's own reason (a self-decision), or a view's own words: abort(400, "...")
    if getattr(error, "explained", False) or error.description != type(error).description:
        message = error.description
    if isinstance(error, CSRFError):
        message = _l(
            "This form has expired or was not sent from this site, so nothing was "
            "saved. Go back, reload the page and send it again."
        )
    title = ERROR_TITLES.get(code, error.name)
    if request.is_json:  # the phone's outbox or a script: it reads a problem, not a page
        return problem(code, title, message)
    return render_template("error.html", code=code, title=title, message=message), code


def render_server_error(error: Exception):
    current_app.logger.exception("unhandled error", exc_info=error)
    db.session.rollback()
    if request.is_json:
        return problem(500, ERROR_TITLES[500], ERROR_EXPLANATIONS[500])
    return render_template(
        "error.html", code=500, title=ERROR_TITLES[500], message=ERROR_EXPLANATIONS[500]
    ), 500


def init_app(app: Flask) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # sessions are checked on the server instead
    app.after_request(set_security_headers)
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, render_server_error)
    app.jinja_env.globals.update(language_names=LANGUAGE_NAMES, get_locale=get_locale)
    install_template_language(app)
    navigation.init_app(app)
    app.jinja_env.filters.update(format_date=format_date, format_datetime=format_datetime)
    register_number_filters(app)
    app.jinja_env.filters["by_name"] = in_name_order
    register_plain_text(app)
    app.jinja_env.globals["finding_labels"] = FINDING_LABELS
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
