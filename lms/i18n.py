"""Choosing the interface language and time zone for a request."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user

LANGUAGE_NAMES = {"tk": "Türkmençe", "ru": "Русский", "en": "English"}


def supported() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """User's saved preference, else the switcher's choice, else Accept-Language, else default."""
    languages = supported()
    if not has_request_context():  # CLI commands and background work
        return current_app.config["BABEL_DEFAULT_LOCALE"]
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
