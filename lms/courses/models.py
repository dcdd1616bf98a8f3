"""Learner records of the curricula: which lesson each trainee has completed, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db


class LessonProgress(db.Model):
    """A lesson marked as done, with the version of the lesson that was read.

    Content is referred to by slugs only, so reordering or editing files never breaks a record.
    """

    __tablename__ = "lesson_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    programme: Mapped[str] = mapped_column(String(32))
    module: Mapped[str] = mapped_column(String(64))
    lesson: Mapped[str] = mapped_column(String(64))
    content_version: Mapped[str] = mapped_column(String(16))
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "programme", "module", "lesson"),
        Index("ix_lesson_progress_user_programme", "user_id", "programme"),
    )
