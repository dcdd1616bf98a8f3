"""Supervision sessions recorded by a supervisor, with the trainees present and agreed actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db
from lms.practice.models.placements import Placement

SESSION_FORMATS = ("individual", "group", "live_observation")
SESSION_MODES = ("in_person", "phone", "online")
SESSION_TOPICS = ("cases", "ethics", "learning_goals", "safety", "self_care")


class SupervisionSession(db.Model):
    __tablename__ = "practice_supervision_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(24))
    mode: Mapped[str] = mapped_column(String(16))
    topics: Mapped[str] = mapped_column(String(200), default="")  # codes, space-separated
    case_codes: Mapped[str] = mapped_column(String(200), default="")  # client codes discussed
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    supervisor: Mapped[User] = relationship(lazy="joined")
    participants: Mapped[list[SessionParticipant]] = relationship(
        back_populates="session", lazy="selectin", cascade="all, delete-orphan"
    )
    actions: Mapped[list[AgreedAction]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="AgreedAction.due_on"
    )

    __table_args__ = (
        CheckConstraint("minutes > 0 AND minutes <= 480 AND minutes % 15 = 0", name="minutes"),
        CheckConstraint(
            "format IN ('individual', 'group', 'live_observation')", name="session_format"
        ),
        CheckConstraint("mode IN ('in_person', 'phone', 'online')", name="mode"),
    )

    @property
    def topic_codes(self) -> list[str]:
        return self.topics.split()

    @property
    def case_code_list(self) -> list[str]:
        return self.case_codes.split()

    def participant_for(self, trainee_id: int) -> SessionParticipant | None:
        return next((p for p in self.participants if p.trainee_id == trainee_id), None)


class SessionParticipant(db.Model):
    """A trainee present at a session (through their placement) and when they acknowledged it."""

    __tablename__ = "practice_session_participants"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("practice_supervision_sessions.id"), primary_key=True
    )
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("practice_placements.id"), primary_key=True, index=True
    )
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[SupervisionSession] = relationship(back_populates="participants")
    placement: Mapped[Placement] = relationship(lazy="joined")


class AgreedAction(db.Model):
    __tablename__ = "practice_session_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("practice_supervision_sessions.id"), index=True
    )
    description: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date)
