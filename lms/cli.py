"""The ``lms`` command: Flask's commands (run, shell, db ...) plus the platform's own, which
``create_app`` attaches."""

from __future__ import annotations

import click
from flask.cli import FlaskGroup

from lms import create_app


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def cli() -> None:
    """Social work training platform."""


def main() -> None:
    cli(prog_name="lms")
