"""Strict reading of numbers, clock times and dates typed by people.

``int()`` and ``float()`` accept far more than a person means: ``1_0``, full-width ``８``,
Arabic-Indic ``١٢``, ``NaN``, ``inf``, surrounding spaces. Hours logged here count toward a
certificate, so every number is matched against ASCII digits first and only then converted.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _

from lms.core.numbers import NumberError, ascii_int

CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
STEP_MINUTES = 15


class ParseError(ValueError):
    """The text is not what was asked for; the message says what is expected."""


def whole_number(text: str | None, *, maximum: int) -> int:
    """A non-negative whole number written with ASCII digits only, at most ``maximum``."""
    try:
        return ascii_int(text, minimum=0, maximum=maximum)
    except NumberError as exc:
        raise ParseError(str(exc)) from exc


def clock_minutes(text: str | None) -> int:
    """Minutes after midnight of a 24-hour clock time ``HH:MM`` (``24:00`` is the day's end)."""
    match = CLOCK.fullmatch((text or "").strip())
    if not match:
        raise ParseError(_("Write a time as HH:MM with the digits 0–9, for example 09:30."))
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ParseError(_("There is no such time of day."))
    return hours * 60 + minutes


def iso_date(text: str | None) -> date:
    """A calendar date written ``YYYY-MM-DD`` with ASCII digits."""
    match = ISO_DATE.fullmatch((text or "").strip())
    if not match:
        raise ParseError(_("Write a date as YYYY-MM-DD, for example 2026-11-02."))
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise ParseError(_("There is no such date.")) from exc


def format_clock(minutes: int | None) -> str:
    if minutes is None:
        return ""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def format_duration(minutes: int) -> str:
    """``90`` → ``1:30`` (hours and minutes)."""
    return f"{minutes // 60}:{minutes % 60:02d}"
