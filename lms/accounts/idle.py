"""Sessions end after a time without activity, shorter for staff than for trainees.

Staff (trainers, coordinators, administrators) see many trainees' records, often on office
computers others also use: their session ends after ``STAFF_IDLE`` (default two hours) without
a request, and their cookie lasts only until the browser closes. Trainees read and log practice
on their own phones in the field, where logging in again over a poor connection is costly and
their own records are all they see: their session survives a week without use (``TRAINEE_IDLE``)
and a closed browser. The time of the last activity travels in the signed session cookie and is
refreshed at most once per twentieth of the idle limit (six minutes for staff, about eight hours
for a trainee, never more often than once a minute), so the cookie (some 450 bytes, 9 ms of a
400 kbit/s link) is not sent again with every page: a session ends after its idle limit plus at
most that twentieth.
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

SEEN = "seen"  # the session key: Unix time of the last request, to the refresh interval
REFRESH_SHARE = 20  # the clock moves on after a twentieth of the idle limit
REFRESH_MIN_S = 60
STAFF_ROLES = ("admin", "trainer", "coordinator")


def idle_limit(user) -> timedelta:
    staff = any(user.has_role(role) for role in STAFF_ROLES)
    return current_app.config["STAFF_IDLE" if staff else "TRAINEE_IDLE"]


def refresh_interval(limit: timedelta) -> float:
    """Seconds after which a request moves the idle clock on (and the cookie is sent again)."""
    return max(REFRESH_MIN_S, limit.total_seconds() / REFRESH_SHARE)


def begin(user) -> None:
    """At login: start the clock; a trainee's cookie outlives a closed browser."""
    session[SEEN] = int(time.time())
    session.permanent = not any(user.has_role(role) for role in STAFF_ROLES)


def end_idle_sessions():
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = int(time.time())
    seen = session.get(SEEN, now)
    limit = idle_limit(current_user)
    if now - seen > limit.total_seconds():
        logout_user()
        session.pop(SEEN, None)
        flash(_("You were logged out after a time without activity. Please log in again."))
        return redirect(url_for("accounts.login", next=request.full_path))
    if now - seen >= refresh_interval(limit) or SEEN not in session:
        session[SEEN] = now
    return None


def init_app(app: Flask) -> None:
    # The signed cookie itself expires after the longest idle time (Flask checks its age).
    app.permanent_session_lifetime = max(app.config["STAFF_IDLE"], app.config["TRAINEE_IDLE"])
    app.before_request(end_idle_sessions)
