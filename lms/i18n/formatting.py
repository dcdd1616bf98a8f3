"""Numbers, percentages and durations in the reader's locale (CLDR data through Babel).

Dates and times use Flask-Babel's ``format_date``/``format_datetime`` (Asia/Ashgabat); these
filters cover the rest: ``1 234,5`` in Turkmen and Russian, ``1,234.5`` in English; ``87,5 %``;
``1 sag 30 min`` / ``1 ч 30 мин`` / ``1 hr 30 min``.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_decimal, format_percent
from babel.units import format_unit
from flask import Flask
from flask_babel import get_locale

DASH = "–"


def _locale():
    return get_locale() or "en"


def number(value: float | int | None, digits: int = 1) -> str:
    """A number with at most ``digits`` decimals, grouped and punctuated for the locale."""
    if value is None:
        return DASH
    return _number(value, digits, str(_locale()))


def percent(value: float | int | None, digits: int = 1) -> str:
    """``value`` out of 100 as a percentage: ``87,5 %`` (tk, ru), ``87.5%`` (en)."""
    if value is None:
        return DASH
    return _percent(round(value, digits), str(_locale()))


# Babel takes about 30 µs a number; a report's table shows hundreds, mostly the same few values.
@lru_cache(maxsize=8192)
def _number(value: float | int, digits: int, locale: str) -> str:
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale)


@lru_cache(maxsize=8192)
def _percent(value: float, locale: str) -> str:
    # Decimal, not float: 33.3 / 100 is 0.33299999999999996 as a float, which Babel would print
    # in full because decimal places are not quantized.
    fraction = Decimal(str(value)) / 100
    return format_percent(fraction, locale=locale, decimal_quantization=False)


def hours(minutes: float | int | None) -> str:
    """Minutes as a number of hours with at most one decimal: 90 → ``1,5`` (no unit)."""
    return number(round((minutes or 0) / 60, 1))


def duration(minutes: float | int | None) -> str:
    """Minutes as hours and minutes with the locale's short units: 90 → ``1 sag 30 min``."""
    return _duration(int(minutes or 0), str(_locale()))


# A log or a queue shows the same few durations on every row; Babel takes about 70 µs for each.
@lru_cache(maxsize=4096)
def _duration(total: int, locale: str) -> str:
    whole, rest = divmod(total, 60)
    parts = []
    if whole:
        parts.append(format_unit(whole, "duration-hour", length="short", locale=locale))
    if rest or not whole:
        parts.append(format_unit(rest, "duration-minute", length="short", locale=locale))
    return " ".join(parts)


def register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(number=number, percent=percent, hours=hours, duration=duration)
