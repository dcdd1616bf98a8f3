"""A form's fields sent as JSON (the phone's outbox), read back into what WTForms and the form
readers take: a ``MultiDict`` of strings, so the same validators check them as a posted form.

The body is checked before any of it is used, the same way for every JSON endpoint: an object
whose members are the endpoint's own with their JSON types (``true`` is not the number 1), field
names the endpoint knows, and strings that a database can store (no NUL or other control
character, no lone surrogate from a ``\\ud800`` escape). Anything else is a ``BadBody``, answered
400 with nothing done; so is JSON nested deeper than the parser goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from flask import request
from werkzeug.datastructures import MultiDict

MAX_VALUES = 200  # values of one field (ticked boxes)
ANY = object  # a member whose value the endpoint checks itself (a phone-made id)


class BadBody(ValueError):
    """Not the endpoint's JSON object: answered 400, nothing done."""


def _is(value: object, kind: type) -> bool:
    if kind in (int, float):  # JSON's true and false are Python ints: never taken as numbers
        return isinstance(value, kind) and not isinstance(value, bool)
    return isinstance(value, kind)


# C0 control characters but tab, line feed and carriage return, and DEL: no field holds them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def storable(text: str) -> bool:
    """Text a database stores and a page shows as it is: no control character (NUL, which
    PostgreSQL refuses, ESC, BEL...) and no lone surrogate (it cannot be encoded as UTF-8)."""
    if CONTROL.search(text):
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_object(members: Mapping[str, type]) -> dict:
    """The request's JSON body: an object whose members are among ``members``, each of its type.

    Raises BadBody for a body that is not JSON, not an object, nested too deep for the parser,
    or has a member the endpoint does not know or of another type."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # Werkzeug's ``silent`` covers ValueError only
        raise BadBody("nested too deep") from None  # i18n: a forged body, answered with 400
    if not isinstance(body, dict):
        raise BadBody("not an object")  # i18n: a forged body, answered with 400
    for name, value in body.items():
        kind = members.get(name)
        if kind is None or not _is(value, kind):
            raise BadBody("unknown member or wrong type")  # i18n: a forged body, answered with 400
    return body


def kept_for(body: dict, user_id: int) -> bool:
    """The body's ``user_id`` (whose phone work it is) is exactly this user's id."""
    value = body.get("user_id")
    return _is(value, int) and value == user_id


def json_formdata(fields: object, known: Callable[[str], bool] | None = None) -> MultiDict:
    """The fields as form data; BadBody unless an object of storable strings (or lists of
    them) under names that ``known`` accepts."""
    if not isinstance(fields, dict):
        raise BadBody("fields must be an object")  # i18n: a forged body, answered with 400
    data = MultiDict()
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        if len(values) > MAX_VALUES or not all(isinstance(v, str) for v in values):
            raise BadBody("strings only")  # i18n: a forged body, answered with 400
        if not storable(name) or not all(storable(v) for v in values):
            raise BadBody("a character that cannot be stored")  # i18n: forged, a 400
        if known is not None and not known(name):
            raise BadBody("unknown field")  # i18n: a forged body, answered with 400
        for one in values:
            data.add(name, one)
    return data
