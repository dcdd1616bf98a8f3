"""Operations commands end with one clear line and a non-zero status, never a traceback.

Each case below used to print a traceback, or worse, succeed: a backup into a missing folder,
a backup of a database that does not exist (an empty "backup" file), ``lms content check`` on
a folder without programmes (0 errors), ``lms restore`` asking before it looked for the file,
``lms certificates verify`` on a database without tables. And pg_dump was given the password
on its command line, where ``ps`` shows it to every user of the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sqlalchemy as sa
from support import dispose, make_app_for, psycopg_url

from lms.core import backup as backup_module

POSTGRES_URL = os.environ.get("LMS_TEST_POSTGRES_URL")
KINDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def one_line_failure(result, expected: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0], result.output


def test_a_backup_into_a_missing_folder_says_so(runner, tmp_path):
    dest = tmp_path / "no-such-folder" / "backup.dump"
    one_line_failure(runner.invoke(args=["backup", str(dest)]), "does not exist")
    assert not dest.exists()


def test_the_lms_command_prints_no_traceback_for_a_missing_folder(tmp_path):
    database = tmp_path / "lms.sqlite3"
    sa.create_engine(f"sqlite:///{database}").connect().close()
    env = {**os.environ, "LMS_DATABASE_URL": f"sqlite:///{database}"}
    lms = os.path.join(os.path.dirname(sys.executable), "lms")
    result = subprocess.run(  # noqa: S603
        [lms, "backup", str(tmp_path / "missing" / "b.dump")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "does not exist" in result.stderr


def missing_database_url(kind: str, tmp_path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'never-created.sqlite3'}"
    url = sa.engine.make_url(psycopg_url(POSTGRES_URL)).set(database="lms_no_such_database")
    return url.render_as_string(hide_password=False)


@pytest.mark.parametrize("kind", KINDS)
def test_a_backup_of_a_database_that_does_not_exist_fails_and_leaves_no_file(kind, tmp_path):
    app = make_app_for(missing_database_url(kind, tmp_path))
    dest = tmp_path / "backup.dump"
    result = app.test_cli_runner().invoke(args=["backup", str(dest)])
    one_line_failure(result, "backup failed:")
    assert "does not exist" in result.output
    assert not dest.exists()
    assert not (tmp_path / "never-created.sqlite3").exists()
    dispose(app)


@pytest.mark.parametrize("tool", ["backup", "restore"])
def test_postgresql_tools_get_the_password_from_the_environment(monkeypatch, tmp_path, tool):
    calls = []

    def fake_run(command, **options):
        calls.append((command, options.get("env") or {}))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(backup_module.subprocess, "run", fake_run)
    monkeypatch.setattr(backup_module, "_pg_tool", lambda name: name)
    url = "postgresql+psycopg://lms:s3cret-word@db.example:5432/lms"
    if tool == "backup":
        backup_module.backup(url, tmp_path / "b.dump")
    else:
        (tmp_path / "b.dump").write_bytes(b"PGDMP")
        backup_module.restore(url, tmp_path / "b.dump")
    ((command, env),) = calls
    assert not any("s3cret" in part for part in command), command
    assert env["PGPASSWORD"] == "s3cret-word"
    assert any("lms@db.example:5432/lms" in part for part in command)


def test_content_check_of_a_folder_without_programmes_is_an_error(runner, tmp_path):
    result = runner.invoke(args=["content", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "no programmes found" in result.output and "1 error(s)" in result.output
    assert "Traceback" not in result.output


def test_restore_checks_the_file_before_asking(runner, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path / "missing.dump")], input="y\n")
    one_line_failure(result, "does not exist")
    assert "Continue?" not in result.output


def test_verify_on_a_database_without_tables_says_to_upgrade(empty_database):
    from lms.certificates.codes import display, new_code

    app = make_app_for(empty_database)
    result = app.test_cli_runner().invoke(args=["certificates", "verify", display(new_code())])
    one_line_failure(result, "lms db upgrade")
    dispose(app)
