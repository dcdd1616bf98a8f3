"""Whether the database has the newest schema, for commands that write into it.

The schema only ever comes from the migrations: a command run before ``lms db upgrade`` would
otherwise end in a database driver's traceback about a missing table.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_babel import gettext as _

from lms.core.cli import fail
from lms.core.extensions import db

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def schema_is_current() -> bool:
    """The database's Alembic revision is the newest one of the migrations."""
    heads = set(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())
    # The session's own connection: the check sees what the command's transaction will see.
    # (Read directly rather than through Alembic's MigrationContext, which logs as it starts.)
    connection = db.session.connection()
    if not sa.inspect(connection).has_table("alembic_version"):
        return False
    current = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()
    return set(current) == heads


def require_current_schema() -> None:
    """End the command with a clear message when the database needs ``lms db upgrade``."""
    if not schema_is_current():
        fail(_("The database does not have the newest schema: run `lms db upgrade` first."))
