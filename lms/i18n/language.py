"""Choosing the interface language and time zone for a request; translating template text."""

from __future__ import annotations

import functools

from babel import Locale
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from lms.i18n.collation import sorted_by_name


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> Locale:
    """User's saved preference, else the switcher's choice, else Accept-Language, else default."""
    return _locale(_chosen_language())


@functools.cache
def _locale(code: str) -> Locale:
    """One ``Locale`` per language and process: Flask-Babel would parse the code anew on every
    request, and Babel's locales do not change once made."""
    return Locale.parse(code)


def _chosen_language() -> str:
    languages = supported()
    if not has_request_context():  # CLI commands and background work
        return current_app.config["CLI_LANGUAGE"]
    user_language = getattr(current_user, "language", None) if current_user else None
    if user_language in languages:
        return user_language
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    try:
        best = request.accept_languages.best_match(languages)
    except (ValueError, TypeError):  # a malformed header is no reason to fail the page
        best = None
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


# Per app, (language, message) -> translation. Flask-Babel loads each catalogue once per process;
# this also skips its per-call look-ups of the request's domain and locale (about 25 µs a call,
# and base.html alone has twenty), leaving one locale look-up and a dict hit.
_TRANSLATED_KEY = "lms.translated"
_TRANSLATED_MAX = 20_000  # a template translating data rather than text cannot grow it forever


def translate(message: str, language: str | None = None) -> str:
    """``message`` in the current locale (as Flask-Babel's ``gettext``, without variables);
    ``language`` is that locale's code when the caller knows it already."""
    translated = current_app.extensions[_TRANSLATED_KEY]
    key = (language or str(get_locale() or ""), message)
    found = translated.get(key)
    if found is None:
        found = get_translations().ugettext(message)
        if len(translated) < _TRANSLATED_MAX:
            translated[key] = found
    return found


@pass_context
def template_gettext(context, message: str, **variables) -> str:
    """Jinja's new-style ``_()``: the same result as ``jinja2.ext.i18n`` gives (a translation
    marked safe when autoescaping, %-formatted with escaped variables, so ``%%`` is ``%`` even
    without variables), at less cost."""
    text = translate(message, context.get("ui_language"))
    if context.eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - as jinja2.ext.i18n: translations are trusted
    return text % variables if variables or "%" in text else text


def _template_language() -> dict:
    """``ui_language``: the page's language, looked up once per template rather than by each
    ``_()`` and cached fragment (Flask-Babel's ``get_locale`` costs a few µs a call)."""
    return {"ui_language": str(get_locale() or "")}


def install_template_gettext(app: Flask) -> None:
    """Replace the ``_``/``gettext`` template globals Flask-Babel installed (after its init)."""
    app.extensions[_TRANSLATED_KEY] = {}
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext)
    app.context_processor(_template_language)


def language() -> str:
    """The language of the current request (or command)."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def in_name_order(items, name=lambda item: item.full_name) -> list:
    """People (or anything named) in the reader's alphabetical order."""
    return sorted_by_name(items, language(), name)
