"""The cohort gradebook (CSV and XLSX): its content on the demo cohort, who may download it,
formula safety, the command, and a fixed number of queries whatever the cohort's size."""

import csv
import io
import zipfile

import pytest
from certificate_helpers import qualify
from openpyxl import load_workbook
from sqlalchemy import select
from support import QueryCounter, login

from lms.accounts.models import Cohort
from lms.certificates.gradebook import cohort_gradebook
from lms.certificates.gradebook_files import gradebook_csv, gradebook_xlsx
from lms.certificates.issuing import issue_certificate
from lms.core.extensions import db
from lms.courses.content import catalogue

DEMO_COHORT = "FND-2026-A"


def table(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def sheets(body: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(body))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


@pytest.fixture
def demo(app):
    from lms.demo.assemble import build_demo

    with app.app_context():
        users = build_demo()
        db.session.commit()
        cohort = db.session.scalar(select(Cohort).where(Cohort.code == DEMO_COHORT))
        return {"cohort_id": cohort.id, "users": {name: u.id for name, u in users.items()}}


def test_the_demo_cohort_gradebook_as_csv_and_xlsx(app, demo):
    with app.app_context():
        cohort = db.session.get(Cohort, demo["cohort_id"])
        gradebook = cohort_gradebook(cohort)
        text, body = gradebook_csv(gradebook), gradebook_xlsx(gradebook)
        programme = catalogue().programme("foundational")
        first = programme.modules[0].titles.en  # modules headed by their titles
    rows = {row["Username"]: row for row in table(text)}
    assert len(rows) == len(gradebook.trainees) >= 5
    done = rows["aygul"]  # Aýgül has done everything in the demo
    assert done["Full name"] == "Aýgül Orazowa"
    assert rows["trainee"]["Full name"] == "Ýazgül Saparowa"
    assert done[f"{first}: quiz"] == "passed"
    assert float(done[f"{first}: best quiz result %"]) >= 70
    assert int(done[f"{first}: attempts used"]) >= 1
    assert done["All lessons read %"] == "100"
    assert done["Practice requirements met"] == "yes"
    assert float(done["Counted hours"]) >= float(done["Required hours"]) > 0
    assert done["Certificate"] in {"issued", "eligible, not issued"}
    statuses = {done[code] for code in programme.competency_codes}
    assert "proficient" in statuses <= {"not yet", "developing", "proficient"}
    assert {done[code] for code in programme.certificate.competencies_proficient} <= {"proficient"}
    assert any(row[f"{first}: quiz"] == "not attempted" for row in rows.values())
    book = sheets(body)
    assert list(book) == ["Modules", "Practice", "Competencies"]
    modules = book["Modules"]
    assert modules[0][:2] == ["Username", "Full name"]
    by_user = {row[0]: row for row in modules[1:]}
    assert by_user["trainee"][1] == "Ýazgül Saparowa"
    column = modules[0].index(f"{first}: best quiz result %")
    assert isinstance(by_user["aygul"][column], float)  # numbers stay numbers
    assert isinstance(by_user["aygul"][modules[0].index("All lessons read %")], int)
    practice = book["Practice"]
    counted = practice[0].index("Counted hours")
    assert {row[0]: row for row in practice[1:]}["aygul"][counted] == float(done["Counted hours"])
    sheet = load_workbook(io.BytesIO(body))["Modules"]
    assert sheet.freeze_panes == "C2"
    assert sheet.column_dimensions["B"].width > 10


def test_headings_follow_the_chosen_language(app, demo):
    from flask_babel import force_locale

    with app.app_context(), force_locale("ru"):
        gradebook = cohort_gradebook(db.session.get(Cohort, demo["cohort_id"]))
        text = gradebook_csv(gradebook)
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[:2] == ["Имя пользователя", "Полное имя"]
    assert "Username" not in header


@pytest.fixture
def world(app, factory):
    trainer = factory.user("tutor", "trainer")
    other = factory.user("other-trainer", "trainer")
    admin = factory.user("boss", "admin")
    factory.user("coord", "coordinator")
    names = ['=HYPERLINK("http://x")', "+Aýna", "-Merdan", "@Şirin"]
    trainees = [factory.user(f"t{n}", "trainee", full_name=name) for n, name in enumerate(names)]
    cohort = factory.cohort("=FND", trainers=[trainer], trainees=trainees)
    factory.cohort("OTHER", trainers=[other], trainees=[])
    return {"cohort_id": cohort.id, "trainees": trainees, "admin": admin, "names": names}


@pytest.mark.parametrize(
    "username, status",
    [("tutor", 200), ("boss", 200), ("other-trainer", 404), ("coord", 403), ("t0", 403)],
)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_only_the_cohorts_trainers_and_admins_may_download(client, world, username, status, kind):
    login(client, username)
    response = client.get(f"/certificates/cohorts/{world['cohort_id']}/gradebook.{kind}")
    assert response.status_code == status
    if status == 200:
        assert response.headers["Cache-Control"] == "no-store"
        assert "gradebook-" in response.headers["Content-Disposition"]


def test_the_cohort_page_links_both_downloads(client, world):
    login(client, "tutor")
    page = client.get(f"/cohorts/{world['cohort_id']}").get_data(as_text=True)
    assert f"/certificates/cohorts/{world['cohort_id']}/gradebook.xlsx" in page
    assert f"/certificates/cohorts/{world['cohort_id']}/gradebook.csv" in page


def test_names_starting_a_formula_are_text_never_formulas(app, client, world):
    login(client, "tutor")
    body = client.get(f"/certificates/cohorts/{world['cohort_id']}/gradebook.xlsx").data
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        xml = "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )
    assert "<f>" not in xml and "<f " not in xml
    book = load_workbook(io.BytesIO(body))
    names = [row[1].value for row in book["Modules"].iter_rows(min_row=2)]
    assert sorted(names) == sorted(world["names"])  # intact, not escaped
    assert all(row[1].data_type == "s" for row in book["Modules"].iter_rows(min_row=2))
    text = client.get(f"/certificates/cohorts/{world['cohort_id']}/gradebook.csv").get_data(True)
    full_names = [row["Full name"] for row in table(text)]
    assert sorted(full_names) == sorted("'" + name for name in world["names"])


def test_the_command_writes_csv_and_xlsx(app, runner, world, tmp_path):
    csv_file, xlsx_file = tmp_path / "g.csv", tmp_path / "g.xlsx"
    done = runner.invoke(
        args=["cohorts", "gradebook", "=FND", "--format", "csv", "--out", str(csv_file)]
    )
    assert done.exit_code == 0, done.output
    assert {row["Username"] for row in table(csv_file.read_text("utf-8"))} == {
        "t0",
        "t1",
        "t2",
        "t3",
    }
    done = runner.invoke(
        args=["cohorts", "gradebook", "=FND", "--out", str(xlsx_file), "--language", "tk"]
    )
    assert done.exit_code == 0, done.output
    modules = next(iter(sheets(xlsx_file.read_bytes()).values()))  # in Turkmen
    assert len(modules) == 5 and modules[0][0] != "Username"
    missing = runner.invoke(args=["cohorts", "gradebook", "NOPE", "--out", str(csv_file)])
    assert missing.exit_code == 1 and "NOPE" in missing.output


def gradebook_queries(app, cohort_id: int) -> int:
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        catalogue()
        with QueryCounter(app) as counter:
            gradebook_xlsx(cohort_gradebook(cohort))
    return len(counter.statements)


def test_the_gradebook_costs_the_same_queries_for_a_small_and_a_larger_cohort(app, factory):
    trainer = factory.user("tutor", "trainer")
    alone = factory.user("s1", "trainee")
    small = factory.cohort("SMALL", trainers=[trainer], trainees=[alone])
    people = [factory.user(f"p{n}", "trainee") for n in range(6)]
    large = factory.cohort("LARGE", trainers=[trainer], trainees=people)
    with app.app_context():
        for person in [alone, *people[:3]]:
            qualify(db.session.merge(person), "foundational")
        issue_certificate(
            db.session.merge(people[0]), catalogue().programme("foundational"), actor_id=None
        )
        db.session.commit()
    assert gradebook_queries(app, small.id) == gradebook_queries(app, large.id) <= 15
