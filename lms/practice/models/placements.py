"""A trainee's field placement: where, with which agency, under whose supervision, and when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import Cohort, Region, User
from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db


class Placement(db.Model):
    """One placement of one trainee. A trainee can have several over time.

    The region is an etrap or a city valid on the start date; the supervisor is a trainer.
    """

    __tablename__ = "practice_placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    agency: Mapped[str] = mapped_column(String(200))
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    required_hours: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id], lazy="joined")
    supervisor: Mapped[User] = relationship(foreign_keys=[supervisor_id], lazy="joined")
    cohort: Mapped[Cohort] = relationship(lazy="joined")
    region: Mapped[Region] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates"),
        CheckConstraint("required_hours >= 0 AND required_hours <= 5000", name="required_hours"),
        CheckConstraint("supervisor_id != trainee_id", name="not_own_supervisor"),
    )

    @property
    def programme(self) -> str:
        return self.cohort.programme

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def __repr__(self) -> str:
        return f"<Placement {self.id} trainee={self.trainee_id}>"
