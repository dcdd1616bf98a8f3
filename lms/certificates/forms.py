"""Forms for issuing, revoking and recording; they check input types only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from lms.core.forms import Form, WholeNumberField
from lms.core.numbers import ascii_coerce


class IssueForm(Form):
    programme = SelectField(_l("Programme"), choices=[])
    username = StringField(_l("Username (one person)"), validators=[Optional(), Length(max=64)])
    cohort = SelectField(_l("…or a whole cohort"), choices=[], validators=[Optional()])
    submit = SubmitField(_l("Issue"))


class ReasonForm(Form):
    privacy_guarded = ("reason",)  # revoke/re-issue pass the reason through the privacy guard
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])
    confirm_privacy = BooleanField(_l("I confirm this contains no identifying details"))
    submit = SubmitField(_l("Confirm"))


class CoFacilitationForm(Form):
    privacy_guarded = ("topic", "comments")  # record_co_facilitation checks both
    trainee = SelectField(_l("ToT candidate"), coerce=ascii_coerce, choices=[])
    held_on = DateField(_l("Date of the session"), validators=[DataRequired()])
    topic = StringField(_l("Session topic"), validators=[DataRequired(), Length(max=200)])
    rating = WholeNumberField(
        _l("Rating (1 = not shown … 3 = meets the standard … 5 = exemplary)"),
        validators=[DataRequired(), NumberRange(min=1, max=5)],
    )
    comments = TextAreaField(_l("Comments"), validators=[Optional(), Length(max=4000)])
    confirm_privacy = BooleanField(_l("I confirm this contains no identifying details"))
    submit = SubmitField(_l("Record session"))


class PoolModulesForm(Form):
    submit = SubmitField(_l("Save modules"))
