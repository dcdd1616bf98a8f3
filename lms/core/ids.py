"""Ids in addresses: ``<int:...>`` in every route takes at most the largest id a database column
holds (PostgreSQL's ``integer``). A longer number is no page (404): it answered 500 before,
SQLite and PostgreSQL both refusing to compare a column with it."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app: Flask) -> None:
    """Before any blueprint adds its routes: a rule takes its converter when it is added."""
    app.url_map.converters["int"] = DatabaseId
