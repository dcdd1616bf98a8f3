"""National reports kept for a few minutes, shared by every worker.

A national overview aggregates every practice entry or every trainee's evidence: seconds of
work at national scale, for figures that change slowly. Each computed report is stored as JSON
under a key naming the report and its filter, served while younger than
``LMS_REPORT_MAX_AGE`` seconds, and computed again when older or when staff ask for it.

Standing reports (the unfiltered national views) can be recomputed before they expire, outside
any request, by ``lms reports refresh`` run from a timer: then no reader ever waits for one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import String, Text, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.database import UTCDateTime, utcnow, writing_apart
from lms.core.extensions import db


class CachedReport(db.Model):
    __tablename__ = "report_cache"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    payload: Mapped[str] = mapped_column(Text)


@dataclass(frozen=True)
class Figures:
    """A report's figures and when they were computed (UTC)."""

    data: Any
    computed_at: datetime
    fresh: bool  # computed for this request


def max_age() -> int:
    return current_app.config["REPORT_MAX_AGE"]


def cached_figures(key: str, compute: Callable[[], Any], *, refresh: bool = False) -> Figures:
    """The figures stored under ``key`` if younger than the configured age, else ``compute()``'s
    (JSON-serialisable) result, stored for the next request. ``refresh`` computes regardless.

    Storing is best effort: if it fails (another writer holds SQLite's lock for too long), the
    figures are still returned, and the next request computes them again.
    """
    now = utcnow()
    if not refresh and max_age() > 0:
        found = db.session.get(CachedReport, key)
        if found is not None:
            kept = Figures(json.loads(found.payload), found.computed_at, fresh=False)
            if now - kept.computed_at < timedelta(seconds=max_age()) or not _claim(key, now):
                return kept  # young enough, or being computed by another request meanwhile
    payload = json.dumps(compute(), separators=(",", ":"))
    if max_age() > 0:
        _store(key, payload, now)
    # Read back from JSON as a kept report is, so both are alike (lists, string keys).
    return Figures(json.loads(payload), now, fresh=True)


CLAIM_SECONDS = 120  # a computation not finished by then is taken to have failed
_CLAIM = "#computing"


def _claim(key: str, now: datetime) -> bool:
    """Whether this request computes the expired figures under ``key``. Only one request does
    (it marks them, in a row of its own, for CLAIM_SECONDS): the others show the kept figures
    meanwhile, instead of all computing the same seconds-long report at once."""
    claim = _upsert(key + _CLAIM, "", now, only_older_than=now - timedelta(seconds=CLAIM_SECONDS))
    # RETURNING, not the row count: psycopg reports -1 for an upsert that changed nothing.
    return _write(claim.returning(CachedReport.key), key) != 0


def _store(key: str, payload: str, computed_at: datetime) -> None:
    """Upsert in a transaction of its own, after the reading one has ended (on SQLite a read
    transaction cannot safely become a write one)."""
    _write(_upsert(key, payload, computed_at), key, done=key + _CLAIM)


def _write(statement, key: str, done: str | None = None) -> int | None:
    """Run ``statement`` (and drop the claim ``done``) in a transaction of its own, kept
    whatever the request does next; its row count, or None when it failed (logged: the reader
    still gets the figures)."""
    try:
        with writing_apart():
            result = db.session.execute(statement)
            count = len(result.all()) if result.returns_rows else result.rowcount
            if done is not None:
                db.session.execute(delete(CachedReport).where(CachedReport.key == done))
    except SQLAlchemyError as exc:
        current_app.logger.warning("report cache: could not store %s: %s", key, exc)
        return None
    return count


def _upsert(key: str, payload: str, computed_at: datetime, only_older_than=None):
    """INSERT ... ON CONFLICT (key) DO UPDATE, in the dialect of the session's database;
    ``only_older_than``: update only a row computed before then."""
    table = CachedReport.__table__
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(table).values(key=key, payload=payload, computed_at=computed_at)
    return statement.on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"payload": statement.excluded.payload, "computed_at": statement.excluded.computed_at},
        where=None if only_older_than is None else table.c.computed_at < only_older_than,
    )


# How to recompute the kept reports of each kind outside a request: given the rest of a key
# (after "kind:"), its computation, or None for a key not worth keeping fresh (a filtered view).
_STANDING: dict[str, Callable[[str], Callable[[], Any] | None]] = {}


def standing_report(kind: str):
    """Register the decorated function as the way to recompute kept ``kind:...`` reports."""

    def register(function):
        _STANDING[kind] = function
        return function

    return register


@dataclass(frozen=True)
class Refreshed:
    key: str
    seconds: float


def _computation(key: str) -> Callable[[], Any] | None:
    kind, _sep, rest = key.partition(":")
    return _STANDING[kind](rest) if kind in _STANDING else None


def refresh_standing(within: int) -> tuple[list[Refreshed], int]:
    """Recompute each kept standing report that would expire within ``within`` seconds (one at
    a time, each claimed as a request would claim it, and skipped if a request is computing it
    already); and drop kept reports that have expired and that nothing recomputes, such as
    filtered views nobody has opened since. Returns what was recomputed and the count dropped."""
    now = utcnow()
    kept = db.session.execute(select(CachedReport.key, CachedReport.computed_at)).all()
    refreshed, stale = [], []
    for key, computed_at in kept:
        age = now - computed_at
        if key.endswith(_CLAIM) or age < timedelta(seconds=max_age() - within):
            continue  # a claim ends by itself; a young report has nothing to do yet
        compute = _computation(key)
        if compute is None:
            if age >= timedelta(seconds=max_age()):
                stale.append(key)
            continue
        if not _claim(key, now):
            continue
        started, computed_at = time.perf_counter(), utcnow()
        payload = json.dumps(compute(), separators=(",", ":"))
        _store(key, payload, computed_at)
        refreshed.append(Refreshed(key, time.perf_counter() - started))
    if stale:
        _write(delete(CachedReport).where(CachedReport.key.in_(stale)), "expired reports")
    return refreshed, len(stale)
