"""``lms gift ...``: work with quiz files in Moodle's GIFT format. Needs no app context."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

import click
from flask_babel import gettext as _

from lms.quizzes.gift import GiftError, parse_gift

gift_cli = click.Group("gift", help="Read quiz questions written in Moodle's GIFT format.")


@gift_cli.command("parse")
@click.argument("file", type=click.Path(path_type=str))
def parse_command(file: str) -> None:
    """Print the questions of FILE as a JSON array.

    On bad input, print one "FILE:line: message" per problem to stderr and exit with 1.
    """
    source = _read_source(file)
    try:
        questions = parse_gift(source)
    except GiftError as error:
        _fail([f"{file}:{line}: {message}" for line, message in error.problems])
    payload = json.dumps([q.to_dict() for q in questions], ensure_ascii=False, indent=2)
    # Bytes, so that the JSON is UTF-8 whatever the terminal's locale.
    click.echo(payload.encode("utf-8"))


def _read_source(file: str) -> str:
    try:
        data = Path(file).read_bytes()
    except OSError as error:
        _fail([_("%(file)s: cannot read: %(error)s", file=file, error=error.strerror or error)])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = f"0x{data[error.start]:02x}"
        _fail(
            [
                _(
                    "%(file)s: not UTF-8 text (invalid byte %(byte)s on line %(line)d)",
                    file=file,
                    byte=byte,
                    line=line,
                )
            ]
        )


def _fail(lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    raise click.exceptions.Exit(1)
