"""``lms notifications digest``: write the daily digest e-mails into the outbox.

Run it once a day (the job queue's periodic task, or a timer); run again the same day, it writes
nothing twice: each person's digest of a day has one event key.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import ngettext

from lms.core.schema import require_current_schema
from lms.core.unit_of_work import unit_of_work
from lms.notifications.sending import write_digests
from lms.notifications.waiting_digest import write_waiting_digests


@click.group("notifications")
def notifications_group() -> None:
    """Notifications and their e-mails."""


@notifications_group.command("digest")
@with_appcontext
def digest() -> None:
    """Write today's digest e-mail of each person who chose one, and each trainer's e-mail of
    what waits for them, into the outbox."""
    require_current_schema()
    with unit_of_work():
        written = write_digests()
        waiting = write_waiting_digests()
    click.echo(
        ngettext(
            "%(num)d digest written to the outbox.",
            "%(num)d digests written to the outbox.",
            written,
        )
    )
    click.echo(
        ngettext(
            "%(num)d trainer's e-mail of what waits written to the outbox.",
            "%(num)d trainers' e-mails of what waits written to the outbox.",
            waiting,
        )
    )
