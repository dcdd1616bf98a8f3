"""Input every request shares: text fields, query strings and upload names without NUL bytes.

PostgreSQL refuses a NUL character in text (SQLite stores it), so one typed into a login, a
reflection, a search or an upload name answered 500 on one database only. No form of the
platform has a use for it, so a request that carries one is refused before any view runs.
"""

from __future__ import annotations

from flask import Flask, abort, request
from flask_babel import gettext as _

NUL = "\x00"


def _values() -> list[str]:
    values = [*request.args.keys(), *request.args.values()]
    if request.method != "GET" and request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        values += [*request.form.keys(), *request.form.values()]
        values += [f.filename or "" for f in request.files.values()]
    return values


def refuse_nul_bytes():
    if any(NUL in value for value in _values()):
        abort(400, _("The form contains a character that cannot be stored (NUL). Remove it."))


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_bytes)
