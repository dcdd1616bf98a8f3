"""Cohorts: a group of trainees taking one programme together, with their trainers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models.users import User
from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

cohort_trainers = Table(
    "cohort_trainers",
    db.metadata,
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)

cohort_members = Table(
    "cohort_members",
    db.metadata,
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Cohort(db.Model):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    programme: Mapped[str] = mapped_column(String(32))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainers: Mapped[list[User]] = relationship(secondary=cohort_trainers, order_by=User.full_name)
    trainees: Mapped[list[User]] = relationship(secondary=cohort_members, order_by=User.full_name)

    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="dates"),)

    def __repr__(self) -> str:
        return f"<Cohort {self.code}>"
