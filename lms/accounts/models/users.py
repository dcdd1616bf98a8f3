"""Users, their roles, server-side login sessions and login attempts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db
from lms.i18n.collation import sort_key
from lms.i18n.language import language
from lms.i18n.languages import LANGUAGES

if TYPE_CHECKING:
    from lms.accounts.models.regions import Region

ROLES = ("trainee", "trainer", "coordinator", "admin")

# A name's sort key (lms.i18n.collation) in each interface language, compared code point by code
# point: PostgreSQL's "C" collation (its default one follows the server's locale).
NameKey = String(800).with_variant(String(800, collation="C"), "postgresql")


def name_keys(full_name: str) -> dict[str, str]:
    """The ``name_key_<language>`` columns for a name (for bulk inserts; the model sets its own)."""
    return {f"name_key_{language}": sort_key(full_name, language) for language in LANGUAGES}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    # Case-folded, NFC, confusable-folded form: two usernames that look alike share a key.
    username_key: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # Lists of people are ordered by these, through an index, in the reader's alphabet; not
    # loaded with the user (the session lookup on every request has no use for them).
    name_key_tk: Mapped[str] = mapped_column(NameKey, server_default="", deferred=True)
    name_key_ru: Mapped[str] = mapped_column(NameKey, server_default="", deferred=True)
    name_key_en: Mapped[str] = mapped_column(NameKey, server_default="", deferred=True)
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str | None] = mapped_column(String(5))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when an admin erased a departed trainee's personal data (lms.privacy.erasure): the
    # row stays, pseudonymised, for the certificates and signed-off practice that refer to it.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    region: Mapped[Region | None] = relationship(lazy="joined")
    # Loaded on use: most lists of people never show roles, and the logged-in user's come with
    # the session lookup (``load_session_user``). A list that shows roles asks for them
    # (``selectinload(User.role_rows)``), so the count stays one statement per list.
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", order_by="UserRole.role"
    )

    __table_args__ = (
        Index("ix_users_full_name_id", "full_name", "id"),
        *(Index(f"ix_users_name_key_{lang}_id", f"name_key_{lang}", "id") for lang in LANGUAGES),
    )

    @validates("full_name")
    def _keep_name_keys(self, _key: str, full_name: str) -> str:
        for column, value in name_keys(full_name).items():
            setattr(self, column, value)
        return full_name

    # Set by the login machinery: the token of the server-side session this object came from.
    session_token = None  # a plain attribute: not a column

    @property
    def roles(self) -> set[str]:
        return {row.role for row in self.role_rows}

    def has_role(self, *roles: str) -> bool:
        return any(row.role in roles for row in self.role_rows)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str | None:
        return self.session_token

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)

    __table_args__ = (
        CheckConstraint("role IN ('trainee', 'trainer', 'coordinator', 'admin')", name="role"),
    )


class UserSession(db.Model):
    """A login on one browser. The cookie holds a random token; the table holds its hash.

    Deleting the row ends that login on the server, whatever the browser still sends.
    """

    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class LoginAttempt(db.Model):
    """One login attempt by username (known or not), for throttling."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username_key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (Index("ix_login_attempts_username_key_at", "username_key", "at"),)


def name_order():
    """ORDER BY expression: people's names in the reader's alphabetical order (their stored
    sort key in the reader's language, which an index serves)."""
    return getattr(User, f"name_key_{language()}", User.name_key_tk)
