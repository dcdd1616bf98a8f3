"""The statement outbox: each statement collected for the Learning Record Store, once, with its
delivery state; and the collection cursor."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

# waiting: to be sent (again after a back-off when next_attempt_at is set); sending: claimed by
# a worker; delivered: the LRS has it (it said so, or said it already had it); rejected: the LRS
# refused it (its answer kept in last_error), never sent again.
STATUSES = ("waiting", "sending", "delivered", "rejected")


class XapiStatement(db.Model):
    __tablename__ = "xapi_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[str] = mapped_column(String(36), unique=True)
    verb: Mapped[str] = mapped_column(String(64))  # the verb's English display, for admins
    event_at: Mapped[datetime] = mapped_column(UTCDateTime)
    statement_json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim: Mapped[str | None] = mapped_column(String(32))  # the worker's token while sending
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("status IN ('waiting', 'sending', 'delivered', 'rejected')", name="status"),
        Index("ix_xapi_statements_status_id", "status", "id"),
        Index("ix_xapi_statements_claim", "claim"),
    )


class XapiCursor(db.Model):
    """Up to when events have been collected into the outbox (one row)."""

    __tablename__ = "xapi_cursor"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    collected_to: Mapped[datetime] = mapped_column(UTCDateTime)
