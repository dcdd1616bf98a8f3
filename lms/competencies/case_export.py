"""Writing a framework as a CASE 1.1 package (``CFDocument``, ``CFItems``, ``CFAssociations``).

A framework imported from CASE is written back with its own identifiers, URIs, dates and every
field kept from the file; frameworks from YAML or Moodle get stable made-up identifiers
(UUID version 5) and ``urn:uuid:`` URIs. The package validates against 1EdTech's CASE 1.1
package schema.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.competencies.models import Competency, CompetencyAssociation, Framework
from lms.core.extensions import db

DEFAULT_CREATOR = "National social work training programme of Turkmenistan"


def _timestamp(framework: Framework) -> str:
    return framework.updated_at.replace(microsecond=0).isoformat()


def _document(framework: Framework) -> dict[str, Any]:
    document: dict[str, Any] = {
        "identifier": framework.identifier,
        "uri": framework.uri,
        "creator": framework.creator or DEFAULT_CREATOR,
        "title": framework.title,
        "lastChangeDateTime": _timestamp(framework),
    }
    optional = {
        "version": framework.version,
        "description": framework.source,
        "language": framework.language,
    }
    document.update({k: v for k, v in optional.items() if v is not None})
    if framework.origin != "case":
        document["caseVersion"] = "1.1"
    document.update(framework.extra.get("case", {}))
    return document


def _item(competency: Competency, framework: Framework) -> dict[str, Any]:
    item: dict[str, Any] = {
        "identifier": competency.identifier,
        "uri": competency.uri,
        "fullStatement": competency.full_statement,
        "lastChangeDateTime": _timestamp(framework),
    }
    optional = {
        "humanCodingScheme": competency.code,
        "abbreviatedStatement": competency.short_name,
        "notes": competency.description,
    }
    item.update({k: v for k, v in optional.items() if v is not None})
    item.update(competency.extra.get("case", {}))
    if competency.domain:
        item["extensions"] = {**item.get("extensions", {}), "domain": competency.domain}
    return item


def _node(competency: Competency) -> dict[str, str]:
    return {
        "title": competency.code or competency.label,
        "identifier": competency.identifier,
        "uri": competency.uri,
    }


def _association(association: CompetencyAssociation, framework: Framework) -> dict[str, Any]:
    destination = {
        "title": association.destination_title,
        "identifier": association.destination_identifier,
        "uri": association.destination_uri,
        **association.extra.get("destination", {}),
    }
    entry: dict[str, Any] = {
        "identifier": association.identifier,
        "uri": association.uri,
        "associationType": association.association_type,
        "originNodeURI": _node(association.origin),
        "destinationNodeURI": destination,
        "lastChangeDateTime": _timestamp(framework),
    }
    if association.sequence_number is not None:
        entry["sequenceNumber"] = association.sequence_number
    entry.update(association.extra.get("case", {}))
    return entry


def export_case(framework: Framework) -> dict[str, Any]:
    """The framework as a CASE 1.1 package (a JSON-ready dict)."""
    competencies = db.session.scalars(
        select(Competency)
        .where(Competency.framework_id == framework.id)
        .order_by(Competency.position)
    ).all()
    associations = db.session.scalars(
        select(CompetencyAssociation)
        .where(CompetencyAssociation.framework_id == framework.id)
        .options(selectinload(CompetencyAssociation.origin))
        .order_by(CompetencyAssociation.id)
    ).all()
    package: dict[str, Any] = {
        "CFDocument": _document(framework),
        "CFItems": [_item(c, framework) for c in competencies],
        "CFAssociations": [_association(a, framework) for a in associations],
    }
    package.update(framework.extra.get("package", {}))
    return package


def export_case_json(framework: Framework) -> str:
    return json.dumps(export_case(framework), ensure_ascii=False, indent=2) + "\n"
