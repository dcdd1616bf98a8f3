"""``lms demo``: create or complete the demo."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_migrate import upgrade

from lms.core.cli import fail
from lms.core.unit_of_work import unit_of_work


@click.command("demo")
@with_appcontext
@unit_of_work()
def demo_command() -> None:
    """Create (or complete) a ready demo: schema, regions, users and cohorts."""
    from lms.accounts.forms import ROLE_LABELS
    from lms.demo.assemble import DEMO_PASSWORD, DEMO_USERS, POOL_DEMO_USERS, build_demo

    if current_app.config["ENV_NAME"] == "production":
        # Published logins with a published password: never on a real platform.
        fail(_("lms demo refuses to run with LMS_ENV=production: its logins are public."))
    upgrade()
    build_demo()
    click.echo(
        _(
            "Demo ready. Log in at %(url)s with password '%(password)s' as:",
            url="http://127.0.0.1:5000",
            password=DEMO_PASSWORD,
        )
    )
    for new in [*DEMO_USERS, *POOL_DEMO_USERS]:
        roles = ", ".join(str(ROLE_LABELS.get(r, r)) for r in new.roles)
        click.echo(f"  {new.username:<12} {roles:<24} {new.full_name}")
