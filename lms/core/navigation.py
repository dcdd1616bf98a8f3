"""Parts of pages rendered once per process: the main menu and the fixed text around pages.

A small page spends most of its time in its template's fixed parts: the menu's fifteen
``url_for``, ``_`` and ``has_role`` calls, the header and footer, a lesson's title and text.
Their HTML depends only on a few things, so a template wraps such a part in

    {% call cached_fragment("footer") %} ... {% endcall %}

and it is rendered on first use and kept for the life of the process, once per fragment name,
the values given after it, the reader's language and where the app is mounted. Whatever varies
per person or per request (names, CSRF tokens, counts, flashed messages) stays outside these
blocks, or goes into the key. The main menu depends on the reader's roles:
``{% call cached_navigation() %}``.

A block holds whole elements: it closes every element it opens, so each cached piece is
well-formed HTML on its own and can be read (and changed) without the template around it
(``tests/test_page_caches.py`` checks every fragment). Built on Jinja's public ``{% call %}``
blocks; ``CACHE_FRAGMENTS`` (``LMS_CACHE_FRAGMENTS=0``) renders every block every time, with the
same output, to rule the cache out when something looks stale.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

_EXTENSION_KEY = "lms.core.navigation"
# The keys come from templates (names, roles, content the catalogue holds), so the cache is small;
# the bound only keeps a template keyed by something unbounded from growing it forever.
_FRAGMENTS_MAX = 5_000


@pass_context
def cached_fragment(context, *key, caller) -> Markup:
    """The block's HTML for ``key`` in the current language, rendering it on first use."""
    cache: dict[tuple, Markup] | None = current_app.extensions[_EXTENSION_KEY]
    if cache is None:  # CACHE_FRAGMENTS off
        return Markup(caller())  # noqa: S704 - the block's rendered (escaped) output
    language = context.get("ui_language") or str(get_locale())  # see lms.i18n.language
    full_key = (*key, language, request.script_root)
    html = cache.get(full_key)
    if html is None:
        html = Markup(caller())  # noqa: S704 - the block's rendered (escaped) output
        if len(cache) < _FRAGMENTS_MAX:
            cache[full_key] = html
    return html


@pass_context
def cached_navigation(context, caller) -> Markup:
    """The menu block for the current user's roles and language."""
    return cached_fragment(context, "navigation", *sorted(current_user.roles), caller=caller)


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION_KEY] = {} if app.config["CACHE_FRAGMENTS"] else None
    app.jinja_env.globals.update(
        cached_fragment=cached_fragment, cached_navigation=cached_navigation
    )
