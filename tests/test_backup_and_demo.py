"""lms demo, lms backup and lms restore against real databases of each backend."""

from flask_migrate import upgrade
from sqlalchemy import func, select
from support import dispose, make_app_for

from lms.accounts.models import Cohort, User
from lms.certificates.demo import DEMO_CERTIFICATES
from lms.certificates.models import Certificate
from lms.core.extensions import db
from lms.courses.models import LessonProgress


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_demo_is_idempotent_and_prints_the_logins(empty_database):
    app = make_app_for(empty_database)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    for login in ("admin", "trainer", "trainee", "coordinator", "social-work"):
        assert login in first.output
    counts = [_count(app, model) for model in (User, Cohort, LessonProgress)]
    assert counts[2] > 100  # trainees at every stage of reading
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert [_count(app, model) for model in (User, Cohort, LessonProgress)] == counts
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
    dispose(app)


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
