"""The request (and the command) is the unit of work: it commits once at its end, or not at all.

The test transaction of ``conftest`` turns each commit into a released savepoint and each
rollback into a rolled-back one, and every request gets a fresh session: what a later
``app_context`` reads is what the request committed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest
from flask import abort
from flask.cli import with_appcontext
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session
from support import csrf_token, login

from lms.accounts.models import LoginAttempt, User
from lms.accounts.regions import RegionDataError
from lms.core import site
from lms.core.audit import AuditEvent, record
from lms.core.cli import fail
from lms.core.config import PROJECT_ROOT
from lms.core.extensions import db
from lms.core.unit_of_work import after_commit, unit_of_work
from lms.core.web import is_safe_next


@pytest.fixture
def ayna(client, factory):
    factory.user("ayna", "trainee")
    login(client, "ayna")
    return client


@pytest.fixture
def commits():
    """The commits made meanwhile, counted."""
    made: list[Session] = []

    def count(session):
        made.append(session)

    event.listen(Session, "after_commit", count)
    yield made
    event.remove(Session, "after_commit", count)


def _choose_russian(client):
    token = csrf_token(client, "/account/password")
    return client.post("/language", data={"language": "ru", "next": "/", "csrf_token": token})


def _language(app, username: str = "ayna") -> str | None:
    with app.app_context():
        return db.session.scalar(select(User.language).where(User.username == username))


def _audited(app, action: str) -> int:
    with app.app_context():
        query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
        return db.session.scalar(query)


def test_a_successful_post_commits_once_at_its_end(ayna, app, commits):
    response = _choose_russian(ayna)
    assert response.status_code == 302  # a redirect after a POST is a success
    assert len(commits) == 1
    assert _language(app) == "ru"


def test_a_reading_get_commits_nothing(ayna, commits):
    assert ayna.get("/").status_code == 200
    assert commits == []


def test_a_view_that_raises_rolls_back_what_it_flushed(ayna, app, monkeypatch):
    def flush_then_fail(target):
        db.session.flush()  # the new language is written to the database, then:
        raise RuntimeError("the view failed halfway")

    monkeypatch.setattr(site, "is_safe_next", flush_then_fail)
    response = _choose_russian(ayna)
    assert response.status_code == 500
    assert _language(app) == "en"


@pytest.mark.parametrize("how", ["returned", "aborted"])
def test_an_error_answer_rolls_back_what_the_view_flushed(ayna, app, monkeypatch, how):
    def flush_then_refuse(target):
        db.session.flush()
        if how == "aborted":
            abort(403)
        return False

    monkeypatch.setattr(site, "is_safe_next", flush_then_refuse)
    if how == "returned":
        monkeypatch.setattr(site, "redirect", lambda target: ("refused", 422))
    response = _choose_russian(ayna)
    assert response.status_code == (422 if how == "returned" else 403)
    assert _language(app) == "en"


def test_a_failed_commit_gives_the_error_page_and_writes_nothing(ayna, app, monkeypatch, caplog):
    def add_a_broken_row(target):
        # Accepted by the session; refused by the database (no such user) only at the commit.
        record("probe.broken", actor_id=10**9, target_type="probe", target_id=1)
        return is_safe_next(target)

    monkeypatch.setattr(site, "is_safe_next", add_a_broken_row)
    response = _choose_russian(ayna)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY"  # the error page is a page like any
    assert _language(app) == "en" and _audited(app, "probe.broken") == 0
    assert ayna.get("/").status_code == 200  # and the next request works


def test_a_failed_login_is_counted_even_when_its_request_fails(client, factory, app, monkeypatch):
    from lms.accounts.views import auth

    factory.user("gozel", "trainee")

    def broken_page(*args, **kwargs):
        raise RuntimeError("the login page could not be shown")

    monkeypatch.setattr(auth, "render_template", broken_page)
    assert login(client, "gozel", "bad password").status_code == 500
    with app.app_context():
        attempts = db.session.scalars(select(LoginAttempt.succeeded)).all()
    assert attempts == [False]


@click.command("probe-write")
@click.option("--refuse", is_flag=True)
@with_appcontext
@unit_of_work()
def probe_write(refuse: bool) -> None:
    record("probe.command", actor_id=None, target_type="probe", target_id=1)
    after_commit(lambda: click.echo("after the commit"))
    if refuse:
        fail("refused")
    click.echo("written")


def test_a_command_commits_once_when_it_returns_and_then_runs_what_waited(runner, app, commits):
    result = runner.invoke(probe_write, [])
    assert result.exit_code == 0, result.output
    assert result.output == "written\nafter the commit\n"
    assert len(commits) == 1
    assert _audited(app, "probe.command") == 1


def test_a_command_that_fails_writes_nothing_and_runs_nothing_after(runner, app):
    result = runner.invoke(probe_write, ["--refuse"])
    assert result.exit_code == 1
    assert "after the commit" not in result.output
    assert _audited(app, "probe.command") == 0


def test_a_real_command_refused_halfway_writes_nothing(runner, app, monkeypatch):
    from lms.accounts import cli

    def half_a_sync(*_args, **_kwargs) -> int:
        record("probe.regions", actor_id=None, target_type="probe", target_id=1)
        db.session.flush()
        raise RegionDataError("line 12: no name")

    monkeypatch.setattr(cli, "sync_regions", half_a_sync)
    result = runner.invoke(args=["regions", "sync"])
    assert result.exit_code == 1 and "line 12" in result.output
    assert _audited(app, "probe.regions") == 0


# Besides the unit of work, the one helper that commits work kept apart from it.
MAY_COMMIT = {"lms/core/unit_of_work.py", "lms/core/database.py"}


def _commits_in(node: ast.AST) -> list[int]:
    """The lines of every ``<anything>.commit(...)`` call under ``node``."""
    return [
        call.lineno
        for call in ast.walk(node)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "commit"
    ]


def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_only_the_unit_of_work_and_writing_apart_commit():
    package = PROJECT_ROOT / "lms"
    found = {
        f"{path.relative_to(PROJECT_ROOT).as_posix()}:{line}"
        for path in package.rglob("*.py")
        if path.relative_to(PROJECT_ROOT).as_posix() not in MAY_COMMIT
        for line in _commits_in(_parsed(path))
    }
    assert found == set()
    assert _commits_in(_parsed(package / "core" / "unit_of_work.py"))  # the scan sees commits


def test_writing_apart_commits_only_inside_itself():
    tree = _parsed(PROJECT_ROOT / "lms" / "core" / "database.py")
    owners = {
        function.name
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef) and _commits_in(function)
    }
    # writing(): a GET ends its reading transaction (nothing in it) before it writes;
    # reading_in_transaction(): likewise, before it reads again inside a transaction.
    assert owners == {"writing", "writing_apart", "reading_in_transaction"}
