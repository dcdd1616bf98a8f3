"""Every refusal under /api/ as an RFC 9457 problem with a stable ``code`` extension.

Scripts branch on ``code`` (it never changes and is never translated); ``title`` says what went
wrong in the reader's language and ``detail`` why. ``type`` is this API's URL for the code
(``/api/v1/problems/<code>``, described in the docs page), so that the pair ``type``/``code``
names one kind of problem. Validation refusals carry ``errors``: field -> messages.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, json, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from lms.core import web
from lms.core.extensions import db
from lms.core.problems import MEDIA_TYPE

API_PREFIX = "/api/"
PROBLEM_TYPE = "/api/v1/problems/"

# code -> (status, title): every problem the API answers with.
PROBLEMS: dict[str, tuple[int, Any]] = {
    "bad_request": (400, _l("The request could not be understood.")),
    "csrf_failed": (400, _l("The CSRF token is missing or wrong (send it in X-CSRFToken).")),
    "authentication_required": (401, _l("Authentication is required.")),
    "token_malformed": (401, _l("The Authorization header is not a valid bearer token.")),
    "token_unknown": (401, _l("The access token is not known.")),
    "token_expired": (401, _l("The access token has expired.")),
    "token_revoked": (401, _l("The access token has been revoked.")),
    "token_owner_inactive": (401, _l("The access token's owner can no longer log in.")),
    "forbidden": (403, _l("You may not do this.")),
    "scope_missing": (403, _l("The access token does not have the scope this needs.")),
    "not_found": (404, _l("There is no such resource, or it is not available to you.")),
    "method_not_allowed": (405, _l("This address cannot be used with this method.")),
    "not_acceptable": (406, _l("This resource cannot be given in the asked format.")),
    "conflict": (409, _l("The request conflicts with the resource's current state.")),
    "precondition_failed": (412, _l("The resource has changed since you read it.")),
    "payload_too_large": (413, _l("The request body is too large.")),
    "unsupported_media_type": (415, _l("The request body must be JSON.")),
    "validation_failed": (422, _l("The request's parameters or body are not valid.")),
    "practice_refused": (422, _l("The practice entry was not saved.")),
    "precondition_required": (428, _l("The request must say which version it changes.")),
    "rate_limited": (429, _l("Too many requests. Please wait a moment and try again.")),
    "server_error": (500, _l("Something went wrong on our side. Please try again later.")),
    "unavailable": (503, _l("This service is not available at the moment.")),
}
# Details for the codes whose title alone does not say what to do.
DETAILS: dict[str, Any] = {
    "validation_failed": _l('See "errors": what is wrong, for each parameter or member.'),
    "authentication_required": _l(
        'Send a personal access token as "Authorization: Bearer lms_pat_…".'
    ),
    "token_malformed": _l(
        'Send "Authorization: Bearer " and then the whole token, as it was shown when it was made.'
    ),
    "token_unknown": _l(
        "Check that the whole token was copied, or make a new one on your account's tokens page."
    ),
    "token_expired": _l("Make a new token on your account's tokens page."),
    "token_owner_inactive": _l(
        "Ask an administrator to reactivate the account: its tokens then work again."
    ),
    "token_revoked": _l("Make a new token on your account's tokens page."),
    "scope_missing": _l('Make a token with the scope named in "scope".'),
    "csrf_failed": _l("Reload the page to get a new token, and send it in X-CSRFToken."),
}
STATUS_CODES = {
    400: "bad_request",
    401: "authentication_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    428: "precondition_required",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


class ApiError(Exception):
    """Raised by API code to answer with the problem ``code``; extensions go into the body."""

    def __init__(self, status: int, code: str, detail: str | None = None, **extensions: Any):
        super().__init__(code)
        self.status, self.code, self.detail, self.extensions = status, code, detail, extensions


def api_problem(status: int, code: str, detail: str | None = None, **extensions: Any) -> Response:
    """The problem answer for ``code`` (a code not in PROBLEMS falls back to the status's)."""
    if code not in PROBLEMS:
        code = STATUS_CODES.get(status, "server_error" if status >= 500 else "bad_request")
    body: dict[str, Any] = {"type": PROBLEM_TYPE + code, "title": str(PROBLEMS[code][1])}
    body.update(status=status, code=code)
    body["detail"] = str(detail if detail is not None else DETAILS.get(code, body["title"]))
    body.update(extensions)
    return Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def _validation_errors(error: HTTPException) -> dict | None:
    """webargs' messages (``{"query": {"limit": [...]}}``), flattened to ``location.field``."""
    messages = (getattr(error, "data", None) or {}).get("messages")
    if not isinstance(messages, dict):
        return None
    flat: dict[str, list[str]] = {}
    for location, fields in messages.items():
        if not isinstance(fields, dict):
            flat[str(location)] = [str(fields)]
            continue
        for field, texts in fields.items():
            texts = texts if isinstance(texts, list) else [texts]
            flat[f"{location}.{field}"] = [str(t) for t in texts]
    return flat


def handle_http_error(error: HTTPException):
    if not is_api_request():
        return web.render_error(error)
    status = error.code or 500
    if isinstance(error, CSRFError):
        return api_problem(400, "csrf_failed")
    errors = _validation_errors(error)
    extra = {"errors": errors} if errors else {}
    code = "validation_failed" if errors else STATUS_CODES.get(status, "bad_request")
    response = api_problem(status, code, **extra)
    if status == 405 and error.get_response().headers.get("Allow"):
        response.headers["Allow"] = error.get_response().headers["Allow"]
    if status == 429:
        response.headers["Retry-After"] = error.get_response().headers.get("Retry-After", "60")
    return response


def handle_api_error(error: ApiError):
    response = api_problem(error.status, error.code, error.detail, **error.extensions)
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def handle_server_error(error: Exception):
    if not is_api_request():
        return web.render_server_error(error)
    current_app.logger.exception("unhandled API error", exc_info=error)
    db.session.rollback()
    return api_problem(500, "server_error")


def init_app(app: Flask) -> None:
    """Registered after ``lms.core.web``'s handlers, which these replace (and call for pages)."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(Exception, handle_server_error)
