"""Forms of the practice log: entries, submission, sign-off, placements and the report filter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from lms.accounts.forms import MultiCheckboxField
from lms.core.forms import Form, choice_list
from lms.practice import parsing
from lms.practice.forms.fields import (
    DurationMixin,
    date_input,
    hours_input,
    parsed,
    strict_int,
)
from lms.practice.labels import QUARTER_CHOICES


class EntryForm(DurationMixin, Form):
    # Checked on submission (submit_entries), not on each autosave: a draft is the trainee's own.
    privacy_guarded = ("client_code", "reflection")
    placement = SelectField(_l("Placement"), coerce=strict_int, choices=[])
    day = date_input(_l("Date"))
    start = StringField(
        _l("Start time"),
        validators=[Optional(), parsed(parsing.clock_minutes)],
        # Translators: the pattern of a clock time typed as digits (hours:minutes).
        render_kw={"type": "time", "placeholder": _l("HH:MM")},
    )
    end = StringField(
        _l("End time"),
        validators=[Optional(), parsed(parsing.clock_minutes)],
        render_kw={"type": "time", "placeholder": _l("HH:MM")},
    )
    hours = hours_input(_l("Hours"), 24)
    quarter = SelectField(_l("Minutes"), choices=choice_list(QUARTER_CHOICES))
    category = SelectField(_l("Activity"), choices=[])
    client_code = StringField(
        _l("Client code (never a name)"),
        validators=[Optional(), Length(max=20)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "maxlength": 20},
    )
    target_group = SelectField(_l("Target group"), choices=[])
    competencies = MultiCheckboxField(_l("Competencies practised"), choices=[])
    reflection = TextAreaField(
        _l("Reflection"), validators=[Length(max=5000)], render_kw={"rows": 6}
    )
    confirm_privacy = BooleanField(_l("I confirm this contains no identifying details"))
    save = SubmitField(_l("Save draft"))
    submit_entry = SubmitField(_l("Save and submit"))

    def validate_hours(self, field):
        start, end = self.start.data, self.end.data
        if bool(start) != bool(end):
            raise ValidationError(_l("Give both the start and the end time, or neither."))
        if not start and self.duration_minutes_or_none() is None:
            raise ValidationError(_l("Give the start and end times, or the duration."))

    def duration_minutes_or_none(self) -> int | None:
        try:
            return self.duration_minutes()
        except parsing.ParseError:
            return None

    def times(self) -> tuple[int | None, int | None, int]:
        """(start, end, minutes) from the times when given, else from the duration."""
        if self.start.data and self.end.data:
            start = parsing.clock_minutes(self.start.data)
            end = parsing.clock_minutes(self.end.data)
            given = self.duration_minutes()
            return start, end, given if given is not None else end - start
        return None, None, self.duration_minutes() or 0


class SubmitForm(Form):
    confirm_privacy = BooleanField(_l("I confirm these entries contain no identifying details"))
    submit = SubmitField(_l("Submit for sign-off"))


class DecisionForm(Form):
    privacy_guarded = ("comment",)  # return_entries passes the comment through the privacy guard
    # Which entries may be decided is the service's rule (with a clear message), not a choice list.
    entry_ids = MultiCheckboxField(
        _l("Entries"), coerce=strict_int, choices=[], validate_choice=False
    )
    comment = TextAreaField(
        _l("Comment (required to return)"), validators=[Length(max=2000)], render_kw={"rows": 3}
    )
    confirm_privacy = BooleanField(_l("I confirm this contains no identifying details"))
    approve = SubmitField(_l("Approve selected"))
    send_back = SubmitField(_l("Return selected"))


class PlacementForm(Form):
    cohort = SelectField(_l("Cohort"), coerce=strict_int, choices=[])
    region = SelectField(_l("Etrap or city"), coerce=strict_int, choices=[])
    agency = StringField(_l("Agency or service"), validators=[DataRequired(), Length(max=200)])
    supervisor = SelectField(_l("Supervisor"), coerce=strict_int, choices=[])
    starts_on = date_input(_l("Starts on"))
    ends_on = date_input(_l("Ends on"))
    required_hours = hours_input(_l("Required hours"), 5000)
    submit = SubmitField(_l("Create placement"))

    def validate_required_hours(self, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Give the required hours (0 if none)."))


class ReportFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter changes nothing

    cohort = SelectField(_l("Cohort"), coerce=strict_int, choices=[])
    start = date_input(lazy_pgettext("date range", "From"), required=False)
    end = date_input(_l("To"), required=False)
