"""Forms of the accounts package: they check types, lengths and required fields only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from lms.accounts.auth import PASSWORD_MAX, PASSWORD_MIN
from lms.accounts.models import ROLES
from lms.accounts.names import USERNAME_MAX
from lms.accounts.users import column_length
from lms.core.forms import Form, choice_list
from lms.core.numbers import ascii_coerce
from lms.i18n.languages import LANGUAGE_NAMES

# Something@something.something, printable ASCII without spaces (the address is for people to read).
EMAIL_SHAPE = r"^[!-?A-~]+@[!-?A-~]+\.[!-?A-~]+\Z"
EMAIL_MESSAGE = _l("Invalid email address.")

ROLE_LABELS = {
    "trainee": _l("Trainee"),
    "trainer": _l("Trainer"),
    "coordinator": _l("University coordinator"),
    "admin": _l("Administrator"),
}
LANGUAGE_CHOICES = [("", _l("(as the browser asks)")), *LANGUAGE_NAMES.items()]

PASSWORD_LENGTH_MESSAGE = _l(
    "A password has at least %(min)d characters (and at most %(max)d).",
    min=PASSWORD_MIN,
    max=PASSWORD_MAX,
)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LoginForm(Form):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(), Length(max=USERNAME_MAX)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Log in"))


class PasswordChangeForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(),
            Length(min=PASSWORD_MIN, max=PASSWORD_MAX, message=PASSWORD_LENGTH_MESSAGE),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Change password"))

    def validate_confirm(self, field):
        if field.data != self.new_password.data:
            raise ValidationError(_l("The two new passwords are not the same."))


class ProfileFields:
    full_name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=column_length("full_name"))]
    )
    email = EmailField(
        _l("Email (optional)"),
        # A shape check only: WTForms' Email() needs the email_validator package, which is not
        # installed, and failed with a 500 on every non-empty address; the length is the column's.
        validators=[
            Optional(),
            Regexp(EMAIL_SHAPE, message=EMAIL_MESSAGE),
            Length(max=column_length("email")),
        ],
    )
    language = SelectField(
        _l("Language"), choices=choice_list(LANGUAGE_CHOICES), validate_choice=True
    )
    region = SelectField(_l("Etrap or city"), choices=[], validate_choice=True)


class UserCreateForm(ProfileFields, Form):
    username = StringField(
        _l("Username"), validators=[DataRequired(), Length(max=column_length("username"))]
    )
    password = PasswordField(
        _l("Initial password"),
        validators=[
            DataRequired(),
            Length(min=PASSWORD_MIN, max=PASSWORD_MAX, message=PASSWORD_LENGTH_MESSAGE),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    roles = MultiCheckboxField(
        _l("Roles"), choices=choice_list((r, ROLE_LABELS[r]) for r in ROLES), default=["trainee"]
    )
    submit = SubmitField(_l("Create user"))


class UserEditForm(ProfileFields, Form):
    roles = MultiCheckboxField(_l("Roles"), choices=choice_list((r, ROLE_LABELS[r]) for r in ROLES))
    active = BooleanField(_l("Account active (can log in)"))
    submit = SubmitField(_l("Save"))


class PasswordResetForm(Form):
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(),
            Length(min=PASSWORD_MIN, max=PASSWORD_MAX, message=PASSWORD_LENGTH_MESSAGE),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Set password"))


class UserImportForm(Form):
    file = FileField(_l("CSV file"), validators=[FileRequired()])
    submit = SubmitField(_l("Check and import"))


class CohortForm(Form):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name = StringField(lazy_pgettext("thing", "Name"), validators=[DataRequired(), Length(max=200)])
    # The programmes are the content's: the page that shows the form fills the choices.
    programme = SelectField(_l("Programme"), choices=[])
    starts_on = DateField(_l("Starts on"), validators=[DataRequired()])
    ends_on = DateField(_l("Ends on"), validators=[DataRequired()])
    submit = SubmitField(_l("Save"))


class CohortPeopleForm(Form):
    trainers = MultiCheckboxField(_l("Trainers"), coerce=ascii_coerce, choices=[])
    trainees = MultiCheckboxField(_l("Trainees"), coerce=ascii_coerce, choices=[])
    submit = SubmitField(_l("Save people"))


class SimpleActionForm(Form):
    """A form with only its CSRF token, for buttons that change something (logout...)."""

    submit = SubmitField(_l("Confirm"))
