"""``lms users export-data USERNAME --out FILE`` and ``lms users erase USERNAME --reason TEXT``,
added to the ``users`` group (the account commands) from here, the layer that sees every table."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.cli import users_group
from lms.accounts.models import User
from lms.accounts.names import username_key
from lms.core.cli import fail
from lms.core.extensions import db
from lms.core.privacy import IdentifyingText
from lms.core.schema import require_current_schema
from lms.core.unit_of_work import after_commit, unit_of_work
from lms.privacy.erasure import ErasureRefused, erase_person
from lms.privacy.export import personal_data_json, record_export


def _user_or_fail(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username_key == username_key(username)))
    if user is None:
        fail(_("%(username)s: no such user.", username=username))
    return user


@users_group.command("export-data")
@click.argument("username")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
@unit_of_work()
def export_data_command(username: str, out: Path) -> None:
    """Write everything the platform holds about USERNAME to a JSON file (audited)."""
    require_current_schema()
    user = _user_or_fail(username)
    # The explanations are written in the person's language: the file is for them.
    language = user.language or current_app.config["CLI_LANGUAGE"]
    with force_locale(language):
        record_export(user, actor_id=None)
        text = personal_data_json(user)
    try:  # a file that cannot be written rolls the audit record back with it
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(_("%(path)s: cannot write the file (%(error)s).", path=out, error=exc.strerror))
    after_commit(lambda: click.echo(_("%(path)s: personal data written.", path=out)))


@users_group.command("erase")
@click.argument("username")
@click.option("--reason", required=True, help="Why (kept in the audit log; name no one).")
@click.option("--identifies-nobody", is_flag=True, help="The reason identifies nobody.")
@with_appcontext
@unit_of_work()
def erase_command(username: str, reason: str, identifies_nobody: bool) -> None:
    """Erase a departed trainee's personal data, keeping certificates and signed-off practice
    under a pseudonym (docs/privacy.md)."""
    require_current_schema()
    user = _user_or_fail(username)
    try:
        erased = erase_person(
            user,
            confirmation=username,
            reason=reason,
            confirmed=identifies_nobody,
            actor_id=None,
        )
    except ErasureRefused as exc:
        fail(f"{username}: {exc}")
    except IdentifyingText as exc:
        found = ", ".join(f"“{f.text}”" for f in exc.findings)
        fail(
            _(
                "%(username)s: the reason looks as if it could identify someone (%(found)s). "
                "Rewrite it, or add --identifies-nobody if it identifies nobody.",
                username=username,
                found=found,
            )
        )
    click.echo(
        _("%(username)s erased; now %(pseudonym)s.", username=username, pseudonym=erased.pseudonym)
    )
