"""CASE 1.1 packages in and out: OpenSALT's test frameworks, the 1EdTech schema, round trips,
and every kind of bad package with the line it is reported on."""

import json

import jsonschema
import pytest
from sqlalchemy import func, select

from lms.competencies.case_export import export_case
from lms.competencies.frameworks import framework_by_code
from lms.competencies.importing import import_framework, plan_import
from lms.competencies.models import Competency, CompetencyAssociation, Framework
from lms.core.extensions import db

OPENSALT = "case/opensalt_test_frameworks"
SCHEMA = "case/1edtech_OpenCASE_schemas/official_case-v1p1-cfpackage.json"
FIXTURES = [
    "AdoptedTestFramework.json",
    "EmptyExternalFramework.json",
    "ItemTypeTestFramework.json",
    "MarkdownFramework.json",
    "Ordering.json",
    "SequenceNumberFramework.json",
    "SmartLevelFramework.json",
    "Utf8TestFramework.json",
]
CASE_1_0_LINKS = ("CFPackageURI", "CFDocumentURI")
DOC = "d0000000-0000-0000-0000-000000000000"


def case_validator(shared_fixtures):
    schema = json.loads((shared_fixtures / SCHEMA).read_text())
    return jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )


def import_file(path, name=None):
    plan = plan_import(name or path.name, path.read_bytes())
    assert plan.ok, plan.formatted()
    framework = import_framework(plan, actor_id=None)
    db.session.commit()
    return framework


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _canonical(entries) -> set[str]:
    cleaned = [{k: v for k, v in e.items() if k not in CASE_1_0_LINKS} for e in entries]
    return {json.dumps(e, sort_keys=True, ensure_ascii=False) for e in cleaned}


def test_every_opensalt_fixture_is_listed(shared_fixtures):
    assert sorted(p.name for p in (shared_fixtures / OPENSALT).glob("*.json")) == FIXTURES


@pytest.mark.parametrize("name", FIXTURES)
def test_opensalt_framework_imports_and_round_trips(app, shared_fixtures, name):
    source = json.loads((shared_fixtures / OPENSALT / name).read_text(encoding="utf-8"))
    with app.app_context():
        framework = import_file(shared_fixtures / OPENSALT / name)
        assert framework.code == framework.identifier == source["CFDocument"]["identifier"]
        assert framework.origin == "case"
        assert count(Competency) == len(source["CFItems"])
        exported = export_case(framework)
    document = {k: v for k, v in source["CFDocument"].items() if k not in CASE_1_0_LINKS}
    assert exported["CFDocument"] == document
    assert _canonical(exported["CFItems"]) == _canonical(source["CFItems"])
    assert _canonical(exported["CFAssociations"]) == _canonical(source["CFAssociations"])
    assert exported["CFDefinitions"] == source["CFDefinitions"]


@pytest.mark.parametrize("name", FIXTURES)
def test_exported_package_is_valid_case_1_1(app, shared_fixtures, name):
    with app.app_context():
        exported = export_case(import_file(shared_fixtures / OPENSALT / name))
    errors = list(case_validator(shared_fixtures).iter_errors(exported))
    assert errors == []


def test_ordering_fixture_is_case_1_0_and_differs_from_1_1_only_by_its_link_fields(
    shared_fixtures,
):
    source = json.loads((shared_fixtures / OPENSALT / "Ordering.json").read_text())
    errors = list(case_validator(shared_fixtures).iter_errors(source))
    unexpected = {e.message for e in errors}
    assert unexpected == {
        "Additional properties are not allowed ('CFPackageURI' was unexpected)",
        "Additional properties are not allowed ('CFDocumentURI' was unexpected)",
    }
    assert len(errors) == 1 + len(source["CFItems"]) + len(source["CFAssociations"])


def test_other_fixtures_are_valid_case_1_1_as_they_come(shared_fixtures):
    validator = case_validator(shared_fixtures)
    for name in FIXTURES:
        if name != "Ordering.json":
            data = json.loads((shared_fixtures / OPENSALT / name).read_text())
            assert list(validator.iter_errors(data)) == [], name


def test_tree_follows_sequence_numbers_then_codes_read_as_numbers(app, shared_fixtures):
    with app.app_context():
        import_file(shared_fixtures / OPENSALT / "SequenceNumberFramework.json")
        codes = db.session.scalars(select(Competency.code).order_by(Competency.position)).all()
        assert codes == ["SNT.2", "SNT.1"]  # sequenceNumber 1 before 2, whatever the file order
        db.session.execute(db.delete(Competency))
        db.session.execute(db.delete(Framework))
        import_file(shared_fixtures / OPENSALT / "Ordering.json")
        codes = db.session.scalars(select(Competency.code).order_by(Competency.position)).all()
    level = [c.rsplit(".", 1)[1] for c in codes if c.startswith("H.A.MATH.GM.PF.2DFP.L1.")]
    assert level == [str(n) for n in range(1, 25)]


def test_reimporting_the_same_package_changes_nothing(app, shared_fixtures):
    with app.app_context():
        first = import_file(shared_fixtures / OPENSALT / "SmartLevelFramework.json")
        ids = dict(db.session.execute(select(Competency.identifier, Competency.id)).all())
        exported = json.dumps(export_case(first)).encode()
        again = import_file_bytes(exported)
        assert again.id == first.id
        assert dict(db.session.execute(select(Competency.identifier, Competency.id)).all()) == ids
        assert count(CompetencyAssociation) == 14


def import_file_bytes(raw: bytes, name="package.json"):
    plan = plan_import(name, raw)
    assert plan.ok, plan.formatted()
    framework = import_framework(plan, actor_id=None)
    db.session.commit()
    return framework


