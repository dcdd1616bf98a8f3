"""A form's fields sent as JSON (the phone's outbox), read back into what WTForms and the form
readers take: a ``MultiDict`` of strings, so the same validators check them as a posted form."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

MAX_VALUES = 200  # values of one field (ticked boxes)


class BadBody(ValueError):
    """Not an object of strings or lists of strings: answered 400, nothing done."""


def json_formdata(fields: object) -> MultiDict:
    if not isinstance(fields, dict):
        raise BadBody("fields must be an object")  # i18n: a forged body, answered with 400
    data = MultiDict()
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        if len(values) > MAX_VALUES or not all(isinstance(v, str) for v in values):
            raise BadBody("strings only")  # i18n: a forged body, answered with 400
        for one in values:
            data.add(name, one)
    return data
