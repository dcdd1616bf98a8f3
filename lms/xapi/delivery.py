"""Delivering the outbox to the Learning Record Store (``LMS_LRS_URL``), once a minute in the
worker, and on demand with ``lms xapi deliver``.

A worker claims a batch (waiting -> sending, under its own token, committed before it talks to
the LRS, so no other worker sends the same rows) and POSTs it to ``<LMS_LRS_URL>/statements`` as
a JSON array with ``X-Experience-API-Version: 1.0.3``. The answer decides each statement's fate:

- 200/204: delivered. 409 for one statement: the LRS has that id already, so delivered too.
- a network error, 5xx, 429, and 401/403/404/408 (the LRS away, overloaded, or our address or
  credentials wrong: nothing to do with the statements): back to waiting, sent again after a
  back-off (1, 2, 4 ... minutes, at most ``MAX_BACKOFF``), the error shown to admins.
- another 4xx (400: the LRS refuses the statement): a batch is split and sent one by one, so
  only the statement at fault is rejected, with the LRS's answer kept.

Statement ids are fixed per event, so sending again what may have arrived is harmless: a row a
killed worker left "sending" goes back to waiting after ``STALE_AFTER``.
"""

from __future__ import annotations

import base64
import logging
import secrets
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import unquote, urlsplit, urlunsplit

from flask import current_app
from sqlalchemy import select, update

from lms.core.config import ConfigError
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.unit_of_work import unit_of_work
from lms.jobs.kinds import every_minute
from lms.xapi.models import XapiStatement
from lms.xapi.outbox import collect

log = logging.getLogger(__name__)

BATCH = 50
BATCHES_PER_RUN = 20
TIMEOUT_S = 30
FIRST_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=6)
STALE_AFTER = timedelta(minutes=15)
RETRY_STATUSES = frozenset({401, 403, 404, 408, 425, 429})
ANSWER_KEPT = 2000  # characters of the LRS's answer kept for admins


@dataclass(frozen=True)
class LrsSettings:
    statements_url: str
    authorization: str | None
    shown: str  # the address without credentials, for pages and logs


@dataclass(frozen=True)
class Answer:
    status: int
    text: str


@dataclass
class Delivered:
    delivered: int = 0
    retrying: int = 0
    rejected: int = 0


def parse_lrs_settings(
    url: str | None, username: str = "", password: str = ""
) -> LrsSettings | None:
    """From LMS_LRS_URL (credentials may be in it: https://key:secret@host/xapi/) and
    LMS_LRS_USERNAME / LMS_LRS_PASSWORD (which win); None when no LRS is set."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            "LMS_LRS_URL must be an http:// or https:// address"  # i18n: setup, as LMS_QUEUE_URL
        )
    username = username or unquote(parts.username or "")
    password = password or unquote(parts.password or "")
    host = parts.hostname
    netloc = f"{host}:{parts.port}" if parts.port else host
    base = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
    authorization = None
    if username or password:
        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        authorization = f"Basic {token}"
    return LrsSettings(base + "/statements", authorization, base)


def lrs_settings() -> LrsSettings | None:
    config = current_app.config
    return parse_lrs_settings(
        config.get("LRS_URL"), config.get("LRS_USERNAME", ""), config.get("LRS_PASSWORD", "")
    )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirected POST would arrive as a GET without its statements: answer with the 3xx."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post_statements(settings: LrsSettings, body: bytes) -> Answer:
    """POST a JSON array of statements; the LRS's status and text (network errors raise)."""
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": "1.0.3",
    }
    if settings.authorization:
        headers["Authorization"] = settings.authorization
    # S310: lrs_settings admits http and https addresses only.
    request = urllib.request.Request(  # noqa: S310
        settings.statements_url, data=body, headers=headers, method="POST"
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_S) as response:
            return Answer(response.status, response.read(ANSWER_KEPT).decode("utf-8", "replace"))
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, exc.read(ANSWER_KEPT).decode("utf-8", "replace"))