def test_framework_is_found_by_its_cfdocument_identifier(app, shared_fixtures):
    with app.app_context():
        import_file(shared_fixtures / OPENSALT / "MarkdownFramework.json")
        assert framework_by_code(DOC).title == "Test Markdown Framework"


# --- bad packages: every problem, with its line, and nothing saved ---------------------------


def problems_of(app, text: str) -> list[str]:
    with app.app_context():
        plan = plan_import("bad.json", text.encode())
        assert not plan.ok
        assert count(Framework) == 0
        return plan.formatted()


def package(items=(), associations=(), **document) -> str:
    doc = {
        "identifier": DOC,
        "uri": "https://example.org/doc",
        "creator": "Tester",
        "title": "Bad",
        "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        **document,
    }
    data = {"CFDocument": doc, "CFItems": list(items), "CFAssociations": list(associations)}
    return json.dumps(data, indent=2)


def item(number: int, **fields) -> dict:
    identifier = f"00000000-0000-0000-0000-{number:012d}"
    return {
        "identifier": identifier,
        "uri": f"https://example.org/items/{number}",
        "fullStatement": f"Item {number}",
        "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        **fields,
    }


def child(number: int, origin: int, destination: int | None, kind="isChildOf") -> dict:
    def node(n):
        if n is None:
            return {"title": "Bad", "identifier": DOC, "uri": "https://example.org/doc"}
        return {"title": f"Item {n}", "identifier": item(n)["identifier"], "uri": "x:y"}

    return {
        "identifier": f"a0000000-0000-0000-0000-{number:012d}",
        "uri": f"https://example.org/associations/{number}",
        "associationType": kind,
        "originNodeURI": node(origin),
        "destinationNodeURI": node(destination),
        "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
    }


def line_of(text: str, needle: str) -> int:
    """The line of the "{" that opens the object containing ``needle``."""
    lines = text.splitlines()
    found = next(i for i, line in enumerate(lines) if needle in line)
    return next(i for i in range(found, -1, -1) if lines[i].strip().startswith("{")) + 1


def test_a_file_that_is_not_json_is_refused_with_its_line(app):
    assert problems_of(app, '{\n  "CFDocument": {\n    "title": oops\n') == [
        "bad.json:3: not valid JSON: Expecting value"
    ]


def test_a_file_that_is_not_utf8_is_refused(app):
    with app.app_context():
        plan = plan_import("bad.json", b'{\n"title": "\xff"}')
    assert plan.formatted() == ["bad.json:2: the file is not UTF-8 text"]


def test_missing_required_fields_are_all_listed_with_their_lines(app):
    text = package(items=[item(1), {**item(2), "fullStatement": None}, {"identifier": "x"}])
    text = text.replace('"creator": "Tester",', "")
    problems = problems_of(app, text)
    second, third = line_of(text, "items/2"), line_of(text, '"x"')
    assert problems == [
        "bad.json:2: CFDocument: missing required field(s) “creator”",
        f"bad.json:{second}: CFItems[1]: missing required field(s) “fullStatement”",
        f"bad.json:{third}: CFItems[2]: missing required field(s) "
        "“fullStatement”, “uri”, “lastChangeDateTime”",
    ]


def test_associations_pointing_at_unknown_items_are_refused(app):
    text = package(items=[item(1)], associations=[child(1, 1, None), child(2, 1, 99)])
    text = text.replace(item(99)["identifier"], "00000000-0000-0000-0000-000000000099")
    problems = problems_of(app, text)
    line = line_of(text, "associations/2")
    assert problems == [
        f"bad.json:{line}: isChildOf points at “00000000-0000-0000-0000-000000000099”, which is "
        "neither an item of this framework nor the framework itself"
    ]


def test_an_association_from_an_unknown_item_is_refused(app):
    text = package(items=[item(1)], associations=[child(1, 7, 1, kind="isRelatedTo")])
    assert problems_of(app, text) == [
        f"bad.json:{line_of(text, 'associations/1')}: isRelatedTo: origin "
        "“00000000-0000-0000-0000-000000000007” is not an item here"
    ]


def test_a_cycle_in_is_child_of_is_refused(app):
    items = [item(1, humanCodingScheme="A"), item(2, humanCodingScheme="B"), item(3)]
    links = [child(1, 1, 2), child(2, 2, 1), child(3, 3, None)]
    text = package(items=items, associations=links)
    assert problems_of(app, text) == [
        f"bad.json:{line_of(text, 'items/1')}: isChildOf cycle: A → B → A"
    ]


def test_duplicates_bad_identifiers_and_unknown_types_are_all_reported(app):
    items = [item(1, humanCodingScheme="X"), item(2, humanCodingScheme="X"), item(1)]
    items.append({**item(4), "identifier": "not-a-uuid"})
    text = package(items=items, associations=[child(1, 1, None, kind="isCousinOf")])
    problems = problems_of(app, text)
    assert len(problems) == 4
    assert any("identifier “not-a-uuid” is not a UUID" in p for p in problems)
    assert any("code “X” is used twice" in p for p in problems)
    assert any(
        "identifier “00000000-0000-0000-0000-000000000001” is used twice" in p for p in problems
    )
    assert any("unknown associationType “isCousinOf”" in p for p in problems)


def test_a_package_without_cfdocument_is_refused(app):
    assert problems_of(app, '{"CFItems": []}') == [
        "bad.json:1: the package has no “CFDocument” object"
    ]


def test_an_empty_file_is_refused(app):
    assert problems_of(app, "  \n") == ["bad.json:1: the file is empty"]
