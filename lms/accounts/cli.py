"""Commands for accounts: ``lms users import``, ``lms users create-admin`` (in admin_cli) and
``lms regions sync``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from lms.accounts.admin_cli import create_admin_command
from lms.accounts.regions import REGIONS_FILE, RegionDataError, sync_regions
from lms.core.cli import fail
from lms.core.schema import require_current_schema
from lms.core.unit_of_work import after_commit, unit_of_work


@click.group("users")
def users_group() -> None:
    """Manage user accounts."""


users_group.add_command(create_admin_command)


@users_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
@unit_of_work()
def users_import(file: Path) -> None:
    """Import users from a UTF-8 CSV file; nothing is saved if any row is bad."""
    from lms.accounts.user_import import import_users
    from lms.core.spreadsheets import CsvDecodeError, decode_upload

    try:
        text = decode_upload(file.read_bytes())
    except OSError as exc:
        fail(_("%(path)s: cannot read the file (%(error)s).", path=file, error=exc.strerror))
    except CsvDecodeError as exc:
        fail(f"{file}: {exc}")
    report = import_users(text, actor_id=None)
    if not report.ok:
        for line, message in report.errors:
            click.echo(f"{file}:{line}: {message}", err=True)
        fail(
            ngettext(
                "%(path)s: nothing imported (%(num)d problem).",
                "%(path)s: nothing imported (%(num)d problems).",
                len(report.errors),
                path=file,
            )
        )
    count = len(report.users)
    click.echo(ngettext("%(num)d user imported.", "%(num)d users imported.", count))
    # The generated passwords are worth showing only once their accounts exist.
    after_commit(lambda: _show_passwords(report.generated_passwords))


def _show_passwords(passwords: dict[str, str]) -> None:
    for username, password in passwords.items():
        click.echo(f"  {username}\t{password}")


@click.group("regions")
def regions_group() -> None:
    """Velayats and etraps."""


@regions_group.command("sync")
@click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An edited copy of the list (default: the one shipped with the platform).",
)
@with_appcontext
@unit_of_work()
def regions_sync(path: Path | None) -> None:
    """Load or update the velayat/etrap list from the data file shipped with the platform."""
    require_current_schema()
    try:
        count = sync_regions(path or REGIONS_FILE)
    except RegionDataError as exc:
        fail(str(exc))
    click.echo(ngettext("%(num)d region up to date.", "%(num)d regions up to date.", count))
