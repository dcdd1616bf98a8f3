"""``lms frameworks import/export/sync/list``, updating a framework in place, and the
programme framework from content/frameworks."""

import json

import jsonschema
from competencies.world import SAMPLE, sample_package, university_world
from sqlalchemy import func, select
from support import login

from lms.competencies.case_export import export_case
from lms.competencies.coverage import coverage_for, gap_report
from lms.competencies.demo import build_competencies_demo
from lms.competencies.importing import import_framework, plan_package
from lms.competencies.mapping import set_course_mapping
from lms.competencies.models import (
    Competency,
    CompetencyAssociation,
    DegreeProgramme,
    Framework,
    University,
    UniversityCourse,
)
from lms.competencies.package import ReadResult
from lms.core.extensions import db
from lms.courses.content import catalogue

OPENSALT = "case/opensalt_test_frameworks"
SCHEMA = "case/1edtech_OpenCASE_schemas/official_case-v1p1-cfpackage.json"


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_import_then_export_from_the_command_line(app, runner, shared_fixtures, tmp_path):
    path = shared_fixtures / OPENSALT / "SmartLevelFramework.json"
    result = runner.invoke(args=["frameworks", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported framework d0000000-0000-0000-0000-000000000000" in result.output
    assert "14 competencies, 14 associations" in result.output
    stdout = runner.invoke(args=["frameworks", "export", "d0000000-0000-0000-0000-000000000000"])
    assert stdout.exit_code == 0
    assert json.loads(stdout.output)["CFDocument"]["title"] == "SmartLevel Test"
    out = tmp_path / "out.json"
    written = runner.invoke(
        args=[
            "frameworks",
            "export",
            "d0000000-0000-0000-0000-000000000000",
            "--format",
            "case",
            "--out",
            str(out),
        ]
    )
    assert written.exit_code == 0
    assert len(json.loads(out.read_text())["CFItems"]) == 14
    listed = runner.invoke(args=["frameworks", "list"])
    assert "d0000000-0000-0000-0000-000000000000\tcase\t14\tSmartLevel Test" in listed.output


def test_import_errors_are_printed_as_file_line_message(app, runner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "h1,h2,h3,h4,h5,h6,h7,h8,h9,h10,h11,h12,h13,h14\n"
        ",A,Alone,,1,,,,0,null,,,,\n"
        "NOPE,B,Orphan,,1,,,,0,null,,,,\n"
    )
    result = runner.invoke(args=["frameworks", "import", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:1: no framework row: exactly one row needs “Is framework” = 1" in result.output
    assert f"{bad}:3: parent id number “NOPE” is not the id number of a row" in result.output
    assert "nothing was imported" in result.output and "Traceback" not in result.output
    assert count(app, Framework) == 0


def test_a_file_over_10_mb_is_refused_by_the_command_before_reading(app, runner, tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB that take no disk
    result = runner.invoke(args=["frameworks", "import", str(huge)])
    assert result.exit_code == 1
    assert f"{huge}:1: the file is larger than 10 MB" in result.output


def test_export_of_an_unknown_framework_says_so(runner, app):
    result = runner.invoke(args=["frameworks", "export", "NOPE"])
    assert result.exit_code == 1 and "no framework with the code “NOPE”" in result.output


def test_sync_loads_the_programme_framework_once_then_leaves_it(app, runner, shared_fixtures):
    first = runner.invoke(args=["frameworks", "sync"])
    assert first.exit_code == 0, first.output
    assert "TM-SW: created" in first.output
    second = runner.invoke(args=["frameworks", "sync"])
    assert "TM-SW: unchanged" in second.output
    with app.app_context():
        content = catalogue().framework("TM-SW")
        framework = db.session.scalar(select(Framework).where(Framework.code == "TM-SW"))
        codes = set(db.session.scalars(select(Competency.code)))
        assert codes == {c.code for c in content.competencies}
        eth1 = db.session.scalar(select(Competency).where(Competency.code == "ETH-1"))
        assert eth1.parent.code == "ETH" and eth1.domain == "values"
        assert eth1.label_for("tk").startswith("IFSW")
        related = db.session.scalars(
            select(CompetencyAssociation.destination_title).where(
                CompetencyAssociation.origin_id == eth1.id,
                CompetencyAssociation.association_type == "isRelatedTo",
            )
        ).all()
        assert sorted(related) == sorted(content.competency("ETH-1").related)
        exported = export_case(framework)
    schema = json.loads((shared_fixtures / SCHEMA).read_text())
    validator = jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(exported)) == []
    assert exported["CFDocument"]["identifier"] == framework.identifier


def _changed_sample(entries):
    return plan_package("SAMPLE.yaml", "yaml", ReadResult(sample_package("SAMPLE", entries)))


def test_reimport_updates_in_place_and_keeps_course_mappings(app, factory):
    coordinator = factory.user("coord", "coordinator")
    place = university_world(app, coordinator)
    with app.app_context():
        ids = dict(db.session.execute(select(Competency.code, Competency.id)).all())
        course = db.session.get(UniversityCourse, place["course_id"])
        set_course_mapping(course, {ids["ETH-1"]: "M"})
        db.session.commit()
        renamed = [(c, "Renamed" if c == "ETH-1" else s, p) for c, s, p in SAMPLE]
        renamed.append(("COM-3", "New one", "COM"))
        plan = _changed_sample(renamed)
        assert plan.ok and plan.existing is not None
        import_framework(plan, actor_id=None)
        db.session.commit()
        eth1 = db.session.get(Competency, ids["ETH-1"])
        assert eth1.full_statement == "Renamed" and eth1.code == "ETH-1"
        assert db.session.scalar(select(func.count()).select_from(Competency)) == 7
        dropped = _changed_sample([e for e in SAMPLE if e[0] != "ETH-1"])
        assert not dropped.ok
        assert dropped.formatted() == [
            "SAMPLE.yaml:1: “ETH-1” is not in this file, but 1 university course is mapped "
            "to it; remove that mapping first"
        ]
        unmapped = _changed_sample([e for e in SAMPLE if e[0] != "COM-2"])
        assert unmapped.ok and [c.code for c in unmapped.removed] == ["COM-2", "COM-3"]


def test_a_file_cannot_replace_a_framework_of_another_origin(app, runner, tmp_path):
    with app.app_context():
        plan = _changed_sample(SAMPLE)
        import_framework(plan, actor_id=None)
        db.session.commit()
    moodle = tmp_path / "sample.csv"
    moodle.write_text(
        "h1,h2,h3,h4,h5,h6,h7,h8,h9,h10,h11,h12,h13,h14\n,SAMPLE,Other,,1,,,,,,,,1,\n"
    )
    result = runner.invoke(args=["frameworks", "import", str(moodle)])
    assert result.exit_code == 1
    assert (
        "the framework “SAMPLE” (Sample framework SAMPLE) already exists and came from the "
        "programme's content; this file cannot replace it" in result.output
    )


def test_demo_maps_a_bachelor_of_social_work_with_gaps_to_show(app, client, factory):
    coordinator = factory.user("democoord", "coordinator")
    with app.app_context():
        build_competencies_demo({"coordinator": coordinator})
        build_competencies_demo({"coordinator": coordinator})  # idempotent
        db.session.commit()
        programme = db.session.scalar(
            select(DegreeProgramme).where(DegreeProgramme.name == "Bachelor of Social Work")
        )
        assert len(programme.courses) == 14
        report = gap_report(coverage_for(programme))
        not_covered = {r.node.competency.code for r in report.not_covered}
        assert {"POP-5", "PRO-2", "EDU-1"} <= not_covered
        assert report.never_mastered and [c.code for c in report.unmapped_courses] == ["SW204"]
        other = db.session.scalar(select(University).where(University.short_code == "TDPI"))
        url = f"/universities/{programme.university_id}/programmes/{programme.id}/coverage"
    login(client, "democoord")
    assert "Magtymguly Turkmen State University" in client.get(url).get_data(as_text=True)
    assert client.get(f"/universities/{other.id}").status_code == 404
