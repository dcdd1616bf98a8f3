"""The ``jobs`` table: one row per piece of background work, so that its page survives a reload
and its failure stays visible to admins after the worker has forgotten it."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

STATUSES = ("queued", "running", "done", "failed")


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    args_json: Mapped[str] = mapped_column(Text, default="{}")
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int] = mapped_column(Integer, default=0)
    result_json: Mapped[str] = mapped_column(Text, default="{}")  # described by its kind
    download_name: Mapped[str | None] = mapped_column(String(255))
    download: Mapped[bytes | None] = mapped_column(db.LargeBinary)
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Moved on by each step of a running job: a running job not heard from for long was killed.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Named by string: the users table belongs to a package this one does not import models of.
    started_by = relationship("User", lazy="joined")

    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
        CheckConstraint("progress_done >= 0 AND progress_total >= 0", name="progress"),
        Index("ix_jobs_status_created_at", "status", "created_at"),
        Index("ix_jobs_started_by_id", "started_by_id"),
    )

    @property
    def args(self) -> dict[str, Any]:
        return json.loads(self.args_json)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def result(self) -> dict[str, Any]:
        return json.loads(self.result_json)


class DailyRun(db.Model):
    """Periodic work done once a day: a row per piece of work and local day, so two workers, or
    one running every minute, do it once."""

    __tablename__ = "daily_runs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
