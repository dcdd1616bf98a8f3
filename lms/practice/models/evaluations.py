"""Field evaluations: the supervisor rates each competency at mid-placement and at the end."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db
from lms.practice.models.placements import Placement

STAGES = ("mid", "end")  # mid-placement, end of placement (in this order)
RATINGS = (5, 4, 3, 2, 1)  # 5 excelled ... 3 met ... 1 not met; None is "not observed"


class FieldEvaluation(db.Model):
    __tablename__ = "practice_field_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("practice_placements.id"), index=True)
    stage: Mapped[str] = mapped_column(String(8))
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    strengths: Mapped[str] = mapped_column(Text, default="")
    areas_to_develop: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    self_evaluation: Mapped[str] = mapped_column(Text, default="")
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    placement: Mapped[Placement] = relationship(lazy="joined")
    supervisor: Mapped[User] = relationship(lazy="joined")
    ratings: Mapped[list[FieldRating]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="FieldRating.competency"
    )

    __table_args__ = (
        UniqueConstraint("placement_id", "stage"),
        CheckConstraint("stage IN ('mid', 'end')", name="stage"),
    )

    def rating_for(self, competency: str) -> int | None:
        return next((r.rating for r in self.ratings if r.competency == competency), None)

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class FieldRating(db.Model):
    """One competency's rating; ``rating`` is None when the supervisor did not observe it."""

    __tablename__ = "practice_field_ratings"

    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("practice_field_evaluations.id"), primary_key=True
    )
    competency: Mapped[str] = mapped_column(String(16), primary_key=True)
    rating: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating"),
    )
