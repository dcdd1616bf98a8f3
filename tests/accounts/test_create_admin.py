"""`lms users create-admin`: the first administrator, from options or prompts, or nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from support import dispose, make_app_for
from werkzeug.security import check_password_hash

from lms.accounts.models import User
from lms.core.audit import AuditEvent
from lms.core.extensions import db

PASSWORD = "a long admin passphrase"


def _user(app, username: str) -> tuple[set[str], str, str] | None:
    """(roles, full name, password hash) of the user, or None."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return user and (set(user.roles), user.full_name, user.password_hash)


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        users = db.session.scalar(select(func.count()).select_from(User))
        events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    return users, events


def _create(runner, *args, **kwargs):
    return runner.invoke(args=["users", "create-admin", *args], **kwargs)


def test_from_options_with_a_password_file(app, runner, tmp_path):
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    result = _create(
        runner, "--username", "gozel", "--full-name", "Gözel Muhammedowa", "--password-file", secret
    )
    assert result.exit_code == 0, result.output
    assert "Administrator “gozel” created; sign in at " in result.output
    roles, full_name, password_hash = _user(app, "gozel")
    assert roles == {"admin"} and full_name == "Gözel Muhammedowa"
    assert check_password_hash(password_hash, PASSWORD)  # without the line end
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == "gozel"))
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.target_id == str(user_id)).order_by(AuditEvent.id)
        ).all()
        assert [e.action for e in events] == ["user.created", "user.roles_changed"]
        assert events[1].details["after"] == ["admin"] and events[1].actor_id is None


def test_from_options_with_the_password_on_standard_input(app, runner):
    result = _create(
        runner,
        "--username",
        "merdan",
        "--full-name",
        "Merdan Annaýew",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    assert check_password_hash(_user(app, "merdan")[2], PASSWORD)


def test_interactively_with_a_hidden_password_typed_twice(app, runner):
    typed = f"ogulgerek\nOgulgerek Nurmuhammedowa\n{PASSWORD}\nmistyped passphrase\n"
    typed += f"{PASSWORD}\n{PASSWORD}\n"
    result = _create(runner, input=typed)
    assert result.exit_code == 0, result.output
    assert "Username: ogulgerek" in result.output
    assert PASSWORD not in result.output  # hidden input is not echoed
    assert "do not match" in result.output  # asked again after the mistyped repetition
    roles, _name, password_hash = _user(app, "ogulgerek")
    assert roles == {"admin"} and check_password_hash(password_hash, PASSWORD)


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("admin-taken", PASSWORD, "The username “admin-taken” is taken"),
        ("АDMIN-taken", PASSWORD, "must be written in one script"),  # Cyrillic А
        ("bad name!", PASSWORD, "may contain letters, digits, dots, hyphens and underscores"),
        ("newadmin", "short", "A password has at least 8 characters."),
    ],
)
def test_refused_with_the_reason_and_nothing_written(
    app, runner, factory, tmp_path, username, password, message
):
    factory.user("admin-taken", "admin")
    secret = tmp_path / "password"
    secret.write_text(password, encoding="utf-8")
    before = _counts(app)
    result = _create(
        runner, "--username", username, "--full-name", "Some One", "--password-file", secret
    )
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.rstrip().endswith("No administrator was created.")
    assert "Traceback" not in result.output
    assert _counts(app) == before


def test_password_options_are_refused_when_they_cannot_work(app, runner, tmp_path):
    secret = tmp_path / "password"
    secret.write_text(PASSWORD, encoding="utf-8")
    both = _create(
        runner,
        "--username",
        "x1",
        "--full-name",
        "X",
        "--password-file",
        secret,
        "--password-stdin",
    )
    assert both.exit_code == 1 and "not both" in both.output
    prompts = _create(runner, "--password-stdin", input=PASSWORD + "\n")
    assert prompts.exit_code == 1 and "--password-stdin needs --username" in prompts.output
    missing = _create(
        runner, "--username", "x1", "--full-name", "X", "--password-file", tmp_path / "none"
    )
    assert missing.exit_code == 1 and "cannot read the file" in missing.output
    assert _user(app, "x1") is None


def test_no_password_option_exists_for_the_command_line(runner):
    result = _create(runner, "--password", PASSWORD)
    assert result.exit_code == 2 and "No such option" in result.output


def test_before_the_schema_exists_the_command_says_to_upgrade(empty_database, tmp_path):
    app = make_app_for(empty_database)
    secret = tmp_path / "password"
    secret.write_text(PASSWORD, encoding="utf-8")
    try:
        result = app.test_cli_runner().invoke(
            args=["users", "create-admin", "--username", "a", "--full-name", "A"]
            + ["--password-file", str(secret)]
        )
    finally:
        dispose(app)
    assert result.exit_code == 1
    assert "run `lms db upgrade` first" in result.output
