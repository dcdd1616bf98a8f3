"""The platform-wide commands (backup, restore, translations) and what every command shares."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms.core.extensions import db


def fail(message: str) -> None:
    """End a command with a message on stderr and exit status 1 (no traceback)."""
    click.echo(message, err=True)
    sys.exit(1)


@click.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(dest: Path) -> None:
    """Write a consistent copy of the database to DEST."""
    from lms.core.backup import BackupError, backup

    try:
        backup(current_app.config["SQLALCHEMY_DATABASE_URI"], dest)
    except BackupError as exc:
        fail(_("backup failed: %(error)s", error=exc))
    click.echo(_("Backup written to %(path)s.", path=dest))


@click.command("restore")
@click.argument("src", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(src: Path, yes: bool) -> None:
    """Replace the database's contents with the backup SRC."""
    from lms.core.backup import BackupError, restore

    if not src.is_file():  # before asking: a "yes" to a typo would only lead to an error
        fail(_("restore failed: %(error)s", error=_("%(path)s does not exist.", path=src)))
    if not yes:
        click.confirm(_("This replaces every record in the database. Continue?"), abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], src)
    except BackupError as exc:
        fail(_("restore failed: %(error)s", error=exc))
    click.echo(_("Database restored from %(path)s.", path=src))


@click.group("translations")
def translations_group() -> None:
    """The interface's message catalogues (tk, ru, en) for translators."""


@translations_group.command("extract")
def translations_extract() -> None:
    """Collect every translatable message into lms/translations/messages.pot."""
    from lms.i18n.catalogues import extract, write_template

    template = extract()
    path = write_template(template)
    click.echo(_("%(num)d messages written to %(path)s.", num=len(template), path=path))


@translations_group.command("update")
def translations_update() -> None:
    """Extract, then merge new and changed messages into each language's .po file."""
    from lms.i18n.catalogues import CatalogueError, extract, update, write_template

    template = extract()
    write_template(template)
    try:
        added = update(template)
    except CatalogueError as exc:
        fail(str(exc))
    for language, count in added.items():
        click.echo(_("%(language)s: %(num)d new messages", language=language, num=count))
    click.echo(_("Translate the new entries, then run `lms translations compile`."))


@translations_group.command("compile")
def translations_compile() -> None:
    """Compile the .po files to .mo (part of set-up; refuses broken entries)."""
    from lms.i18n.catalogues import CatalogueError, compile_all

    try:
        paths = compile_all()
    except CatalogueError as exc:
        fail(str(exc))
    click.echo(_("%(num)d catalogues compiled.", num=len(paths)))


@translations_group.command("status")
@click.option("--list", "show", is_flag=True, help="List the missing and fuzzy messages.")
def translations_status(show: bool) -> None:
    """How complete the Turkmen and Russian catalogues are; exit status 1 when incomplete."""
    from lms.i18n.catalogues import CatalogueError, coverage

    try:
        report = coverage()
    except CatalogueError as exc:
        fail(str(exc))
    complete = True
    for item in report:
        click.echo(
            _(
                "%(language)s: %(translated)d of %(total)d translated, %(fuzzy)d fuzzy, "
                "%(missing)d missing",
                language=item.language,
                translated=item.translated,
                total=item.total,
                fuzzy=len(item.fuzzy),
                missing=len(item.missing),
            )
        )
        if not item.compiled_current:
            click.echo(_("%(language)s: compiled catalogue is out of date", language=item.language))
        if show:
            for msgid in item.missing:
                click.echo(f"  - {msgid}")
            for msgid in item.fuzzy:
                click.echo(f"  ~ {msgid}")
        complete = complete and not item.fuzzy and not item.missing and item.compiled_current
    if not complete:
        sys.exit(1)
