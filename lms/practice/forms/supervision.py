"""Forms of supervision: sessions with agreed actions, acknowledgements, field evaluations."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from lms.accounts.forms import MultiCheckboxField
from lms.core.forms import Form, SubForm, choice_list
from lms.practice import parsing
from lms.practice.forms.fields import (
    DurationMixin,
    date_input,
    hours_input,
    strict_int,
)
from lms.practice.labels import (
    FORMAT_LABELS,
    MODE_LABELS,
    NOT_OBSERVED,
    QUARTER_CHOICES,
    RATING_LABELS,
    TOPIC_LABELS,
)
from lms.practice.models.evaluations import RATINGS

# The privacy guard's confirmation, worded as on the practice entry form.
CONFIRM_PRIVACY = _l("I confirm this contains no identifying details")


class ActionForm(SubForm):
    privacy_guarded = ("task",)  # record_session checks the tasks with the session's notes
    task = StringField(_l("Agreed action"), validators=[Optional(), Length(max=300)])
    due_on = date_input(_l("Due on"), required=False)


class AcknowledgeForm(Form):
    submit = SubmitField(_l("I acknowledge this record"))


class SelfEvaluationForm(Form):
    privacy_guarded = ("self_evaluation",)  # acknowledge_evaluation checks it
    self_evaluation = TextAreaField(
        _l("Your self-evaluation"),
        validators=[DataRequired(), Length(max=5000)],
        render_kw={"rows": 6},
    )
    confirm_privacy = BooleanField(CONFIRM_PRIVACY)
    submit = SubmitField(_l("Save and acknowledge"))


class SessionForm(DurationMixin, Form):
    privacy_guarded = ("case_codes", "notes")  # record_session checks them (and the tasks)
    placements = MultiCheckboxField(_l("Trainees present"), coerce=strict_int, choices=[])
    day = date_input(_l("Date"))
    hours = hours_input(_l("Hours"), 8)
    quarter = SelectField(_l("Minutes"), choices=choice_list(QUARTER_CHOICES))
    format = SelectField(_l("Format"), choices=choice_list(FORMAT_LABELS.items()))
    mode = SelectField(_l("Mode"), choices=choice_list(MODE_LABELS.items()))
    topics = MultiCheckboxField(_l("Topics"), choices=choice_list(TOPIC_LABELS.items()))
    case_codes = StringField(
        _l("Client codes of the cases discussed (separated by spaces)"),
        validators=[Length(max=200)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters"},
    )
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)], render_kw={"rows": 5})
    actions = FieldList(FormField(ActionForm), min_entries=3, max_entries=10)
    confirm_privacy = BooleanField(CONFIRM_PRIVACY)
    submit = SubmitField(_l("Record session"))

    def validate_hours(self, field):
        minutes = None
        try:
            minutes = self.duration_minutes()
        except parsing.ParseError:
            return  # reported by the field's own validator
        if not minutes:
            raise ValidationError(_l("Give the session's duration."))

    def validate_actions(self, field):
        for action in field:
            if bool((action.task.data or "").strip()) != bool(action.due_on.data):
                # a plain string: the template lists the list's own errors apart from the rows'
                raise ValidationError(_("Each agreed action needs both a description and a date."))

    def action_pairs(self) -> tuple:
        return tuple(
            (a.task.data.strip(), parsing.iso_date(a.due_on.data))
            for a in self.actions
            if (a.task.data or "").strip()
        )


def _rating_choices():
    return choice_list(
        [("", _l("— choose —"))]
        + [(str(value), RATING_LABELS[value]) for value in RATINGS]
        + [(NOT_OBSERVED, RATING_LABELS[None])]
    )


def rating_field_name(code: str) -> str:
    return "rating_" + code.replace("-", "_")


class EvaluationTexts(Form):
    """The free texts of a field evaluation; ``evaluation_form_class`` adds the ratings."""

    privacy_guarded = ("strengths", "areas_to_develop")  # save_evaluation checks both
    strengths = TextAreaField(_l("Strengths"), validators=[Length(max=5000)], render_kw={"rows": 4})
    areas_to_develop = TextAreaField(
        _l("Areas to develop"), validators=[Length(max=5000)], render_kw={"rows": 4}
    )
    confirm_privacy = BooleanField(CONFIRM_PRIVACY)
    submit = SubmitField(_l("Save evaluation"))


def evaluation_form_class(competencies, language: str) -> type[Form]:
    """A form with one rating select per competency of the programme."""

    class EvaluationForm(EvaluationTexts):
        def ratings(self) -> dict[str, int | None]:
            values = {c.code: getattr(self, rating_field_name(c.code)).data for c in competencies}
            return {c: None if v == NOT_OBSERVED else int(v) for c, v in values.items()}

    for competency in competencies:
        setattr(
            EvaluationForm,
            rating_field_name(competency.code),
            SelectField(
                f"{competency.code} {competency.titles.get(language)}",
                choices=_rating_choices(),
                validators=[DataRequired(message=_l("Rate it, or choose “not observed”."))],
            ),
        )
    return EvaluationForm
