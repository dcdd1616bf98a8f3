"""``lms worker``: the job queue's consumer."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms.jobs.queue import configured_url, queue


@click.command("worker")
@click.option(
    "--workers",
    type=click.IntRange(min=1, max=64),
    default=2,
    show_default=True,
    help="Jobs run at once (threads).",
)
@with_appcontext
def worker_command(workers: int) -> None:
    """Run the background jobs and the periodic work (until stopped with Ctrl-C or SIGTERM)."""
    import lms.jobs.control  # noqa: F401 (declares the periodic work)
    import lms.jobs.periodic  # noqa: F401

    app = current_app._get_current_object()
    url = configured_url(app)
    shown = url.split("@")[-1]  # never print a password given in the URL
    click.echo(_("Worker: %(workers)d threads on %(queue)s.", workers=workers, queue=shown))
    consumer = queue(app).huey.create_consumer(workers=workers, worker_type="thread")
    consumer.run()
