"""The main menu, rendered once per role set and language in each process.

``base.html`` wraps the menu's links in ``{% call cached_navigation() %}``: they depend only on
the reader's roles and language (and where the app is mounted), yet cost about a third of a
small page to render (fifteen ``url_for``, ``_`` and ``has_role`` calls each). Anything that
varies per person or per request (names, CSRF tokens, counts) stays outside that block.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

_EXTENSION_KEY = "lms.navigation"


def cached_navigation(caller) -> Markup:
    """The block's HTML for the current user's roles and language, rendering it on first use."""
    cache: dict[tuple, Markup] = current_app.extensions[_EXTENSION_KEY]
    key = (tuple(sorted(current_user.roles)), str(get_locale()), request.script_root)
    html = cache.get(key)
    if html is None:
        html = cache[key] = Markup(caller())  # noqa: S704 - the block's rendered (escaped) output
    return html


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION_KEY] = {}
    app.jinja_env.globals["cached_navigation"] = cached_navigation
