"""Logging in and out: password checks, throttling and server-side sessions."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import joinedload, lazyload
from werkzeug.security import check_password_hash, generate_password_hash

from lms.accounts.models import LoginAttempt, User, UserSession
from lms.accounts.names import username_key
from lms.core.database import utcnow, writing_apart
from lms.core.extensions import db

PASSWORD_MIN = 8
PASSWORD_MAX = 256
# Checked against when the username is unknown, so that both cases take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class LoginRefused(Exception):
    """Login did not succeed; the login view words the refusal for the person at the form."""


class LoginThrottled(LoginRefused):
    def __init__(self, until: datetime):
        super().__init__("too many attempts")
        self.until = until


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int
    window: timedelta
    lockout: timedelta

    @classmethod
    def from_config(cls) -> ThrottlePolicy:
        cfg = current_app.config
        return cls(cfg["LOGIN_MAX_FAILURES"], cfg["LOGIN_WINDOW"], cfg["LOGIN_LOCKOUT"])


def locked_until(failures: list[datetime], policy: ThrottlePolicy) -> datetime | None:
    """When the most recent lockout ends, given failure times in ascending order.

    A lockout starts at the failure that makes ``max_failures`` within ``window`` and lasts
    ``lockout``; attempts refused during a lockout are not recorded, so they do not extend it.
    """
    n = policy.max_failures
    until = None
    for i in range(n - 1, len(failures)):
        if until is not None and failures[i] < until:
            continue
        if failures[i] - failures[i - n + 1] <= policy.window:
            until = failures[i] + policy.lockout
    return until


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _recent_failures(key: str, now: datetime, policy: ThrottlePolicy) -> list[datetime]:
    horizon = now - policy.window - policy.lockout
    last_success = db.session.scalar(
        select(LoginAttempt.at)
        .where(LoginAttempt.username_key == key, LoginAttempt.succeeded.is_(True))
        .order_by(LoginAttempt.at.desc())
        .limit(1)
    )
    if last_success is not None and last_success > horizon:
        horizon = last_success
    return list(
        db.session.scalars(
            select(LoginAttempt.at)
            .where(
                LoginAttempt.username_key == key,
                LoginAttempt.succeeded.is_(False),
                LoginAttempt.at > horizon,
            )
            .order_by(LoginAttempt.at)
        )
    )


def authenticate(
    username: str, password: str, now: datetime | None = None, *, known_device: bool = False
) -> User:
    """Return the user for a correct username and password, or raise LoginRefused.

    Unknown user, wrong password and disabled account all give the same refusal, so the form
    does not reveal which usernames exist. Every attempt is recorded for throttling; a username
    locked out after repeated failures is still open from a device it logged in from before
    (``known_device``, see lms.accounts.devices).
    """
    now = now or utcnow()
    policy = ThrottlePolicy.from_config()
    key = username_key(username)
    until = locked_until(_recent_failures(key, now, policy), policy)
    if until is not None and now < until and not known_device:
        raise LoginThrottled(until)
    user = db.session.scalar(select(User).where(User.username_key == key))
    stored_hash = user.password_hash if user is not None else _DUMMY_HASH
    ok = check_password_hash(stored_hash, password) and user is not None and user.active
    attempt = LoginAttempt(username_key=key, at=now, succeeded=ok)
    if ok:
        db.session.add(attempt)  # committed with the login's session
    else:
        with writing_apart():  # counted even though the refused request writes nothing
            db.session.add(attempt)
        raise LoginRefused("wrong credentials")  # i18n: never shown; the view has its own words
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> str:
    """Create a server-side session for the user; return the token for the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token_hash=_token_hash(token), user_id=user.id))
    user.session_token = token
    return token


@functools.cache
def _session_user_statement():
    """The user of a session token with their roles, in one statement.

    Every logged-in request runs it, so it is built once per process: constructing a select
    with loader options costs about as much as running it."""
    return (
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == bindparam("token_hash"))
        .options(joinedload(User.role_rows), lazyload(User.region))  # few pages show it
    )


def load_session_user(token: str) -> User | None:
    """The active user of a live session token, or None (ended session, disabled user)."""
    result = db.session.execute(_session_user_statement(), {"token_hash": _token_hash(token)})
    user = result.unique().scalar_one_or_none()
    if user is None or not user.active:
        return None
    user.session_token = token
    return user


def end_session(token: str) -> None:
    db.session.execute(delete(UserSession).where(UserSession.token_hash == _token_hash(token)))


def end_all_sessions(user: User) -> None:
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
