"""Certificates and the observed co-facilitation sessions of ToT candidates.

Certificates are never deleted: they are revoked (with the reason kept) or superseded by a
corrected one. At most one valid certificate per person and programme, enforced by the database.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import User
from lms.certificates.codes import display
from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

STATUSES = ("valid", "revoked", "superseded")


class Certificate(db.Model):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    verification_code: Mapped[str] = mapped_column(String(17), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    programme: Mapped[str] = mapped_column(String(32))
    holder_name: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="valid")
    facts_json: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(String(128))
    key_id: Mapped[str] = mapped_column(String(128))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    # The certificate's entry in the published revocation list (``status_publish.py``): given at
    # issue, never reused.
    status_index: Mapped[int] = mapped_column(Integer, unique=True)

    holder: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")
    superseded_by: Mapped[Certificate | None] = relationship(remote_side=[id])

    __table_args__ = (
        CheckConstraint("status IN ('valid', 'revoked', 'superseded')", name="status"),
        CheckConstraint("status != 'revoked' OR revoked_reason IS NOT NULL", name="revoked_reason"),
        # One valid certificate per person and programme, whatever the code path.
        Index(
            "uq_certificates_one_valid",
            "user_id",
            "programme",
            unique=True,
            sqlite_where=text("status = 'valid'"),
            postgresql_where=text("status = 'valid'"),
        ),
    )

    @property
    def facts(self) -> dict[str, Any]:
        return json.loads(self.facts_json)

    @property
    def code_display(self) -> str:
        return display(self.verification_code)

    def is_expired(self, today: date) -> bool:
        return self.expires_on is not None and today > self.expires_on


class StatusList(db.Model):
    """A signed Bitstring Status List credential as published, kept until a certificate's
    status changes or it nears the end of its validity (never built per request)."""

    __tablename__ = "status_lists"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    credential_json: Mapped[str] = mapped_column(Text)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime)


class CoFacilitation(db.Model):
    """A training session a ToT candidate co-facilitated, observed and rated by a master trainer."""

    __tablename__ = "co_facilitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    observer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    held_on: Mapped[date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(String(200))
    rating: Mapped[int] = mapped_column(Integer)
    comments: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trainee: Mapped[User] = relationship(foreign_keys=[trainee_id])
    observer: Mapped[User] = relationship(foreign_keys=[observer_id])

    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating"),)
