"""Consistent copies of the database: SQLite's online backup API, pg_dump for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(_("An in-memory SQLite database cannot be backed up."))
    return Path(database)


def _libpq_url(url: str) -> str:
    """The URL as pg_dump expects it (no SQLAlchemy driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            _("%(name)s is not installed; install the PostgreSQL client tools.", name=name)
        )
    return path


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or _("%(name)s failed", name=command[0]))


def backup(url: str, dest: Path) -> None:
    if dest.exists():
        raise BackupError(_("%(path)s exists already; choose a new file name.", path=dest))
    dialect = make_url(url).get_backend_name()
    if dialect == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        target = sqlite3.connect(dest)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    elif dialect == "postgresql":
        _run(
            [
                _pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--file={dest}",
                _libpq_url(url),
            ]
        )
    else:
        raise BackupError(_("Backups are not supported for %(name)s databases.", name=dialect))


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
        target = sqlite3.connect(_sqlite_path(url))
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
            ]
        )
    else:
        raise BackupError(_("Restores are not supported for %(name)s databases.", name=dialect))
