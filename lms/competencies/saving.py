"""Writing a checked ``FrameworkPackage`` into the database, creating or updating in place.

Competencies are matched by identifier, so their rows (and the course mappings and evidence
that point at them) survive a re-import; associations read from files are replaced, while
crosswalks an admin added by hand are kept. Flushes only; the caller commits.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

from sqlalchemy import delete, select

from lms.competencies.models import Competency, CompetencyAssociation, Framework
from lms.competencies.package import FrameworkPackage, PackageAssociation
from lms.competencies.structure import tree_order
from lms.core.database import utcnow
from lms.core.extensions import db

FRAMEWORK_FIELDS = (
    "title",
    "uri",
    "creator",
    "version",
    "source",
    "language",
    "scale_values",
    "scale_configuration",
    "extra",
)


def fingerprint(package: FrameworkPackage) -> str:
    """A hash of what the package says (not where it says it): unchanged files skip saving."""
    data = dataclasses.asdict(package)
    for entry in [data, *data["items"], *data["associations"]]:
        entry["line"] = 0
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _framework(package: FrameworkPackage, existing: Framework | None, sha: str) -> Framework:
    framework = existing or Framework(
        code=package.code, identifier=package.identifier, origin=package.origin
    )
    for name in FRAMEWORK_FIELDS:
        setattr(framework, name, getattr(package, name))
    framework.content_sha256 = sha
    framework.updated_at = utcnow()
    db.session.add(framework)
    db.session.flush()
    return framework


def _competencies(framework: Framework, package: FrameworkPackage) -> dict[str, Competency]:
    current = {
        c.identifier: c
        for c in db.session.scalars(
            select(Competency).where(Competency.framework_id == framework.id)
        )
    }
    wanted = {item.identifier: item for item in package.items}
    for identifier, competency in current.items():
        if identifier not in wanted:
            db.session.delete(competency)
        elif competency.code != wanted[identifier].code:
            competency.code = None  # free the code first: two items may swap codes
    db.session.flush()
    by_identifier: dict[str, Competency] = {}
    for position, (item, parent, _depth) in enumerate(tree_order(package)):
        competency = current.get(item.identifier) or Competency(
            framework_id=framework.id, identifier=item.identifier
        )
        competency.uri = item.uri
        competency.code = item.code
        competency.full_statement = item.full_statement
        competency.short_name = item.short_name
        competency.description = item.description
        competency.domain = item.domain
        competency.extra = item.extra
        competency.position = position
        competency.parent = by_identifier[parent] if parent else None
        db.session.add(competency)
        by_identifier[item.identifier] = competency
    db.session.flush()
    return by_identifier


def _elsewhere(identifiers: set[str], framework: Framework) -> dict[str, Competency]:
    """Competencies of other frameworks with these identifiers (crosswalk destinations)."""
    if not identifiers:
        return {}
    rows = db.session.scalars(
        select(Competency)
        .where(Competency.identifier.in_(identifiers), Competency.framework_id != framework.id)
        .order_by(Competency.id.desc())
    )
    return {c.identifier: c for c in rows}


def _associations(framework, package: FrameworkPackage, by_identifier: dict) -> None:
    db.session.execute(
        delete(CompetencyAssociation).where(
            CompetencyAssociation.framework_id == framework.id,
            CompetencyAssociation.added_by_id.is_(None),
        )
    )
    kept = {
        a.identifier: a
        for a in db.session.scalars(
            select(CompetencyAssociation).where(CompetencyAssociation.framework_id == framework.id)
        )
    }
    outside = {a.destination_identifier for a in package.associations} - set(by_identifier)
    others = _elsewhere(outside - {framework.identifier}, framework)
    for entry in package.associations:
        association = kept.get(entry.identifier) or CompetencyAssociation(
            framework_id=framework.id, identifier=entry.identifier
        )
        _fill(association, entry, by_identifier, others)
        db.session.add(association)


def _fill(association, entry: PackageAssociation, by_identifier: dict, others: dict) -> None:
    association.uri = entry.uri
    association.association_type = entry.association_type
    association.origin = by_identifier[entry.origin]
    association.destination = by_identifier.get(entry.destination_identifier) or others.get(
        entry.destination_identifier
    )
    association.destination_identifier = entry.destination_identifier
    association.destination_uri = entry.destination_uri
    association.destination_title = entry.destination_title
    association.sequence_number = entry.sequence_number
    association.extra = entry.extra


def _link_waiting_associations(framework: Framework, by_identifier: dict) -> None:
    """Other frameworks' associations that named these competencies before they existed."""
    waiting = db.session.scalars(
        select(CompetencyAssociation).where(
            CompetencyAssociation.destination_id.is_(None),
            CompetencyAssociation.framework_id != framework.id,
            CompetencyAssociation.destination_identifier.in_(list(by_identifier)),
        )
    )
    for association in waiting:
        association.destination = by_identifier[association.destination_identifier]


def save_package(package: FrameworkPackage, existing: Framework | None) -> tuple[Framework, bool]:
    """Create or update the framework; (framework, False) when the package is unchanged."""
    sha = fingerprint(package)
    if existing is not None and existing.content_sha256 == sha:
        return existing, False
    framework = _framework(package, existing, sha)
    by_identifier = _competencies(framework, package)
    _associations(framework, package, by_identifier)
    if by_identifier:
        _link_waiting_associations(framework, by_identifier)
    db.session.flush()
    return framework, True
