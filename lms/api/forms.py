"""The personal access token form."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from lms.accounts.forms import MultiCheckboxField
from lms.api.scopes import GROUPS, READ, scopes_for
from lms.core.database import local_today
from lms.core.forms import Form, choice_list

NAME_MAX = 100
LONGEST = timedelta(days=365)


def scope_label(scope: str):
    group, access = scope.split(":")
    words = _l("read") if access == READ else _l("write")
    return f"{GROUPS[group]}: {words}"


class TokenForm(Form):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=NAME_MAX)],
        description=_l("What the token is for, e.g. the laptop or the script that uses it."),
    )
    scopes = MultiCheckboxField(_l("What it may do"), validators=[DataRequired()])
    expires_on = DateField(_l("Valid until"), validators=[DataRequired()])
    submit = SubmitField(_l("Create token"))

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the owner's roles can use: a scope every operation would refuse is no choice.
        self.scopes.choices = choice_list((s, scope_label(s)) for s in scopes_for(owner))
        if not self.expires_on.data and not self.is_submitted():
            self.expires_on.data = local_today() + timedelta(days=90)

    def validate_expires_on(self, field):
        today = local_today()
        if field.data is not None and not today < field.data <= today + LONGEST:
            raise ValidationError(_l("Choose a date after today and at most a year away."))


class RevokeForm(Form):
    confirm = BooleanField(
        _l("Yes, revoke this token: it stops working at once"), validators=[DataRequired()]
    )
    submit = SubmitField(_l("Revoke token"))
