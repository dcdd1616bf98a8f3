"""Crosswalks read from CASE packages: linked to the other framework's competency, shown on
both frameworks, linked later when the other framework arrives second."""

import json

from competencies.world import sample_package, save_sample
from sqlalchemy import select
from support import login

from lms.competencies.case_export import export_case
from lms.competencies.importing import import_framework, plan_import
from lms.competencies.models import Competency, CompetencyAssociation
from lms.core.extensions import db

DOC = "11111111-2222-4333-8444-555555555555"
ITEM = "11111111-2222-4333-8444-000000000001"


def crosswalk_package(target_identifier: str, kind: str = "exactMatchOf") -> bytes:
    stamp = "2024-05-01T00:00:00+00:00"
    return json.dumps(
        {
            "CFDocument": {
                "identifier": DOC,
                "uri": "https://standards.example/doc",
                "creator": "Ministry",
                "title": "National standard",
                "lastChangeDateTime": stamp,
            },
            "CFItems": [
                {
                    "identifier": ITEM,
                    "uri": "https://standards.example/items/1",
                    "fullStatement": "Acts ethically",
                    "humanCodingScheme": "NS.1",
                    "lastChangeDateTime": stamp,
                }
            ],
            "CFAssociations": [
                {
                    "identifier": "11111111-2222-4333-8444-a00000000001",
                    "uri": "https://standards.example/associations/1",
                    "associationType": kind,
                    "originNodeURI": {"title": "NS.1", "identifier": ITEM, "uri": "x:1"},
                    "destinationNodeURI": {
                        "title": "ETH-1",
                        "identifier": target_identifier,
                        "uri": f"urn:uuid:{target_identifier}",
                    },
                    "lastChangeDateTime": stamp,
                }
            ],
        }
    ).encode()


def _import(raw: bytes):
    plan = plan_import("standard.json", raw)
    assert plan.ok, plan.formatted()
    framework = import_framework(plan, actor_id=None)
    db.session.commit()
    return framework


def test_a_case_crosswalk_to_a_known_framework_is_linked_and_shown_both_ways(app, client, factory):
    factory.user("coord", "coordinator")
    with app.app_context():
        save_sample()
        target = db.session.scalar(select(Competency).where(Competency.code == "ETH-1"))
        _import(crosswalk_package(target.identifier))
        association = db.session.scalar(
            select(CompetencyAssociation).where(
                CompetencyAssociation.association_type == "exactMatchOf"
            )
        )
        assert association.destination_id == target.id
    login(client, "coord")
    standard = client.get(f"/competencies/frameworks/{DOC}").get_data(as_text=True)
    assert "Exact match of" in standard and "/competencies/frameworks/SAMPLE#c" in standard
    sample = client.get("/competencies/frameworks/SAMPLE").get_data(as_text=True)
    assert "Exactly matched by" in sample and f"/competencies/frameworks/{DOC}#c" in sample


def test_a_crosswalk_to_a_framework_imported_later_is_linked_when_it_arrives(app):
    with app.app_context():
        future = next(i for i in sample_package().items if i.code == "ETH-1").identifier
        _import(crosswalk_package(future, kind="isRelatedTo"))
        association = db.session.scalar(select(CompetencyAssociation))
        assert association.destination_id is None  # an external node for now
        save_sample()
        db.session.commit()
        db.session.refresh(association)
        assert association.destination.code == "ETH-1"


def test_an_external_destination_is_kept_and_exported_as_given(app):
    with app.app_context():
        framework = _import(crosswalk_package("99999999-2222-4333-8444-555555555555"))
        exported = export_case(framework)
    destination = exported["CFAssociations"][0]["destinationNodeURI"]
    assert destination == {
        "title": "ETH-1",
        "identifier": "99999999-2222-4333-8444-555555555555",
        "uri": "urn:uuid:99999999-2222-4333-8444-555555555555",
    }
