"""``lms reports refresh``: recompute the kept national reports before they expire.

The job queue's worker (``lms worker``) does the same every minute (``lms.jobs.periodic``): the
standing reports (the unfiltered national practice report, each programme's competency tables)
are then always younger than ``LMS_REPORT_MAX_AGE``, and no reader's request ever spends seconds
computing one. The command is for a one-off refresh, or a timer where no worker runs.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from lms.core.cli import fail
from lms.core.unit_of_work import unit_of_work
from lms.reports.cache import max_age, refresh_standing

ONCE_WITHIN_S = 120  # run once (from a timer every minute): what expires in the next two minutes


@click.group("reports")
def reports_group() -> None:
    """Kept national reports."""


@reports_group.command("refresh")
@with_appcontext
@unit_of_work()
def reports_refresh() -> None:
    """Recompute the standing reports that would expire soon, and drop expired filtered ones."""
    if max_age() <= 0:
        fail(_("reports are not kept (LMS_REPORT_MAX_AGE is 0): there is nothing to refresh"))
    _refresh(ONCE_WITHIN_S)


def _refresh(within: int) -> None:
    refreshed, dropped = refresh_standing(within)
    for report in refreshed:
        seconds = f"{report.seconds:.2f}"
        click.echo(_("Recomputed %(key)s in %(seconds)s s.", key=report.key, seconds=seconds))
    if dropped:
        click.echo(
            ngettext("Dropped %(num)d expired report.", "Dropped %(num)d expired reports.", dropped)
        )
