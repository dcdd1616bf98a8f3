"""Known devices: the lock-out after failed logins does not shut out the account's owner.

After five failed logins for a username the username is refused for fifteen minutes, which
stops password guessing but would also let anyone keep a known username locked forever. A
browser that has logged in as that username before carries a signed ``lms_device`` cookie
naming it; from such a device the right password still gets in during a lock-out. Guessing from
everywhere else stays locked, and every address is also limited per minute (Flask-Limiter on the
login form), whatever usernames it tries.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, request
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
    response.set_cookie(
        COOKIE,
        _serializer().dumps(known),
        max_age=int(LIFETIME.total_seconds()),
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        samesite="Lax",
    )
    return response
