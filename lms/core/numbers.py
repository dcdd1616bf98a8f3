"""The one place where numbers typed into forms and query strings become ints.

``str.isdigit()`` is true for superscripts (``²``) that ``int()`` refuses, so code that checks
with one and converts with the other answers 500; and ``int()`` itself reads Arabic-Indic
``١`` or full-width ``８`` as digits, so a forged form could pick option 1 with ``١``. Only the
ASCII digits 0-9 are numbers here. A parameter that must have one value and arrives twice is
refused too: which copy wins would otherwise depend on the reader.
"""

from __future__ import annotations

import re

from flask import abort
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

_ASCII_WHOLE = re.compile(r"[0-9]{1,12}")


class NumberError(ValueError):
    """The text is not a whole number in range; the message says what is expected."""


def is_ascii_number(text: str) -> bool:
    """True for ASCII digits only (not ``²``, ``١``, ``８``, ``1_0`` or `` 1``)."""
    return _ASCII_WHOLE.fullmatch(text) is not None


def ascii_int(text: str | None, *, minimum: int, maximum: int) -> int:
    """``text`` as an int written with the digits 0-9, from ``minimum`` to ``maximum``."""
    value = (text or "").strip()
    if not is_ascii_number(value):
        raise NumberError(
            _(
                "Write a whole number with the digits 0–9 (%(minimum)d to %(maximum)d).",
                minimum=minimum,
                maximum=maximum,
            )
        )
    number = int(value)
    if number < minimum:
        raise NumberError(_("The smallest number allowed here is %(minimum)d.", minimum=minimum))
    if number > maximum:
        raise NumberError(_("The largest number allowed here is %(maximum)d.", maximum=maximum))
    return number


def one_value(values: MultiDict, name: str, default: str | None = None) -> str | None:
    """The single value of ``name`` in a form or query string; 400 when it is repeated."""
    found = values.getlist(name)
    if len(found) > 1:
        abort(400)
    return found[0] if found else default


def int_arg(values: MultiDict, name: str, *, default: int, maximum: int, minimum: int = 1) -> int:
    """A whole-number parameter (a page number): ``default`` when absent, 400 when malformed,
    repeated or outside ``minimum``..``maximum``."""
    text = one_value(values, name)
    if text is None:
        return default
    try:
        return ascii_int(text, minimum=minimum, maximum=maximum)
    except NumberError:
        abort(400)


def ascii_coerce(value: object) -> int | None:
    """``coerce`` for select and checkbox fields: ``int`` would take ``١`` as 1."""
    if value is None or value == "" or isinstance(value, int):
        return value if value != "" else None
    return ascii_int(str(value), minimum=0, maximum=2_000_000_000)
