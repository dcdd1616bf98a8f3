"""Every ``lms`` command ends with one line, not a traceback, when the database is not ready.

``lms certificates verify CODE`` on a database whose tables were never created printed
SQLAlchemy's traceback. Instead of a check in each command, each command's callback is wrapped
once when the commands are attached: a missing table says to run ``lms db upgrade``, a database
that cannot be reached says so, and the command exits with status 1.
"""

from __future__ import annotations

import functools

import click
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError, ProgrammingError

from lms.core.cli import fail

_UNDEFINED_TABLE = "42P01"  # PostgreSQL's SQLSTATE for "relation does not exist"


def _missing_table(error: Exception) -> bool:
    original = getattr(error, "orig", None)
    if getattr(original, "sqlstate", None) == _UNDEFINED_TABLE:
        return True
    return "no such table" in str(original)


def _first_line(error: Exception) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _guarded(callback):
    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except (OperationalError, ProgrammingError) as exc:
            if _missing_table(exc):
                fail(_("The database has no tables yet: run “lms db upgrade” first."))
            fail(_("database error: %(error)s", error=_first_line(exc)))

    run.lms_guarded = True
    return run


def guard_database_errors(command: click.Command) -> click.Command:
    """Wrap ``command`` and, for a group, every command inside it."""
    # The commands are module-level objects and each app attaches them again: wrap once.
    if command.callback is not None and not getattr(command.callback, "lms_guarded", False):
        command.callback = _guarded(command.callback)
    if isinstance(command, click.Group):
        for inner in command.commands.values():
            guard_database_errors(inner)
    return command
