"""Moodle competency framework CSV: Moodle's own example file, and bad files reported by line."""

import json

import jsonschema
from sqlalchemy import func, select

from lms.competencies.case_export import export_case
from lms.competencies.frameworks import framework_by_code, framework_tree
from lms.competencies.importing import import_framework, plan_import
from lms.competencies.models import Competency, CompetencyAssociation, Framework
from lms.core.extensions import db

EXAMPLE = "moodle_competency_csv/moodle/example.csv"
SCHEMA = "case/1edtech_OpenCASE_schemas/official_case-v1p1-cfpackage.json"
HEADER = (
    '"Parent id number","Id number",Shortname,Description,"Description format","Scale values",'
    '"Scale configuration","Rule type (optional)","Rule outcome (optional)",'
    '"Rule config (optional)","Cross referenced competency id numbers",'
    '"Exported id (optional)","Is framework",Taxonomy\n'
)
FRAMEWORK_ROW = ',FW,"Sample framework",,1,"No,Yes","[]",,,,,,1,"skill,skill"\n'


def row(parent, idnumber, shortname, cross="", framework=""):
    return f'"{parent}","{idnumber}","{shortname}",,1,,,,0,null,"{cross}",,{framework},\n'


def import_example(shared_fixtures):
    raw = (shared_fixtures / EXAMPLE).read_bytes()
    plan = plan_import("example.csv", raw)
    assert plan.ok, plan.formatted()
    framework = import_framework(plan, actor_id=None)
    db.session.commit()
    return framework, plan


def test_moodle_example_gives_one_framework_and_64_competencies_in_4_levels(app, shared_fixtures):
    with app.app_context():
        framework, plan = import_example(shared_fixtures)
        assert plan.warnings == []
        assert (framework.code, framework.title, framework.origin) == (
            "OECD-CORE",
            "OECD",
            "moodle",
        )
        assert framework.scale_values == "Not yet competent,Competent"
        assert json.loads(framework.scale_configuration)[1]["proficient"] == 1
        assert (
            framework.extra["moodle"]["taxonomy"] == "competency,competency,competency,competency"
        )
        nodes = framework_tree(framework)
        assert len(nodes) == 64
        assert {n.depth for n in nodes} == {0, 1, 2, 3}
        top = [n.competency.code for n in nodes if n.depth == 0]
        assert top == ["levels", "competencies"]  # the file's order
        by_code = {n.competency.code: n.competency for n in nodes}
        assert by_code["DR-AT1"].parent.code == "analytical-thinking"
        assert by_code["analytical-thinking"].parent.parent.code == "competencies"
        assert "OECD" in by_code["levels"].framework.title


def test_cross_references_become_is_related_to_associations(app, shared_fixtures):
    with app.app_context():
        framework, _plan = import_example(shared_fixtures)
        related = db.session.scalars(
            select(CompetencyAssociation).where(
                CompetencyAssociation.association_type == "isRelatedTo"
            )
        ).all()
        assert len(related) == 39
        assert {a.origin.code for a in related} == {"level-1"}
        assert "I-OK-3" in {a.destination.code for a in related}
        children = db.session.scalar(
            select(func.count()).where(CompetencyAssociation.association_type == "isChildOf")
        )
        assert children == 64


def test_multi_line_descriptions_keep_their_line_breaks(app, shared_fixtures):
    with app.app_context():
        import_example(shared_fixtures)
        levels = db.session.scalar(select(Competency).where(Competency.code == "levels"))
    assert levels.description.startswith("<p>Each level of the Core Competencies")
    assert "\r\n" in levels.description


def test_moodle_framework_exports_as_valid_case(app, shared_fixtures):
    schema = json.loads((shared_fixtures / SCHEMA).read_text())
    with app.app_context():
        framework, _plan = import_example(shared_fixtures)
        exported = export_case(framework)
    validator = jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(exported)) == []
    assert len(exported["CFItems"]) == 64 and len(exported["CFAssociations"]) == 103
    assert exported["CFDocument"]["identifier"] == framework_identifier(app)


def framework_identifier(app):
    with app.app_context():
        return framework_by_code("OECD-CORE").identifier


