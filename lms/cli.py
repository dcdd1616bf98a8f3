"""The ``lms`` command: Flask's commands (run, shell, db ...) plus the platform's own."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from lms import create_app
from lms.extensions import db


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def cli() -> None:
    """Social work training platform."""


def main() -> None:
    cli(prog_name="lms")


def fail(message: str) -> None:
    """End a command with a message on stderr and exit status 1 (no traceback)."""
    click.echo(message, err=True)
    sys.exit(1)


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create (or complete) a ready demo: schema, regions, users and cohorts."""
    from lms.demo import DEMO_PASSWORD, DEMO_USERS, build_demo

    upgrade()
    build_demo()
    db.session.commit()
    click.echo(f"Demo ready. Log in at http://127.0.0.1:5000 with password '{DEMO_PASSWORD}' as:")
    for new in DEMO_USERS:
        click.echo(f"  {new.username:<12} {', '.join(new.roles):<12} {new.full_name}")


@click.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(dest: Path) -> None:
    """Write a consistent copy of the database to DEST."""
    from lms.backup import BackupError, backup

    try:
        backup(current_app.config["SQLALCHEMY_DATABASE_URI"], dest)
    except BackupError as exc:
        fail(f"backup failed: {exc}")
    click.echo(f"Backup written to {dest}.")


@click.command("restore")
@click.argument("src", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(src: Path, yes: bool) -> None:
    """Replace the database's contents with the backup SRC."""
    from lms.backup import BackupError, restore

    if not yes:
        click.confirm("This replaces every record in the database. Continue?", abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], src)
    except BackupError as exc:
        fail(f"restore failed: {exc}")
    click.echo(f"Database restored from {src}.")


def register_commands(app) -> None:
    """Attach every package's commands to the app (called by create_app)."""
    from lms.accounts.cli import regions_group, users_group
    from lms.assessments.cli import gift_cli
    from lms.assessments.practice.cli import practice_cli
    from lms.assessments.quizzes.cli import quiz_cli
    from lms.certificates.cli import certificates_group
    from lms.competencies.cli import frameworks_group

    for command in (
        demo_command,
        backup_command,
        restore_command,
        users_group,
        regions_group,
        gift_cli,
        quiz_cli,
        practice_cli,
        content_group,
        certificates_group,
        frameworks_group,
    ):
        app.cli.add_command(command)


@click.group("content")
def content_group() -> None:
    """The curricula in the content folder."""


@content_group.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--errors-only", is_flag=True, help="Do not list warnings (they are still counted).")
def content_check(directory: Path | None, errors_only: bool) -> None:
    """Validate programmes, modules, lessons, links, quizzes and competency codes."""
    from lms.config import PROJECT_ROOT
    from lms.content_check import check_content

    root = directory or PROJECT_ROOT / "content"
    problems = check_content(root)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        if problem.severity == "error" or not errors_only:
            click.echo(problem.format(root), err=problem.severity == "error")
    warnings = len(problems) - len(errors)
    summary = f"{root}: {len(errors)} error(s), {warnings} warning(s)"
    if errors:
        fail(summary)
    click.echo(summary)
