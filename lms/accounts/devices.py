"""Known devices: the lock-out after failed logins does not shut out the account's owner.

After five failed logins for a username the username is refused for fifteen minutes, which
stops password guessing but would also let anyone keep a known username locked forever. A
browser that has logged in as that username before carries a signed ``lms_device`` cookie
naming it; from such a device the right password still gets in during a lock-out. Guessing from
everywhere else stays locked, and every address is also limited per minute (Flask-Limiter on the
login form), whatever usernames it tries.

The cookie names the usernames logged in from the phone and is needed by the login form only,
so the browser sends it to the login page alone (its ``Path``), not with every page and file:
the usernames do not travel where they are not needed, and some 70 bytes stay off each request
on a slow link. A cookie an older release set for the whole site is removed when it is renewed.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "lms_device"
LIFETIME = timedelta(days=365)
_SALT = "lms.accounts.known-device"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def is_known_device(username_key: str) -> bool:
    """Whether this browser has logged in as ``username_key`` before (within a year)."""
    value = request.cookies.get(COOKIE)
    if not value:
        return False
    try:
        known = _serializer().loads(value, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:
        return False
    return isinstance(known, list) and username_key in known


def remember_device(response, username_key: str):
    """Add ``username_key`` to the browser's known-device cookie (a few, most recent last)."""
    try:
        known = _serializer().loads(request.cookies.get(COOKIE, ""))
    except BadSignature:
        known = []
    known = [k for k in known if k != username_key][-4:] + [username_key]
    secure = current_app.config["SESSION_COOKIE_SECURE"]
    response.set_cookie(
        COOKIE,
        _serializer().dumps(known),
        max_age=int(LIFETIME.total_seconds()),
        path=url_for("accounts.login"),
        httponly=True,
        secure=secure,
        samesite="Lax",
    )
    if request.cookies.get(COOKIE) is not None:
        # the login page also receives a whole-site cookie of an older release: gone
        response.delete_cookie(COOKIE, path="/", httponly=True, secure=secure, samesite="Lax")
    return response
