"""Append-only audit log of sensitive actions.

An event is added to the same session (and so the same transaction) as the change it records:
if the change rolls back, so does its record. The table refuses UPDATE and DELETE at the
database level (triggers created by the migration).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    action: Mapped[str] = mapped_column(String(64), index=True)
    target_type: Mapped[str] = mapped_column(String(64))
    target_id: Mapped[str] = mapped_column(String(64))
    details_json: Mapped[str] = mapped_column(Text, default="{}")

    # Named by string: the users table belongs to a package above this one.
    actor = relationship("User", lazy="joined")

    __table_args__ = (Index("ix_audit_events_target", "target_type", "target_id"),)

    @property
    def details(self) -> dict[str, Any]:
        return json.loads(self.details_json)


def record(
    action: str, *, actor_id: int | None, target_type: str, target_id: object, **details: Any
) -> AuditEvent:
    """Add an audit event to the current session; the caller's commit makes it permanent."""
    event = AuditEvent(
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        details_json=json.dumps(details, ensure_ascii=False, sort_keys=True, default=str),
    )
    db.session.add(event)
    return event
