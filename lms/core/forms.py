"""Form helpers shared by every package."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import get_translations
from flask_wtf import FlaskForm
from wtforms import Form as WtfBaseForm
from wtforms import IntegerField
from wtforms.fields.choices import SelectChoice

from lms.core.numbers import NumberError, ascii_int


def choice_list(pairs: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """Choices for a select or checkbox field from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class _Translations:
    """WTForms' built-in messages ("This field is required.") from the platform's catalogue.

    WTForms ships Russian but no Turkmen; its messages are listed in ``lms.core.form_messages`` so
    they are extracted and translated with the rest of the interface.
    """

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


TRANSLATIONS = _Translations()


class _TranslatedMeta:
    def get_translations(self, form):
        return TRANSLATIONS


class Form(FlaskForm):
    """The base of every form: CSRF (Flask-WTF) and messages in the reader's language."""

    class Meta(_TranslatedMeta, FlaskForm.Meta):
        pass


class SubForm(WtfBaseForm):
    """A form nested in another (``FormField``): no CSRF token of its own, same translations."""

    class Meta(_TranslatedMeta):
        pass


class WholeNumberField(IntegerField):
    """``IntegerField`` reads with ``int()``, which takes ``١`` or ``８`` as digits; this one
    accepts the ASCII digits 0-9 only (``lms.core.numbers``)."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = ascii_int(valuelist[0], minimum=0, maximum=2_000_000_000)
        except NumberError as exc:
            self.data = None
            raise ValueError(str(exc)) from exc
