"""Who calls the API: a bearer token (scripts, apps) or the browser's session cookie.

Only requests under /api/ read the ``Authorization: Bearer`` header: a token never opens an
HTML page. A session cookie may read; a write with a cookie needs the CSRF token in the
``X-CSRFToken`` header, as the pages' forms do. A token is limited to its scopes; a cookie is
limited only by what the person may do on the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import g, request
from flask_login import current_user

from lms.accounts.models import User
from lms.api.errors import ApiError
from lms.api.models import ApiToken
from lms.api.scopes import READ, scope
from lms.api.tokens import TokenRefused, last_use_is_due, note_use, token_for_secret
from lms.core.database import writing_apart
from lms.core.extensions import csrf

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Caller:
    user: User
    token: ApiToken | None  # None: the session cookie

    def may(self, needed: str) -> bool:
        return self.token is None or needed in self.token.scope_set


def _bearer() -> str | None:
    header = request.headers.get("Authorization")
    if header is None:
        return None
    kind, _, secret = header.partition(" ")
    if kind.lower() != "bearer" or not secret.strip():
        g.api_token_refused = True
        raise ApiError(401, "token_malformed")
    return secret.strip()


def _token_caller(secret: str) -> Caller:
    try:
        token = token_for_secret(secret)
    except TokenRefused as refused:
        g.api_token_refused = True  # counted by the failure limit (lms.api.views)
        raise ApiError(401, refused.code) from None
    if last_use_is_due(token):
        with writing_apart():  # kept even when the call itself is refused or only reads
            note_use(token)
    return Caller(token.user, token)


def resolve_caller() -> Caller | None:
    """The request's caller (cached on ``g``), or None for an anonymous request."""
    if "api_caller" in g:
        return g.api_caller
    secret = _bearer()
    if secret is not None:
        caller = _token_caller(secret)
    elif current_user.is_authenticated:
        if request.method not in SAFE_METHODS:
            csrf.protect()  # a cookie's write: the page's CSRF token in X-CSRFToken
        caller = Caller(current_user._get_current_object(), None)
    else:
        caller = None
    g.api_caller = caller
    return caller


def api_access(group: str, access: str = READ) -> Callable:
    """The operation needs a logged-in caller and, for a token, the scope ``group:access``.

    The view gets the ``Caller`` as its first argument. 401 ``authentication_required`` for an
    anonymous request, 403 ``scope_missing`` for a token without the scope. Object-level checks
    stay in the view (through the domain's own rules)."""
    needed = scope(group, access)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            caller = resolve_caller()
            if caller is None:
                raise ApiError(401, "authentication_required")
            if not caller.may(needed):
                raise ApiError(403, "scope_missing", scope=needed)
            return view(caller, *args, **kwargs)

        wrapped.api_scope = needed
        return wrapped

    return decorator


def caller_or_none() -> Caller | None:
    """For the error handlers: the caller if already known, without checking anything."""
    return g.get("api_caller")
