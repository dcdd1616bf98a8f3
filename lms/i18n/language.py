"""Choosing the interface language and time zone for a request; translating template text."""

from __future__ import annotations

import functools

from babel import Locale
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

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


def _template_language() -> dict:
    """``ui_language``: the page's language, looked up once per template rather than by each
    ``_()`` and cached fragment (Flask-Babel's ``get_locale`` costs a few µs a call)."""
    return {"ui_language": str(get_locale() or "")}


def install_template_language(app: Flask) -> None:
    app.context_processor(_template_language)


def language() -> str:
    """The language of the current request (or command)."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def in_name_order(items, name=lambda item: item.full_name) -> list:
    """People (or anything named) in the reader's alphabetical order."""
    return sorted_by_name(items, language(), name)
