"""A framework as read from a file, before it touches the database.

The CASE reader, the Moodle CSV reader and the YAML content all produce a ``FrameworkPackage``;
``importing`` checks it as a whole and saves it. Every problem carries the line it was found on.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

# The platform's namespace for name-based (version 5) UUIDs: frameworks that do not come with
# identifiers of their own (YAML, Moodle CSV) get the same identifiers on every import.
PLATFORM_NAMESPACE = uuid.UUID("5b0c2f8e-7d0a-4c1e-9a57-3f6e2d9b8c41")


def stable_uuid(*parts: str) -> str:
    return str(uuid.uuid5(PLATFORM_NAMESPACE, "/".join(parts)))


def urn(identifier: str) -> str:
    """A URI for a node the platform made up: we do not serve the CASE REST API."""
    return f"urn:uuid:{identifier}"


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    severity: str = "error"  # or "warning"

    def format(self, filename: str) -> str:
        message = self.message
        if self.severity == "warning":
            message = _("warning: %(message)s", message=message)
        return f"{filename}:{self.line}: {message}"


@dataclass
class PackageItem:
    identifier: str
    full_statement: str
    line: int
    uri: str = ""
    code: str | None = None
    short_name: str | None = None
    description: str | None = None
    domain: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.code or self.short_name or self.full_statement[:60]


@dataclass
class PackageAssociation:
    identifier: str
    association_type: str
    origin: str  # identifier of an item of this package
    destination_identifier: str
    destination_uri: str
    destination_title: str
    line: int
    uri: str = ""
    sequence_number: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class FrameworkPackage:
    origin: str  # yaml / case / moodle
    code: str
    identifier: str
    uri: str
    title: str
    creator: str | None = None
    version: str | None = None
    source: str | None = None
    language: str | None = None
    scale_values: str | None = None
    scale_configuration: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    items: list[PackageItem] = field(default_factory=list)
    associations: list[PackageAssociation] = field(default_factory=list)
    line: int = 1

    def item(self, identifier: str) -> PackageItem | None:
        return next((i for i in self.items if i.identifier == identifier), None)


class ProblemList:
    """Errors, warnings and "ok" of something with a ``package`` and ``problems``."""

    package: FrameworkPackage | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return self.package is not None and not self.errors


@dataclass
class ReadResult(ProblemList):
    """What a reader made of a file: the package (None when unreadable) and its problems."""

    package: FrameworkPackage | None
    problems: list[Problem] = field(default_factory=list)


def link(
    kind: str, origin: PackageItem, target: PackageItem | FrameworkPackage, line: int
) -> PackageAssociation:
    """An association for a format without identifiers of its own (YAML, Moodle CSV)."""
    identifier = stable_uuid(kind, origin.identifier, target.identifier)
    title = target.title if isinstance(target, FrameworkPackage) else target.label
    return PackageAssociation(
        identifier=identifier,
        uri=urn(identifier),
        association_type=kind,
        origin=origin.identifier,
        destination_identifier=target.identifier,
        destination_uri=target.uri,
        destination_title=title,
        line=line,
    )
