"""Practice log entries: what a trainee did, when, for how long, and its sign-off state.

Entries are never deleted, and an approved entry is frozen: the migration installs triggers on
SQLite and PostgreSQL that refuse UPDATE of an approved row and any DELETE. A correction is a
new entry that ``amends`` the original; once the amendment is approved the original stops
counting (it is "superseded"), but the original row itself never changes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db
from lms.practice.models.placements import Placement

KINDS = ("direct", "indirect", "supervision", "travel")
COUNTED_KINDS = ("direct", "indirect", "supervision")  # travel is recorded, never counted
ENTRY_STATUSES = ("draft", "submitted", "approved", "returned", "resubmitted")
PENDING_STATUSES = ("submitted", "resubmitted")  # waiting for the supervisor
EDITABLE_STATUSES = ("draft", "returned")  # the trainee may still change these
TARGET_GROUPS = ("child", "family", "older_person", "person_with_disability", "other")
MINUTES_PER_DAY = 24 * 60


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class PracticeEntry(db.Model):
    __tablename__ = "practice_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("practice_placements.id"))
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[date] = mapped_column(Date)
    # Minutes after local midnight; both empty when the trainee gave only a duration.
    start_minute: Mapped[int | None] = mapped_column(Integer)
    end_minute: Mapped[int | None] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))  # from the category when the entry was saved
    client_code: Mapped[str | None] = mapped_column(String(20))
    target_group: Mapped[str | None] = mapped_column(String(24))
    competencies: Mapped[str] = mapped_column(String(300), default="")  # codes, space-separated
    reflection: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("practice_entries.id"))
    privacy_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    return_comment: Mapped[str | None] = mapped_column(Text)
    # The id the phone gave an entry written offline (lms.practice.sync): one entry per id.
    client_id: Mapped[str | None] = mapped_column(String(64))

    placement: Mapped[Placement] = relationship(lazy="joined")
    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id], lazy="raise")
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id], lazy="raise")
    amends: Mapped[PracticeEntry | None] = relationship(remote_side=[id], lazy="raise")

    __table_args__ = (
        CheckConstraint(
            "minutes > 0 AND minutes <= 1440 AND minutes % 15 = 0", name="minutes_in_steps"
        ),
        CheckConstraint(
            "(start_minute IS NULL AND end_minute IS NULL) OR (start_minute >= 0 AND "
            "end_minute <= 1440 AND end_minute - start_minute = minutes)",
            name="times_match_minutes",
        ),
        CheckConstraint(f"status IN ({_in(ENTRY_STATUSES)})", name="status"),
        CheckConstraint(f"kind IN ({_in(KINDS)})", name="kind"),
        CheckConstraint(
            f"target_group IS NULL OR target_group IN ({_in(TARGET_GROUPS)})", name="target_group"
        ),
        CheckConstraint(
            "status != 'returned' OR return_comment IS NOT NULL", name="returned_with_comment"
        ),
        CheckConstraint("amends_id IS NULL OR amends_id != id", name="not_self_amendment"),
        Index("ix_practice_entries_trainee_day", "trainee_id", "day"),
        Index("ix_practice_entries_trainee_client", "trainee_id", "client_id", unique=True),
        Index("ix_practice_entries_placement_status", "placement_id", "status"),
        # The national report groups approved entries by placement, category and day; these
        # indexes hold every column it reads, so it never touches the table itself.
        Index(
            "ix_practice_entries_report_day",
            "status",
            "day",
            "kind",
            "minutes",
            "placement_id",
            "category",
        ),
        Index("ix_practice_entries_report_placement", "status", "placement_id", "kind", "minutes"),
        Index("ix_practice_entries_report_category", "status", "category", "kind", "minutes"),
        # Amendments are few: a partial index finds them (and the entries they replace) fast.
        Index(
            "ix_practice_entries_amendments",
            "amends_id",
            "status",
            sqlite_where=text("amends_id IS NOT NULL"),
            postgresql_where=text("amends_id IS NOT NULL"),
        ),
    )

    @property
    def competency_codes(self) -> list[str]:
        return self.competencies.split()

    @property
    def approved_at(self) -> datetime | None:
        return self.reviewed_at if self.status == "approved" else None

    @property
    def shared(self) -> bool:
        """Submitted at least once; a draft is shown to nobody but its trainee (see counting)."""
        return self.status != "draft"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def counted_kind(self) -> bool:
        return self.kind in COUNTED_KINDS

    def __repr__(self) -> str:
        return f"<PracticeEntry {self.id} {self.day} {self.minutes}min {self.status}>"
