"""Feature scripts a first visit leaves for later, fetched from the phone once it keeps them.

A cold visit (a browser whose service worker does not hold our static files yet) must stay
within 12 kB on a slow link (issue #17). Some pages carry a script that only works with what the
worker brings: ``js/keep.js`` ("Keep for offline" and the list of kept modules: nothing can be
kept before the worker is there) and ``js/outbox.js`` on the practice log (it shows and sends
work kept on the phone; the work waits in IndexedDB until the script runs, nothing is lost).
The worker precaches both when it installs (``lms.core.offline.PRECACHED_STATIC``).

``feature_script(filename)`` gives such a page, when the browser keeps the current static files
(the ``lms_css`` cookie, ``lms.core.stylesheet.browser_holds_stylesheet``), the usual
``<script defer>``; otherwise a hidden element naming the script (``data-later-script``), which
``static/js/offline.js`` loads once the service worker is ready and controls the page, so the
file comes from the phone, not the link; or at once where there is no worker (no support, a
refused registration, an install that failed), so everything that works online still does.

Scripts a page needs to work online, or to keep what is being typed, are included as always:
``quiz.js`` (the countdown and autosave of a timed attempt), ``practice.js`` (the entry form's
dates and autosave), ``outbox.js`` on the entry form and the offline paper (it keeps the text as
it is typed, keeps a submit made offline, and sends the paper), ``verify.js``, ``job.js``.
"""

from __future__ import annotations

from flask import Flask, url_for
from markupsafe import Markup, escape

from lms.core.stylesheet import browser_holds_stylesheet


def feature_script(filename: str, later: bool = True) -> Markup:
    """``<script defer>`` for a browser that keeps the statics, else a note for offline.js.
    ``later=False``: the ``<script defer>`` on every visit (a page that needs it at once)."""
    src = escape(url_for("static", filename=filename))
    if not later or browser_holds_stylesheet():
        return Markup(f'<script src="{src}" defer></script>')  # noqa: S704 - escaped above
    return Markup(f'<div hidden data-later-script="{src}"></div>')  # noqa: S704 - escaped above


def init_app(app: Flask) -> None:
    app.jinja_env.globals["feature_script"] = feature_script
