"""Strict fields shared by the practice forms: numbers, dates and durations go through
``parsing``, never bare int()."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Optional, ValidationError

from lms.core.numbers import ascii_coerce
from lms.practice import parsing


def strict_int(value) -> int | None:
    """Coerce for select and checkbox values: ASCII digits only (``1_0`` is not ten)."""
    if value is None or value == "" or isinstance(value, int):
        return value or None
    return ascii_coerce(value)


def parsed(parse):
    """A validator: the field, when filled, must be what ``parse`` accepts (its message if not)."""

    def check(form, field):
        if field.data:
            try:
                parse(field.data)
            except parsing.ParseError as exc:
                raise ValidationError(str(exc)) from exc

    return check


def date_input(label, required: bool = True) -> StringField:
    validators = [DataRequired()] if required else [Optional()]
    return StringField(
        label,
        validators=[*validators, parsed(parsing.iso_date)],
        # Translators: the pattern of a date typed as digits (year-month-day).
        render_kw={"type": "date", "placeholder": _l("YYYY-MM-DD")},
    )


def hours_input(label, maximum: int) -> StringField:
    return StringField(
        label,
        validators=[parsed(lambda text: parsing.whole_number(text, maximum=maximum))],
        render_kw={"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"},
    )


class DurationMixin:
    """Hours (typed) and minutes (0, 15, 30, 45) of a duration."""

    def duration_minutes(self) -> int | None:
        if not (self.hours.data or "").strip() and self.quarter.data in ("", "0", None):
            return None
        hours = parsing.whole_number(self.hours.data or "0", maximum=24)
        quarter = parsing.whole_number(self.quarter.data or "0", maximum=45)
        if quarter % parsing.STEP_MINUTES:
            raise parsing.ParseError(_("Minutes are 0, 15, 30 or 45."))
        return hours * 60 + quarter
