"""The ``lms`` command: Flask's commands (run, shell, db ...) plus the platform's own, which
``create_app`` attaches."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from lms import create_app
from lms.core.config import ConfigError


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def cli() -> None:
    """Social work training platform."""


def main() -> None:
    # A missing or malformed setting is the operator's to fix: say which, without a traceback.
    try:
        cli(prog_name="lms")
    except ConfigError as exc:
        raise SystemExit(f"lms: {exc}") from None
