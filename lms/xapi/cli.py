"""``lms xapi ...``: the statements as JSON lines, and delivery to the LRS on demand."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms.core.cli import fail
from lms.core.unit_of_work import unit_of_work
from lms.practice.parsing import ParseError, iso_date
from lms.xapi.delivery import deliver_due, lrs_settings
from lms.xapi.outbox import collect
from lms.xapi.sources import events

xapi_group = click.Group("xapi", help="xAPI 1.0.3 statements: export, and delivery to an LRS.")


def _since(ctx, param, text: str | None) -> datetime | None:
    """YYYY-MM-DD: from that day's start in UTC (a bad date ends the command with status 2)."""
    if text is None:
        return None
    try:
        day = iso_date(text)
    except ParseError as exc:
        raise click.BadParameter(str(exc)) from None
    return datetime.combine(day, time(), tzinfo=UTC)


def statement_line(statement: dict) -> str:
    return json.dumps(statement, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@xapi_group.command("export")
@click.option("--since", callback=_since, help="Only events from this day on (YYYY-MM-DD, UTC).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of standard output.",
)
@with_appcontext
def export_command(since: datetime | None, out: Path | None) -> None:
    """Write the statements of every event (oldest first) as JSON lines."""
    lines = [statement_line(event.statement) + "\n" for event in events(since)]
    if out is None:
        click.echo("".join(lines), nl=False)
        return
    partial = out.with_name(out.name + ".partial")
    partial.write_text("".join(lines), encoding="utf-8")
    partial.replace(out)  # a reader never sees half a file
    click.echo(_("%(count)d statements written to %(file)s.", count=len(lines), file=out), err=True)


@xapi_group.command("deliver")
@click.option(
    "--since", callback=_since, help="Also collect events from this day on (YYYY-MM-DD, UTC)."
)
@with_appcontext
def deliver_command(since: datetime | None) -> None:
    """Collect new statements into the outbox and send what is due to the LRS now."""
    settings = lrs_settings()
    if settings is None:
        fail(_("No Learning Record Store is set (LMS_LRS_URL)."))
    with unit_of_work():
        added = collect(since=since)
    counts = deliver_due()
    click.echo(
        _(
            "%(added)d new statements; %(delivered)d delivered, %(retrying)d to retry, "
            "%(rejected)d rejected.",
            added=added,
            delivered=counts.delivered,
            retrying=counts.retrying,
            rejected=counts.rejected,
        )
    )
