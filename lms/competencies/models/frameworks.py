"""Competency frameworks, their competencies, the associations between competencies (the tree,
crosswalks and the other CASE association types) and uploaded files awaiting an admin's "Save".

A competency is found by code within its framework (``Framework.code`` + ``Competency.code``):
that pair is what quiz tags, practice categories and evidence refer to. CASE fields the platform
does not model are kept in ``extra`` so that an export gives back what was imported.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

ORIGINS = ("yaml", "case", "moodle")
DOMAINS = ("knowledge", "skills", "values")
# CASE 1.1 association types; "ext:..." names are accepted as well (CASE's extension rule).
ASSOCIATION_TYPES = (
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
)
CROSSWALK_TYPES = ("exactMatchOf", "isRelatedTo")


class Framework(db.Model):
    """A competency framework: the programme's own (from YAML), or one imported by an admin.

    ``code`` is how pages and commands address it: the YAML code (``TM-SW``), the Moodle
    framework id number, or the CASE CFDocument identifier.
    """

    __tablename__ = "competency_frameworks"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    identifier: Mapped[str] = mapped_column(String(64), unique=True)
    uri: Mapped[str] = mapped_column(String(1000))
    origin: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    creator: Mapped[str | None] = mapped_column(Text)
    version: Mapped[str | None] = mapped_column(String(100))
    source: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    scale_values: Mapped[str | None] = mapped_column(Text)  # Moodle: "Not yet competent,Competent"
    scale_configuration: Mapped[str | None] = mapped_column(Text)  # Moodle: its JSON, as given
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    competencies: Mapped[list[Competency]] = relationship(
        back_populates="framework",
        order_by="Competency.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (CheckConstraint("origin IN ('yaml', 'case', 'moodle')", name="origin"),)

    def __repr__(self) -> str:
        return f"<Framework {self.code}>"


class Competency(db.Model):
    """One node of a framework's tree (a CASE CFItem, a Moodle competency, a YAML entry)."""

    __tablename__ = "competencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(
        ForeignKey("competency_frameworks.id", ondelete="CASCADE"), index=True
    )
    identifier: Mapped[str] = mapped_column(String(255))
    uri: Mapped[str] = mapped_column(String(1000))
    code: Mapped[str | None] = mapped_column(String(255))  # humanCodingScheme / Moodle idnumber
    full_statement: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str | None] = mapped_column(Text)  # CASE abbreviatedStatement
    description: Mapped[str | None] = mapped_column(Text)  # CASE notes; Moodle description
    domain: Mapped[str | None] = mapped_column(String(16))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("competencies.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)  # pre-order place in the tree
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    framework: Mapped[Framework] = relationship(back_populates="competencies")
    parent: Mapped[Competency | None] = relationship(remote_side=[id])

    __table_args__ = (
        UniqueConstraint("framework_id", "identifier"),
        UniqueConstraint("framework_id", "code"),
        CheckConstraint(
            "domain IS NULL OR domain IN ('knowledge', 'skills', 'values')", name="domain"
        ),
    )

    @property
    def label(self) -> str:
        """What lists show: the abbreviated statement when there is one, else the statement."""
        return self.short_name or self.full_statement

    def label_for(self, language: str) -> str:
        titles = self.extra.get("titles") or {}
        return titles.get(language) or self.label

    def description_for(self, language: str) -> str | None:
        """The description in the reader's language, English when it is not translated."""
        descriptions = self.extra.get("descriptions") or {}
        return descriptions.get(language) or self.description

    def __repr__(self) -> str:
        return f"<Competency {self.code or self.identifier}>"


class CompetencyAssociation(db.Model):
    """A CASE association from a competency of this framework to a node: a competency of this or
    another framework, this framework's document (top-level ``isChildOf``), or an external URI.

    ``isChildOf`` rows are the tree (``Competency.parent_id`` follows the first of them);
    crosswalks (``exactMatchOf``, ``isRelatedTo``) and the other types are kept and exported.
    """

    __tablename__ = "competency_associations"

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(
        ForeignKey("competency_frameworks.id", ondelete="CASCADE"), index=True
    )
    identifier: Mapped[str] = mapped_column(String(255))
    uri: Mapped[str] = mapped_column(String(1000))
    association_type: Mapped[str] = mapped_column(String(100))
    origin_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="CASCADE"), index=True
    )
    destination_id: Mapped[int | None] = mapped_column(
        ForeignKey("competencies.id", ondelete="SET NULL"), index=True
    )
    destination_identifier: Mapped[str] = mapped_column(String(255))
    destination_uri: Mapped[str] = mapped_column(String(1000))
    destination_title: Mapped[str] = mapped_column(Text)
    sequence_number: Mapped[int | None] = mapped_column(Integer)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    origin: Mapped[Competency] = relationship(foreign_keys=[origin_id])
    destination: Mapped[Competency | None] = relationship(foreign_keys=[destination_id])

    __table_args__ = (UniqueConstraint("framework_id", "identifier"),)


class FrameworkImportDraft(db.Model):
    """An uploaded framework file between its preview and the admin's "Save".

    Kept on the server so that what is saved is exactly what was previewed: the form carries
    only a random token, and the row is found by token *and* uploader.
    """

    __tablename__ = "framework_import_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    uploader_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
