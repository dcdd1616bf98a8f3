"""``lms practice ...``: the practice log from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import Cohort
from lms.core.cli import fail
from lms.core.extensions import db
from lms.core.spreadsheets import csv_text
from lms.practice.parsing import ParseError, iso_date
from lms.practice.reports import EXPORT_COLUMNS, ReportFilter, export_rows

practice_cli = click.Group("practice", help="Supervised practice: placements and hour logs.")


def _date(option: str, text: str | None):
    if text is None:
        return None
    try:
        return iso_date(text)
    except ParseError as exc:
        fail(f"{option}: {exc}")


@practice_cli.command("export")
@click.option("--cohort", "cohort_code", help="Only entries of placements in this cohort (code).")
@click.option("--from", "start", help="First date, YYYY-MM-DD.")
@click.option("--to", "end", help="Last date, YYYY-MM-DD.")
@with_appcontext
def export_command(cohort_code: str | None, start: str | None, end: str | None) -> None:
    """Write practice entries as CSV (UTF-8 with BOM) to standard output."""
    first, last = _date("--from", start), _date("--to", end)
    if first and last and last < first:
        fail(_("--to: the last date is before the first date."))
    cohort_id = None
    if cohort_code is not None:
        cohort_id = db.session.scalar(select(Cohort.id).where(Cohort.code == cohort_code))
        if cohort_id is None:
            fail(_("--cohort: unknown cohort “%(code)s”.", code=cohort_code))
    report = ReportFilter(cohort_id=cohort_id, start=first, end=last)
    text = csv_text(EXPORT_COLUMNS, export_rows(report))
    # Bytes, so that the CSV is UTF-8 whatever the terminal's locale.
    click.echo(text.encode("utf-8"), nl=False)