def test_moodle_framework_gets_the_same_identifiers_on_every_import(app, shared_fixtures):
    with app.app_context():
        first, _ = import_example(shared_fixtures)
        identifiers = set(db.session.scalars(select(Competency.identifier)))
        again, _ = import_example(shared_fixtures)
        assert again.id == first.id
        assert set(db.session.scalars(select(Competency.identifier))) == identifiers


def test_rows_in_any_order_and_escaped_commas_in_cross_references(app):
    text = (
        HEADER
        + row("A", "A.1", "Child first")
        + row("", "A", "Parent", cross="B%2C1")
        + FRAMEWORK_ROW
        + row("", "B,1", "Comma in id")
    )
    with app.app_context():
        plan = plan_import("fw.csv", text.encode())
        assert plan.ok, plan.formatted()
        framework = import_framework(plan, actor_id=None)
        tree = [(n.competency.code, n.depth) for n in framework_tree(framework)]
        related = db.session.scalar(
            select(CompetencyAssociation).where(
                CompetencyAssociation.association_type == "isRelatedTo"
            )
        )
        assert (related.origin.code, related.destination.code) == ("A", "B,1")
    assert tree == [("A", 0), ("A.1", 1), ("B,1", 0)]


def problems(app, text: str) -> list[str]:
    with app.app_context():
        plan = plan_import("fw.csv", text.encode())
        assert not plan.ok
        assert db.session.scalar(select(func.count()).select_from(Framework)) == 0
        return plan.formatted()


def test_a_file_without_a_framework_row_is_refused(app):
    assert problems(app, HEADER + row("", "A", "Alone")) == [
        "fw.csv:1: no framework row: exactly one row needs “Is framework” = 1"
    ]


def test_a_second_framework_row_is_refused(app):
    text = HEADER + FRAMEWORK_ROW + row("", "A", "Fine") + FRAMEWORK_ROW.replace("FW", "FW2")
    assert problems(app, text) == [
        "fw.csv:4: a second framework row (the first is on line 2); exactly one row may have "
        "“Is framework” = 1"
    ]


def test_unknown_parents_duplicates_and_cycles_are_all_reported(app):
    text = (
        HEADER
        + FRAMEWORK_ROW
        + row("", "A", "First")
        + row("", "A", "Again")
        + row("NOPE", "B", "Orphan")
        + row("D", "C", "Loop one")
        + row("C", "D", "Loop two")
        + row("", "E", "Bad ref", cross="ZZZ")
    )
    assert problems(app, text) == [
        "fw.csv:4: duplicate id number “A” (also on line 3)",
        "fw.csv:5: parent id number “NOPE” is not the id number of a row",
        "fw.csv:6: isChildOf cycle: C → D → C",
        "fw.csv:8: cross reference “ZZZ” names no row",
    ]


def test_rows_with_the_wrong_number_of_columns_are_refused(app):
    text = HEADER + FRAMEWORK_ROW + "A,B,C\n"
    assert problems(app, text) == ["fw.csv:3: expected 14 columns, found 3"]


def test_rows_without_id_number_or_short_name_are_skipped_with_their_subtree(app):
    text = (
        HEADER
        + FRAMEWORK_ROW
        + row("", "A", "Kept")
        + row("", "B", "")
        + row("B", "B.1", "Below a skipped row")
        + row("", "", "No id number")
    )
    with app.app_context():
        plan = plan_import("fw.csv", text.encode())
        assert plan.ok
        assert plan.formatted() == [
            "fw.csv:4: warning: skipped: no short name",
            "fw.csv:5: warning: skipped: its parent “B” was skipped",
            "fw.csv:6: warning: skipped: no id number",
        ]
        assert [i.code for i in plan.package.items] == ["A"]


def test_quoted_fields_with_crlf_inside_and_lf_between_records(app):
    text = HEADER + FRAMEWORK_ROW + ',A,"Two\r\nlines",,1,,,,0,null,,,,\n' + row("A", "A.1", "Next")
    with app.app_context():
        plan = plan_import("fw.csv", text.encode())
        assert plan.ok, plan.formatted()
    assert [(i.code, i.line) for i in plan.package.items] == [("A", 3), ("A.1", 5)]
    assert plan.package.items[0].full_statement == "Two\r\nlines"
