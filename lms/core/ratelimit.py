"""A fixed-window request counter kept in the database, so that several app servers share it.

Used for public endpoints that could be scraped (certificate verification): a client over the
limit gets 429 for the rest of the minute.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Integer, String, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db


class RateWindow(db.Model):
    __tablename__ = "rate_windows"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=1)


def allow(scope: str, client: str, limit: int, now: datetime | None = None) -> bool:
    """Count one request of ``client`` in this minute; False once it is over ``limit``.

    The client address is stored hashed. Old windows are kept small by the key's time part.
    """
    now = now or utcnow()
    window = now.replace(second=0, microsecond=0)
    key = hashlib.sha256(f"{scope}:{client}".encode()).hexdigest()
    updated = db.session.execute(
        update(RateWindow)
        .where(RateWindow.key == key, RateWindow.window_start == window)
        .values(hits=RateWindow.hits + 1)
    ).rowcount
    if not updated:
        try:
            with db.session.begin_nested():
                db.session.add(RateWindow(key=key, window_start=window, hits=1))
        except IntegrityError:  # another request created the row first
            db.session.execute(
                update(RateWindow)
                .where(RateWindow.key == key, RateWindow.window_start == window)
                .values(hits=RateWindow.hits + 1)
            )
    hits = db.session.get(RateWindow, (key, window), populate_existing=True).hits
    return hits <= limit
