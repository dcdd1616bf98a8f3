"""Consistent copies of the database: SQLite's online backup API, pg_dump for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy.engine import URL, make_url


class BackupError(RuntimeError):
    pass


def _sqlite_path(url: str, *, must_exist: bool = True) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(_("An in-memory SQLite database cannot be backed up."))
    path = Path(database)
    if must_exist and not path.is_file():  # connect() would create it: an empty "backup"
        raise BackupError(_("the database %(path)s does not exist.", path=path))
    return path


def _libpq_url(url: str) -> str:
    """The URL as the PostgreSQL tools expect it: no SQLAlchemy driver suffix, and no password,
    which would show in ``ps`` to every user of the machine (it goes in ``_libpq_env``)."""
    parts = make_url(url)
    without_password = URL.create(
        "postgresql",
        username=parts.username,
        host=parts.host,
        port=parts.port,
        database=parts.database,
        query=parts.query,
    )
    return without_password.render_as_string()


def _libpq_env(url: str) -> dict[str, str]:
    """The environment of a PostgreSQL tool: the password as PGPASSWORD, readable by the
    process's owner only (a ``~/.pgpass`` file works too when the URL has no password)."""
    env = dict(os.environ)
    password = make_url(url).password
    if password is not None:
        env["PGPASSWORD"] = str(password)
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(name)s is not installed; install the PostgreSQL client tools.", name=name)
        )
    return path


def _run(command: list[str], url: str) -> None:
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=False, env=_libpq_env(url)
    )
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()
        raise BackupError(message[0] if message else _("%(name)s failed", name=command[0]))


def _check_destination(dest: Path) -> None:
    if dest.exists():
        raise BackupError(_("%(path)s exists already; choose a new file name.", path=dest))
    if not dest.parent.is_dir():
        raise BackupError(_("the folder %(path)s does not exist.", path=dest.parent))


def _sqlite_backup(url: str, dest: Path) -> None:
    source = sqlite3.connect(f"file:{_sqlite_path(url)}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(dest)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise BackupError(str(exc)) from exc
    finally:
        source.close()


def backup(url: str, dest: Path) -> None:
    _check_destination(dest)
    dialect = make_url(url).get_backend_name()
    try:
        if dialect == "sqlite":
            _sqlite_backup(url, dest)
        elif dialect == "postgresql":
            dump = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dest}"]
            _run([*dump, _libpq_url(url)], url)
        else:
            raise BackupError(_("Backups are not supported for %(name)s databases.", name=dialect))
    except BackupError:
        dest.unlink(missing_ok=True)  # no half-written or empty file that looks like a backup
        raise


def _check_sqlite_backup(src: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        try:
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            _(
                "%(path)s is not a backup of this platform's database (%(error)s).",
                path=src,
                error=exc,
            )
        ) from exc


def restore(url: str, src: Path) -> None:
    """Replace the database's contents with the backup's."""
    if not src.is_file():
        raise BackupError(_("%(path)s does not exist.", path=src))
    dialect = make_url(url).get_backend_name()
    if dialect == "sqlite":
        _check_sqlite_backup(src)
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
        target = sqlite3.connect(_sqlite_path(url, must_exist=False))  # a restore may create it
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    elif dialect == "postgresql":
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_libpq_url(url)}",
                str(src),
            ],
            url,
        )
    else:
        raise BackupError(_("Restores are not supported for %(name)s databases.", name=dialect))
