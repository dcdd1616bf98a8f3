"""Statuses of competencies set by hand by trainers (evidence itself lives in the records it
comes from: quiz attempts, practice entries, field evaluations)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

STATUSES = ("not_yet", "developing", "proficient")


class CompetencyStatusOverride(db.Model):
    """A status set by a trainer, with the note that justifies it (history kept, latest wins)."""

    __tablename__ = "competency_status_overrides"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    programme: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text)
    set_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    set_by: Mapped[User] = relationship(foreign_keys=[set_by_id], lazy="joined")

    __table_args__ = (
        CheckConstraint("status IN ('not_yet', 'developing', 'proficient')", name="status"),
    )
