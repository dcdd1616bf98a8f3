"""``lms users create-admin``: the first administrator, asked for or given by options.

A password never comes from the command line itself (it would stay in the shell's history and
show in the process list): it is typed at a hidden prompt, read from a file or from standard
input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms.core.cli import fail
from lms.core.schema import require_current_schema
from lms.core.unit_of_work import unit_of_work


def _read_password_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        error = exc.strerror if isinstance(exc, OSError) else exc.reason
        fail(_("%(path)s: cannot read the file (%(error)s).", path=path, error=error))
    return text.rstrip("\r\n")  # the line end an editor or `echo` adds is not part of it


def _password(password_file: Path | None, password_stdin: bool) -> str:
    if password_file is not None:
        return _read_password_file(password_file)
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(
        _("Password"),
        hide_input=True,
        confirmation_prompt=_("Repeat the password"),
    )


def _check_options(username, full_name, password_file, password_stdin) -> None:
    if password_file is not None and password_stdin:
        fail(_("Use either --password-file or --password-stdin, not both."))
    if password_stdin and not (username and full_name):
        # Standard input holds the password, so there is nothing left to answer prompts with.
        fail(_("--password-stdin needs --username and --full-name."))


@click.command("create-admin")
@click.option("--username", help="The administrator's username (asked for when left out).")
@click.option("--full-name", help="The administrator's full name (asked for when left out).")
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the password from the first line of this file.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
@unit_of_work()
def create_admin_command(
    username: str | None,
    full_name: str | None,
    password_file: Path | None,
    password_stdin: bool,
) -> None:
    """Create an administrator account (the first one after installing)."""
    from lms.accounts.administrators import create_administrator
    from lms.accounts.users import AccountError

    _check_options(username, full_name, password_file, password_stdin)
    require_current_schema()
    username = username or click.prompt(_("Username"))
    full_name = full_name or click.prompt(_("Full name"))
    password = _password(password_file, password_stdin)
    try:
        user = create_administrator(username, full_name, password)
    except AccountError as exc:
        click.echo(str(exc), err=True)
        fail(_("No administrator was created."))  # the unit of work rolls back
    click.echo(
        _(
            "Administrator “%(name)s” created; sign in at %(url)s/login.",
            name=user.username,
            url=current_app.config["PUBLIC_URL"],
        )
    )
