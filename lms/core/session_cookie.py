"""Flask's signed session cookie, with its signature checked once per process and value.

A browser sends the same cookie on every request until the session changes, and opening it
(HMAC, base64, zlib and tagged JSON) costs about 30 µs: more than the rest of a redirect, a
tenth of a lesson page. ``RememberingSessionInterface`` keeps what a valid cookie held, with the
time it was signed; the next request with exactly the same value has only its age checked
again, as ``itsdangerous`` would. Nothing else changes: the same cookie is written, a changed,
expired or forged one is checked in full, and the session says who is logged in only through
the server-side session it names (``lms.accounts.auth.load_session_user``), as before.
"""

from __future__ import annotations

import time

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, URLSafeTimedSerializer

from lms.core.caches import remember

# A session holding only these can be shared between requests: nothing can change it in place.
# (Flashed messages are lists; such a session is checked in full each time.)
_IMMUTABLE = (str, int, float, bool, type(None))


class RememberingSessionInterface(SecureCookieSessionInterface):
    """``SecureCookieSessionInterface`` that remembers the cookies it has verified."""

    remembered_max = 4096  # cookies; the oldest half is forgotten when full (a few MB)
    clock = staticmethod(time.time)  # seconds, as itsdangerous counts them (tests move it)

    def __init__(self) -> None:
        # (secret key, fallbacks) -> (serializer, {cookie value: (signed at, data)})
        self._by_keys: dict[tuple, tuple[URLSafeTimedSerializer, dict]] = {}

    def _serializer(self, app: Flask) -> tuple[URLSafeTimedSerializer | None, dict]:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        found = self._by_keys.get(keys)
        if found is None:
            found = self._by_keys[keys] = (super().get_signing_serializer(app), {})
        return found

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        return self._serializer(app)[0]  # built once per key rather than once per request

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer, remembered = self._serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        known = remembered.get(value)
        if known is None:
            try:
                data, signed = serializer.loads(value, max_age=max_age, return_timestamp=True)
            except BadSignature:  # includes an expired signature
                return self.session_class()
            known = (int(signed.timestamp()), data)
            if all(isinstance(item, _IMMUTABLE) for item in data.values()):
                remember(remembered, value, known, self.remembered_max)
        signed_at, data = known
        age = int(self.clock()) - signed_at
        if age > max_age or age < 0:  # as itsdangerous: expired, or signed in the future
            return self.session_class()
        return self.session_class(data)  # a copy: the request may change its own
