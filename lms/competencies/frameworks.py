"""Frameworks in the database: finding them, their trees, their crosswalks, and the uploaded
files waiting between an import's preview and its "Save"."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import joinedload

from lms.competencies.models import (
    Competency,
    CompetencyAssociation,
    Framework,
    FrameworkImportDraft,
)
from lms.competencies.models.frameworks import CROSSWALK_TYPES
from lms.competencies.package import stable_uuid, urn
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db

DRAFT_LIFETIME = timedelta(hours=24)


class CrosswalkError(ValueError):
    pass


@dataclass(frozen=True)
class TreeNode:
    competency: Competency
    depth: int
    is_leaf: bool


def framework_by_code(code: str) -> Framework | None:
    """A framework by the code it is addressed by (CASE frameworks: also their identifier)."""
    return db.session.scalar(
        select(Framework).where(or_(Framework.code == code, Framework.identifier == code))
    )


def framework_summaries() -> list[tuple[Framework, int]]:
    """Every framework with its number of competencies, in one query."""
    count = (
        select(func.count(Competency.id))
        .where(Competency.framework_id == Framework.id)
        .scalar_subquery()
    )
    rows = db.session.execute(select(Framework, count).order_by(Framework.title)).all()
    return [(framework, total) for framework, total in rows]


def framework_tree(framework: Framework) -> list[TreeNode]:
    """The competencies in tree order with their depth, in one query."""
    competencies = db.session.scalars(
        select(Competency)
        .where(Competency.framework_id == framework.id)
        .order_by(Competency.position)
    ).all()
    parents = {c.parent_id for c in competencies}
    depth: dict[int, int] = {}
    nodes = []
    for competency in competencies:
        depth[competency.id] = depth.get(competency.parent_id, -1) + 1
        nodes.append(TreeNode(competency, depth[competency.id], competency.id not in parents))
    return nodes


def links_of(framework: Framework) -> dict[int, list[tuple[str, CompetencyAssociation, bool]]]:
    """Each competency's associations other than the tree, both ways, in one query:
    competency id -> [(type, association, outgoing)]."""
    ids = select(Competency.id).where(Competency.framework_id == framework.id)
    rows = db.session.scalars(
        select(CompetencyAssociation)
        .where(
            CompetencyAssociation.association_type != "isChildOf",
            or_(
                CompetencyAssociation.origin_id.in_(ids),
                CompetencyAssociation.destination_id.in_(ids),
            ),
        )
        .options(
            joinedload(CompetencyAssociation.origin).joinedload(Competency.framework),
            joinedload(CompetencyAssociation.destination).joinedload(Competency.framework),
        )
        .order_by(CompetencyAssociation.id)
    ).unique()
    links: dict[int, list] = {}
    for row in rows:
        if row.origin.framework_id == framework.id:
            links.setdefault(row.origin_id, []).append((row.association_type, row, True))
        destination = row.destination
        incoming = destination is not None and destination.framework_id == framework.id
        if incoming and row.origin.framework_id != framework.id:
            links.setdefault(row.destination_id, []).append((row.association_type, row, False))
    return links


def add_crosswalk(
    origin: Competency, destination: Competency, kind: str, *, actor_id: int
) -> CompetencyAssociation:
    """An admin's crosswalk between competencies of two frameworks (audited)."""
    if kind not in CROSSWALK_TYPES:
        raise CrosswalkError(_("A crosswalk is exactMatchOf or isRelatedTo."))
    if origin.framework_id == destination.framework_id:
        raise CrosswalkError(_("A crosswalk links competencies of two different frameworks."))
    identifier = stable_uuid(kind, origin.identifier, destination.identifier)
    taken = db.session.scalar(
        select(CompetencyAssociation.id).where(
            CompetencyAssociation.framework_id == origin.framework_id,
            CompetencyAssociation.identifier == identifier,
        )
    )
    if taken is not None:
        raise CrosswalkError(_("This crosswalk exists already."))
    association = CompetencyAssociation(
        framework_id=origin.framework_id,
        identifier=identifier,
        uri=urn(identifier),
        association_type=kind,
        origin=origin,
        destination=destination,
        destination_identifier=destination.identifier,
        destination_uri=destination.uri,
        destination_title=destination.code or destination.label,
        added_by_id=actor_id,
        extra={},
    )
    db.session.add(association)
    db.session.flush()
    audit.record(
        "crosswalk.added",
        actor_id=actor_id,
        target_type="competency",
        target_id=origin.id,
        association=kind,
        origin=f"{origin.framework.code} {origin.code or origin.identifier}",
        destination=f"{destination.framework.code} {destination.code or destination.identifier}",
    )
    return association


def store_draft(uploader_id: int, filename: str, content: bytes) -> FrameworkImportDraft:
    """Keep an uploaded file for its preview; drafts older than a day are cleared here."""
    db.session.execute(
        delete(FrameworkImportDraft).where(
            FrameworkImportDraft.created_at < utcnow() - DRAFT_LIFETIME
        )
    )
    draft = FrameworkImportDraft(
        token=secrets.token_urlsafe(32),
        uploader_id=uploader_id,
        filename=filename[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def draft_for(token: str, uploader_id: int) -> FrameworkImportDraft | None:
    """The uploader's own, unexpired draft, or None (another user's token finds nothing)."""
    draft = db.session.scalar(
        select(FrameworkImportDraft).where(
            FrameworkImportDraft.token == token, FrameworkImportDraft.uploader_id == uploader_id
        )
    )
    if draft is None or draft.created_at < utcnow() - DRAFT_LIFETIME:
        return None
    if hashlib.sha256(draft.content).hexdigest() != draft.sha256:
        return None
    return draft
