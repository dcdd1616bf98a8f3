"""The installable web app: its manifest and what its service worker is told.

The service worker (``templates/offline/sw.js``, served at ``/sw.js``) keeps on the phone
 - the static files, under their versioned addresses (``lms.core.static_files``), cache first;
   those of ``PRECACHED_STATIC`` through the browser's static routes where it has them
   (``InstallEvent.addRoutes``): the browser answers them from the worker's Cache without
   running the worker's script, and asks the network for one missing from it;
 - the offline page (``/offline``), the same for everybody;
 - the ``/learn/`` pages the logged-in person has opened (programmes, modules, lessons and their
   module files; not quizzes), network first, so that a lesson read once can be read again
   without a connection.
 - the modules the reader chose to "Keep for offline" (``static/js/keep.js``, manifests from
   ``lms.courses.keep``), one Cache each, answered from when the network fails;
 - the trainee's own work pages last opened: the new-entry form and each quiz paper
   (``work_pages``), network first, so that a practice entry being written and a paper being
   answered can be opened again without a connection after the browser was closed (what was
   typed is kept by ``static/js/outbox.js``); a paper already sent loses its copy;
 - the public certificate check: the ``/verify/`` page, the same for everybody, answered for any
   ``/verify/<code>`` address when the network fails (its script, ``static/js/verify.js``,
   checks the QR code's signed claim on the phone), and the issuer's public keys
   (``/.well-known/jwks.json``), network first.
A page opened online (a GET navigation) races the network against the worker where the browser
has static routes: the network's answer reaches the page directly, without waiting for a worker
the phone may first have to start; the worker's fetch handler still runs, keeps its copies from
that same answer (one request to the server), and answers when the network fails. Forms sent
(POST) are not raced.
Nothing else: every other page is personal and ``no-store``. The pages opened and the modules
kept are dropped when the person logs out (``static/js/offline.js`` tells the worker) and
whenever the worker sees the login page (a session that ended, another person on the phone).
"""

from __future__ import annotations

import hashlib

from flask import url_for
from flask_babel import gettext as _

# The app.css colours: the header's accent and the page background.
THEME_COLOUR = "#0b6e4f"
BACKGROUND_COLOUR = "#f7f8fa"
ICON_SIZES = (192, 512)
# Static files every page may need, fetched when the worker is installed. A first visit's page
# loads its feature scripts (keep.js, outbox.js) from here once the worker is ready
# (lms.core.later_scripts): they must stay in this list.
PRECACHED_STATIC = (
    "css/app.css",
    "js/language.js",
    "js/offline.js",
    "js/quiz.js",
    "js/practice.js",
    "js/keep.js",
    "js/outbox.js",
    "js/verify.js",
    *(f"icons/icon-{size}.png" for size in ICON_SIZES),
)
# Pages under /learn/ that are not lessons and must not be kept: staff work, and quizzes (an
# attempt's form and its statistics are not reading matter, and a stale one cannot be sent).
NOT_KEPT = ("/learn/translations",)
NOT_KEPT_SEGMENTS = ("quiz",)


def manifest(language: str) -> dict:
    return {
        "name": _("Social Work Academy"),
        "short_name": _("Academy"),
        "lang": language,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {
                "src": url_for("static", filename=f"icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any",
            }
            for size in ICON_SIZES
        ],
    }


def work_pages() -> list[str]:
    """The new-entry form's path, and the folder of the quiz papers' paths (ending in /)."""
    paper = url_for("quizzes.paper", attempt_id=1).rsplit("/", 1)[0] + "/"
    return [url_for("practice.entry_new"), paper]


def worker_settings() -> dict:
    precache = [url_for("static", filename=name) for name in PRECACHED_STATIC]
    offline_url = url_for("site.offline_page")
    verify_shell, keys = url_for("verify.verify_form"), url_for("verify.jwks")
    # A new release (a changed static file) gives the worker new bytes, so browsers update it.
    named = [*precache, offline_url, verify_shell, keys]
    version = hashlib.sha256("\n".join(named).encode()).hexdigest()[:12]
    return {
        "settings": {
            "version": version,
            "precache": precache,
            "offline": offline_url,
            "login": url_for("accounts.login"),
            "kept": url_for("courses.index"),
            "notKept": list(NOT_KEPT),
            "notKeptSegments": list(NOT_KEPT_SEGMENTS),
            "work": work_pages(),
            "static": url_for("static", filename="").split("?")[0],
            "verifyShell": verify_shell,
            "keys": keys,
        }
    }
