"""Forms of the notification pages and of the conversation under an entry or evaluation."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from lms.core.forms import Form, choice_list
from lms.notifications.conversations import MESSAGE_MAX
from lms.notifications.kinds import KINDS
from lms.notifications.waiting_digest import CHOICES as WAITING_CHOICES
from lms.notifications.waiting_digest import LABEL as WAITING_LABEL

DELIVERY_CHOICES = (
    ("now", _l("E-mail at once")),
    ("digest", _l("In a daily e-mail digest")),
    ("off", _l("Do not notify me")),
)

# One "@", a local part, and a domain of dot-separated labels ending in a name of letters:
# enough to refuse typing slips ("name@mail", "name mail.tm", "@mail.tm"); the mail server has
# the last word.
_ADDRESS = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,63}"
)


def email_address(form, field) -> None:
    value = (field.data or "").strip()
    if value and (
        not _ADDRESS.fullmatch(value) or ".." in value or value.split("@")[0].startswith(".")
    ):
        raise ValidationError(_l("Enter an e-mail address such as name@example.tm."))
    field.data = value


class MessageForm(Form):
    privacy_guarded = ("body",)  # lms.notifications.threads checks each message with the guard
    body = TextAreaField(
        _l("Your message"),
        validators=[DataRequired(), Length(max=MESSAGE_MAX)],
        render_kw={"rows": 3},
    )
    confirm_privacy = BooleanField(_l("I confirm this message contains no identifying details"))
    submit = SubmitField(_l("Send"))


class EmptyForm(Form):
    """A button that changes something: only the CSRF token."""


def settings_form_class(trainer: bool = False):
    """The settings form with one choice per kind of notification, and for a trainer the
    choice of the daily e-mail of what waits for them."""

    class SettingsForm(Form):
        email = StringField(
            _l("E-mail address"), validators=[Optional(), Length(max=254), email_address]
        )
        submit = SubmitField(_l("Save settings"))

    for kind, (label, _sentence) in KINDS.items():
        setattr(
            SettingsForm,
            f"kind_{kind}",
            SelectField(label, choices=choice_list(DELIVERY_CHOICES), default="now"),
        )
    if trainer:
        SettingsForm.waiting = SelectField(
            WAITING_LABEL, choices=choice_list(WAITING_CHOICES), default="digest"
        )
    return SettingsForm
