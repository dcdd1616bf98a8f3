"""Collecting statements into the outbox, and what admins see of it.

Each run reads the events since the cursor (less ``LATE_MARGIN``: a record written by a
transaction that was still open at the last run has an older time than the cursor) and adds
their statements with INSERT ... ON CONFLICT DO NOTHING on the statement id: an event collected
twice, by an overlap or by two workers, is one row, and so is delivered once. The first run
(no cursor yet) collects every event kept.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.xapi.models import XapiCursor, XapiStatement
from lms.xapi.sources import Event, events

CURSOR = "events"
LATE_MARGIN = timedelta(minutes=10)
INSERT_CHUNK = 200


def _insert(chunk: list[Event], now: datetime) -> int:
    table = XapiStatement.__table__
    module = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        module.insert(table)
        .values(
            [
                {
                    "statement_id": event.statement_id,
                    "verb": event.verb[:64],
                    "event_at": event.at,
                    "statement_json": json.dumps(event.statement, ensure_ascii=False),
                    "status": "waiting",
                    "attempts": 0,
                    "created_at": now,
                }
                for event in chunk
            ]
        )
        .on_conflict_do_nothing(index_elements=[table.c.statement_id])
        .returning(table.c.id)
    )
    return len(db.session.execute(statement).all())


def collect(now: datetime | None = None, since: datetime | None = None) -> int:
    """Add the statements of the events since the cursor (or the earlier ``since``) to the
    outbox and move the cursor to ``now``; how many were new. The caller commits."""
    now = now or utcnow()
    cursor = db.session.get(XapiCursor, CURSOR)
    start = None  # the first run collects everything
    if cursor is not None:
        start = cursor.collected_to - LATE_MARGIN
        if since is not None and since < start:  # an earlier start, never a gap
            start = since
    found = events(start, now)
    added = sum(
        _insert(found[start : start + INSERT_CHUNK], now)
        for start in range(0, len(found), INSERT_CHUNK)
    )
    if cursor is None:
        db.session.add(XapiCursor(name=CURSOR, collected_to=now))
    elif cursor.collected_to < now:
        cursor.collected_to = now
    db.session.flush()
    return added


def counts_by_status() -> dict[str, int]:
    return dict(
        db.session.execute(
            select(XapiStatement.status, func.count()).group_by(XapiStatement.status)
        ).all()
    )


def last_error() -> XapiStatement | None:
    """The latest failure still waiting to be sent again (the LRS away, or refusing us)."""
    return db.session.scalars(
        select(XapiStatement)
        .where(XapiStatement.status == "waiting", XapiStatement.last_error.is_not(None))
        .order_by(XapiStatement.id.desc())
        .limit(1)
    ).first()


def rejected(limit: int = 50) -> list[XapiStatement]:
    return db.session.scalars(
        select(XapiStatement)
        .where(XapiStatement.status == "rejected")
        .order_by(XapiStatement.id.desc())
        .limit(limit)
    ).all()
