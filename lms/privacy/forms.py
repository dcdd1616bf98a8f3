"""The admin's erasure form and the admin's export button."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from lms.core.forms import Form


class ErasureForm(Form):
    privacy_guarded = ("reason",)  # erase_person passes the reason through the privacy guard
    confirmation = StringField(
        _l("Type the user name to confirm"), validators=[DataRequired(), Length(max=64)]
    )
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])
    confirm_privacy = BooleanField(_l("I confirm this contains no identifying details"))
    submit = SubmitField(_l("Erase personal data"))


class ExportForm(Form):
    submit = SubmitField(_l("Download personal data"))
