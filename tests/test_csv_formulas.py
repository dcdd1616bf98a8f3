"""Every CSV cell, headings included, goes through the one neutralising writer.

A course code ``=HYPERLINK(...)`` came out raw in the heading row of the coverage matrix: a
spreadsheet opening the file would run it. ``csv_text`` now neutralises every row; this test
checks each CSV download and command of the platform against it.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from competencies.world import university_world
from support import login

from lms.core import spreadsheets
from lms.core.config import PROJECT_ROOT
from lms.core.extensions import db
from lms.core.spreadsheets import FORMULA_PREFIXES, csv_text

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def assert_neutral(text: str) -> None:
    risky = [cell for cell in cells(text) if cell.startswith(FORMULA_PREFIXES)]
    assert not risky, risky


@pytest.mark.parametrize("formula", FORMULAS)
def test_headings_and_cells_starting_a_formula_are_neutralised(formula):
    text = csv_text([formula, "code"], [[formula, 1]])
    assert_neutral(text)
    assert cells(text)[0] == "'" + formula


@pytest.fixture
def world(app, factory):
    from lms.competencies.models import DegreeProgramme
    from lms.competencies.universities import CourseFields, save_course

    coordinator = factory.user("coord", "coordinator", full_name="=cmd|' /C calc'!A0")
    admin = factory.user("boss", "admin", "trainer", full_name="@SUM(1+1)")
    trainee = factory.user("ayna", "trainee", full_name="+Aýna")
    cohort = factory.cohort("=FND", trainers=[admin], trainees=[trainee])
    place = university_world(app, coordinator)
    with app.app_context():
        programme = db.session.get(DegreeProgramme, place["programme_id"])
        for code in FORMULAS:
            save_course(programme, CourseFields(code, code, Decimal("3"), 1, 1))
        db.session.commit()
    return {**place, "cohort_id": cohort.id}


def csv_paths(world) -> dict[str, str]:
    """Every CSV download, by endpoint."""
    programme = f"/universities/{world['university_id']}/programmes/{world['programme_id']}"
    return {
        "competencies.coverage_csv_download": f"{programme}/coverage.csv",
        "competencies.gaps_csv_download": f"{programme}/gaps.csv",
        "accounts.users_csv": "/admin/users.csv",
        "cohort_progress.cohort_progress_csv": f"/cohorts/{world['cohort_id']}/progress.csv",
        "certificates.gradebook_csv_download": (
            f"/certificates/cohorts/{world['cohort_id']}/gradebook.csv"
        ),
        "quizzes.statistics_csv": "/learn/foundational/what-is-social-work/quiz/statistics.csv",
        "competencies.national_competencies_csv": "/competencies/national.csv",
        "competencies.framework_moodle_csv": (
            f"/competencies/frameworks/{world['framework_code']}/moodle.csv"
        ),
        "competencies.velayat_competencies_csv": "/competencies/national/AH.csv",
        "practice.report_csv": "/practice/reports.csv",
        "pool.cascade_csv": "/pool/cascade.csv",
        "translation_status.csv": "/learn/translations.csv",
    }


def test_every_csv_download_is_listed_here(app, world):
    routed = {rule.endpoint for rule in app.url_map.iter_rules() if rule.rule.endswith(".csv")}
    assert routed == set(csv_paths(world))


def test_every_cell_of_every_csv_download_went_through_the_writer(app, world, monkeypatch):
    """Each cell of each download was passed through ``safe_cell`` (which neutralises it), and
    the cells holding people's names and course codes starting a formula come out escaped."""
    seen: list[str] = []

    def recording(value):
        seen.append(spreadsheets_safe(value))
        return seen[-1]

    spreadsheets_safe = spreadsheets.safe_cell
    monkeypatch.setattr(spreadsheets, "safe_cell", recording)
    client = app.test_client()
    login(client, "boss")
    for endpoint, path in csv_paths(world).items():
        seen.clear()
        response = client.get(path)
        assert response.status_code == 200, (endpoint, response.status_code)
        text = response.get_data(as_text=True)
        assert_neutral(text)
        assert cells(text) == seen, endpoint
    body = client.get(csv_paths(world)["competencies.coverage_csv_download"]).get_data(True)
    assert "'=HYPERLINK" in body


def test_the_practice_export_command_goes_through_the_writer(runner, world, monkeypatch):
    seen: list[str] = []
    original = spreadsheets.safe_cell
    monkeypatch.setattr(spreadsheets, "safe_cell", lambda v: seen.append(original(v)) or seen[-1])
    result = runner.invoke(args=["practice", "export"])
    assert result.exit_code == 0, result.output
    assert cells(result.output) == seen and seen


def test_only_the_core_writer_writes_csv():
    """No module builds CSV around ``csv_text`` (a csv.writer or DictWriter of its own)."""
    writers = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "lms").rglob("*.py")
        if path.name != "spreadsheets.py"
        and ("csv.writer" in (t := path.read_text(encoding="utf-8")) or "DictWriter" in t)
    ]
    assert writers == []
