"""``lms reports refresh``: recompute the kept national reports before they expire.

Run it from a timer every minute, or as a service with ``--every 60``: the standing reports
(the unfiltered national practice report, each programme's competency tables) are then always
younger than ``LMS_REPORT_MAX_AGE``, and no reader's request ever spends seconds computing one.
"""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import SQLAlchemyError

from lms.core.cli import fail
from lms.core.extensions import db
from lms.core.unit_of_work import unit_of_work
from lms.reports.cache import max_age, refresh_standing

ONCE_WITHIN_S = 120  # run once (from a timer every minute): what expires in the next two minutes


@click.group("reports")
def reports_group() -> None:
    """Kept national reports."""


@reports_group.command("refresh")
@click.option(
    "--every",
    type=click.IntRange(min=1),
    help="Keep running, refreshing every this many seconds.",
)
@with_appcontext
def reports_refresh(every: int | None) -> None:
    """Recompute the standing reports that would expire soon, and drop expired filtered ones."""
    if max_age() <= 0:
        fail(_("reports are not kept (LMS_REPORT_MAX_AGE is 0): there is nothing to refresh"))
    if every is None:
        with unit_of_work():
            _refresh(ONCE_WITHIN_S)
        return
    within = max(2 * every, ONCE_WITHIN_S)
    while True:
        try:
            with unit_of_work():  # each round commits (or rolls back) by itself
                _refresh(within)
        except SQLAlchemyError as exc:  # the database is away: try again next time
            current_app.logger.warning("reports refresh failed: %s", exc)
            click.echo(_("Could not refresh the reports: %(error)s", error=exc), err=True)
        db.session.remove()
        time.sleep(every)


def _refresh(within: int) -> None:
    refreshed, dropped = refresh_standing(within)
    for report in refreshed:
        seconds = f"{report.seconds:.2f}"
        click.echo(_("Recomputed %(key)s in %(seconds)s s.", key=report.key, seconds=seconds))
    if dropped:
        click.echo(
            ngettext("Dropped %(num)d expired report.", "Dropped %(num)d expired reports.", dropped)
        )
