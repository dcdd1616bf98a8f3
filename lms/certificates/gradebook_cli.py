"""``lms cohorts gradebook COHORT``: a cohort's gradebook as a CSV or XLSX file."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from lms.i18n.languages import LANGUAGES


@click.group("cohorts")
def cohorts_group() -> None:
    """Cohorts: their gradebook."""


@cohorts_group.command("gradebook")
@click.argument("cohort_code")
@click.option("--format", "file_format", type=click.Choice(["csv", "xlsx"]), default="xlsx")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    help="Language of the headings (default: the command line's language).",
)
@with_appcontext
def gradebook_command(cohort_code: str, file_format: str, out: Path, language: str | None) -> None:
    """Write the gradebook of the cohort with the code COHORT_CODE to FILE: each module's best
    quiz result and lessons read, practice hours, competency statuses and certificates."""
    from lms.accounts.models import Cohort
    from lms.certificates.gradebook import GradebookError, cohort_gradebook
    from lms.certificates.gradebook_files import gradebook_csv, gradebook_xlsx
    from lms.core.extensions import db

    cohort = db.session.scalar(select(Cohort).where(Cohort.code == cohort_code))
    if cohort is None:
        click.echo(_("No cohort with the code “%(code)s”.", code=cohort_code), err=True)
        sys.exit(1)
    with force_locale(language) if language else nullcontext():
        try:
            gradebook = cohort_gradebook(cohort)
        except GradebookError as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
        if file_format == "csv":
            out.write_bytes(gradebook_csv(gradebook).encode("utf-8"))
        else:
            out.write_bytes(gradebook_xlsx(gradebook))
    rows = len(gradebook.trainees)
    click.echo(_("%(path)s written: %(count)d trainees.", path=out, count=rows), err=True)