def backoff(attempts: int) -> timedelta:
    return min(FIRST_BACKOFF * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def _release_stale(now: datetime) -> None:
    with unit_of_work():
        db.session.execute(
            update(XapiStatement)
            .where(XapiStatement.status == "sending", XapiStatement.claimed_at < now - STALE_AFTER)
            .values(status="waiting", claim=None)
            .execution_options(synchronize_session=False)
        )


def _claim(now: datetime) -> list[tuple[int, str]]:
    """A batch of due statements, claimed under a fresh token: (row id, statement JSON)."""
    token = secrets.token_hex(16)
    with unit_of_work():
        due = (
            select(XapiStatement.id)
            .where(
                XapiStatement.status == "waiting",
                XapiStatement.next_attempt_at.is_(None) | (XapiStatement.next_attempt_at <= now),
            )
            .order_by(XapiStatement.id)
            .limit(BATCH)
        )
        ids = db.session.scalars(due).all()
        if not ids:
            return []
        db.session.execute(
            update(XapiStatement)
            .where(XapiStatement.id.in_(ids), XapiStatement.status == "waiting")
            .values(status="sending", claim=token, claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        return list(
            db.session.execute(
                select(XapiStatement.id, XapiStatement.statement_json)
                .where(XapiStatement.claim == token)
                .order_by(XapiStatement.id)
            ).all()
        )


Outcome = tuple[int, str, str | None]  # (row id, new status, error)


def _send(settings: LrsSettings, rows: list, post: Callable) -> list[Outcome]:
    body = ("[" + ",".join(text for _, text in rows) + "]").encode("utf-8")
    try:
        answer = post(settings, body)
    except Exception as exc:  # URLError, timeouts, refused connections ...
        log.warning("LRS %s unavailable: %s", settings.shown, exc)
        return [(row_id, "waiting", f"{type(exc).__name__}: {exc}") for row_id, _ in rows]
    if 200 <= answer.status < 300 or (answer.status == 409 and len(rows) == 1):
        return [(row_id, "delivered", None) for row_id, _ in rows]
    error = f"HTTP {answer.status}: {answer.text}"[:ANSWER_KEPT]
    if answer.status in RETRY_STATUSES or not 400 <= answer.status < 500:
        return [(row_id, "waiting", error) for row_id, _ in rows]
    if len(rows) > 1:  # which of them? one by one
        return [outcome for row in rows for outcome in _send(settings, [row], post)]
    return [(rows[0][0], "rejected", error)]


def _record(outcomes: list[Outcome], now: datetime, counts: Delivered) -> None:
    with unit_of_work():
        for row_id, status, error in outcomes:
            row = db.session.get(XapiStatement, row_id, populate_existing=True)
            if row is None or row.status != "sending":
                continue
            row.attempts += 1
            row.status, row.claim, row.last_error = status, None, error
            row.next_attempt_at = now + backoff(row.attempts) if status == "waiting" else None
            if status == "delivered":
                row.delivered_at = now
                counts.delivered += 1
            elif status == "rejected":
                counts.rejected += 1
            else:
                counts.retrying += 1


def deliver_due(now: datetime | None = None, *, post: Callable = post_statements) -> Delivered:
    """Send what is due, batch by batch; stop at the first batch the LRS did not take (it is
    away: the rest wait for the next run)."""
    counts = Delivered()
    settings = lrs_settings()
    if settings is None:
        return counts
    now = now or utcnow()
    _release_stale(now)
    for _ in range(BATCHES_PER_RUN):
        rows = _claim(now)
        if not rows:
            break
        outcomes = _send(settings, rows, post)
        _record(outcomes, now, counts)
        if any(status == "waiting" for _, status, _ in outcomes):
            break
    return counts


@every_minute
def deliver_statements() -> None:
    """Collect the new events' statements and deliver them, when an LRS is set."""
    if lrs_settings() is None:
        return
    with unit_of_work():
        added = collect()
    counts = deliver_due()
    if added or counts.delivered or counts.retrying or counts.rejected:
        log.info(
            "xAPI: %d collected, %d delivered, %d to retry, %d rejected",
            added,
            counts.delivered,
            counts.retrying,
            counts.rejected,
        )
