"""Velayats, Aşgabat city and their etraps, each valid for a period.

Etraps have been abolished, merged and restored; a restored etrap is a new row, so a record made
while the old one existed keeps pointing at the name it had.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.extensions import db
from lms.i18n.languages import SOURCE_LANGUAGE, language_or

REGION_KINDS = ("velayat", "city", "etrap")


class Region(db.Model):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    name_tk: Mapped[str] = mapped_column(String(100))
    name_ru: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    parent: Mapped[Region | None] = relationship(remote_side=[id], lazy="joined", join_depth=1)

    __table_args__ = (
        CheckConstraint("kind IN ('velayat', 'city', 'etrap')", name="kind"),
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from", name="validity"
        ),
    )

    def name(self, language: str = "en") -> str:
        return getattr(self, f"name_{language_or(language, SOURCE_LANGUAGE)}")

    def is_valid_on(self, day: date) -> bool:
        starts_ok = self.valid_from is None or self.valid_from <= day
        return starts_ok and (self.valid_to is None or day < self.valid_to)

    @property
    def velayat(self) -> Region:
        """The first-level unit this one belongs to (itself for a velayat or Aşgabat)."""
        return self.parent if self.parent is not None else self
