"""lms demo, lms backup and lms restore against real databases of each backend."""

import csv
import io

from flask_migrate import upgrade
from sqlalchemy import func, select
from support import dispose, login, make_app_for

from lms.accounts.models import Cohort, User
from lms.certificates.demo import DEMO_CERTIFICATES
from lms.certificates.models import Certificate, CoFacilitation
from lms.core.database import local_today
from lms.core.extensions import db
from lms.courses.models import LessonProgress
from lms.demo.pool import MEMBERS, POOL_DEMO_USERS
from lms.practice.models import PracticeEntry


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_demo_is_idempotent_and_prints_the_logins(empty_database):
    app = make_app_for(empty_database)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    for username in ("admin", "trainer", "trainee", "coordinator", "social-work", "ogulshat"):
        assert username in first.output
    models = (User, Cohort, LessonProgress, Certificate, CoFacilitation, PracticeEntry)
    counts = [_count(app, model) for model in models]
    assert counts[2] > 100  # trainees at every stage of reading
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert [_count(app, model) for model in models] == counts
    with app.app_context():
        trainee = db.session.scalar(select(User).where(User.username == "trainee"))
        assert trainee.full_name == "Ýazgül Saparowa"
        # the demo's certificate holders meet every requirement, however many modules there are
        holders = db.session.execute(
            select(User.username, Certificate.programme).join(
                Certificate, Certificate.user_id == User.id
            )
        ).all()
        expected = {(name, code) for code, names in DEMO_CERTIFICATES.items() for name in names}
        assert expected <= set(holders)
        assert {(name, "tot") for name in MEMBERS} <= set(holders)
    _the_demo_shows_the_pool_and_its_cascade(app)
    dispose(app)


def _the_demo_shows_the_pool_and_its_cascade(app):
    """The pool members are on the public register, Ogulşat's page lists the cohort she trained,
    and the national view has generation 0 and rows per velayat (both certified this year)."""
    names = {new.username: new.full_name for new in POOL_DEMO_USERS}
    client = app.test_client()
    public = client.get("/pool/public").get_data(as_text=True)
    assert names["ogulshat"] in public and names["mahri"] in public
    login(client, "admin", "social-work")
    with app.app_context():
        member = db.session.scalar(select(User).where(User.username == "ogulshat"))
        cohort = db.session.scalar(select(Cohort).where(Cohort.trainers.contains(member)))
    page = client.get(f"/pool/{member.id}").get_data(as_text=True)
    assert cohort.code in page
    html = client.get("/pool/cascade").get_data(as_text=True)
    assert "<span>Generation 0</span>" in html and "Daşoguz" in html
    rows = csv.reader(io.StringIO(client.get("/pool/cascade.csv").get_data(as_text=True)))
    body = {(r[0], r[1]): r[2:] for r in list(rows)[1:]}
    year = str(local_today().year)
    assert body[(year, "Daşoguz")] == ["1", "0: 1", "2"]  # Ogulşat; Şöhrat and Aýna
    assert body[(year, "Lebap")] == ["1", "0: 1", "0"]  # Mähri


def test_backup_then_restore_brings_back_the_saved_state(empty_database, tmp_path):
    app = make_app_for(empty_database)
    runner = app.test_cli_runner()
    with app.app_context():
        upgrade()
    assert runner.invoke(args=["demo"]).exit_code == 0
    saved = _count(app, User)
    dest = tmp_path / "backup.dump"
    result = runner.invoke(args=["backup", str(dest)])
    assert result.exit_code == 0, result.output
    assert dest.stat().st_size > 0
    csv_file = tmp_path / "more.csv"
    csv_file.write_text("username,full_name\nlater,Added Later\n", encoding="utf-8")
    assert runner.invoke(args=["users", "import", str(csv_file)]).exit_code == 0
    assert _count(app, User) == saved + 1
    result = runner.invoke(args=["restore", "--yes", str(dest)])
    assert result.exit_code == 0, result.output
    assert _count(app, User) == saved
    dispose(app)


def test_backup_refuses_to_overwrite_and_restore_refuses_a_foreign_file(empty_database, tmp_path):
    app = make_app_for(empty_database)
    runner = app.test_cli_runner()
    with app.app_context():
        upgrade()
    dispose(app)
    existing = tmp_path / "taken.dump"
    existing.write_text("x")
    result = runner.invoke(args=["backup", str(existing)])
    assert result.exit_code == 1 and "exists already" in result.output
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"not a database at all")
    result = runner.invoke(args=["restore", "--yes", str(junk)])
    assert result.exit_code == 1 and "restore failed" in result.output
    assert "Traceback" not in result.output


def test_the_demo_refuses_to_run_in_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 1 and "LMS_ENV=production" in result.output
