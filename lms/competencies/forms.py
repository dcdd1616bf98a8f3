"""Forms of the competencies package: they check types, lengths and required fields only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from lms.accounts.forms import MultiCheckboxField
from lms.competencies.universities import UniversityError, parse_ects
from lms.core.forms import Form, choice_list
from lms.core.numbers import ascii_coerce

LEVEL_LABELS = {
    "I": _l("I — introduced"),
    "R": _l("R — reinforced"),
    "M": _l("M — mastered"),
}
CROSSWALK_LABELS = {
    "exactMatchOf": _l("is an exact match of"),
    "isRelatedTo": _l("is related to"),
}


class FrameworkImportForm(Form):
    file = FileField(
        _l("CASE JSON package or Moodle CSV file"),
        validators=[FileRequired()],
        render_kw={"accept": ".json,.csv,application/json,text/csv"},
    )
    submit = SubmitField(_l("Check the file"))


class FrameworkSaveForm(Form):
    token = HiddenField(validators=[DataRequired(), Length(max=64)])
    submit = SubmitField(_l("Save the framework"))


class CrosswalkForm(Form):
    origin = SelectField(_l("Competency of this framework"), coerce=ascii_coerce, choices=[])
    association_type = SelectField(
        _l("Relation"), choices=choice_list(CROSSWALK_LABELS.items()), validate_choice=True
    )
    destination = SelectField(
        _l("Competency of another framework"), coerce=ascii_coerce, choices=[]
    )
    submit = SubmitField(_l("Add crosswalk"))


class UniversityForm(Form):
    name = StringField(lazy_pgettext("thing", "Name"), validators=[DataRequired(), Length(max=200)])
    short_code = StringField(_l("Short code"), validators=[DataRequired(), Length(max=32)])
    submit = SubmitField(_l("Create university"))


class CoordinatorsForm(Form):
    coordinators = MultiCheckboxField(_l("Coordinators"), coerce=ascii_coerce, choices=[])
    submit = SubmitField(_l("Save coordinators"))


class ProgrammeForm(Form):
    name = StringField(_l("Degree programme"), validators=[DataRequired(), Length(max=200)])
    framework = SelectField(_l("Standard (competency framework)"), coerce=ascii_coerce, choices=[])
    submit = SubmitField(_l("Add programme"))


class CourseForm(Form):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    ects = StringField(
        _l("ECTS credits"), validators=[DataRequired()], render_kw={"inputmode": "decimal"}
    )
    year = SelectField(
        _l("Year"), coerce=ascii_coerce, choices=choice_list((y, str(y)) for y in range(1, 7))
    )
    semester = SelectField(
        _l("Semester"), coerce=ascii_coerce, choices=choice_list((s, str(s)) for s in (1, 2))
    )
    submit = SubmitField(_l("Save course"))

    def validate_ects(self, field) -> None:
        try:
            parse_ects(field.data)
        except UniversityError as exc:
            raise ValidationError(str(exc)) from exc


class CourseImportForm(Form):
    file = FileField(
        _l("CSV file"), validators=[FileRequired()], render_kw={"accept": ".csv,text/csv"}
    )
    submit = SubmitField(_l("Check and import"))


def mapping_form(leaf_ids: list[int], levels: dict[int, str]) -> Form:
    """A select per competency (empty, I, R or M), named ``c<competency id>``."""

    class MappingForm(Form):
        submit = SubmitField(_l("Save mapping"))

    choices = choice_list([("", "—"), *LEVEL_LABELS.items()])
    for competency_id in leaf_ids:
        setattr(
            MappingForm,
            f"c{competency_id}",
            SelectField(
                _l("Level"),
                choices=choices,
                default=levels.get(competency_id, ""),
                validate_choice=True,
            ),
        )
    return MappingForm()


class StatusForm(Form):
    """A trainer sets a competency's status by hand, always with a note."""

    privacy_guarded = ("note",)  # set_status passes the note through the privacy guard

    status = SelectField(
        _l("Status"),
        choices=choice_list(
            [
                ("not_yet", _l("not yet")),
                ("developing", _l("developing")),
                ("proficient", _l("proficient")),
            ]
        ),
    )
    note = TextAreaField(
        _l("Why (required)"), validators=[DataRequired(), Length(min=10, max=2000)]
    )
    confirm_privacy = BooleanField(_l("I confirm this contains no identifying details"))
    submit = SubmitField(_l("Set status"))
