"""gunicorn settings for production: ``gunicorn -c python:lms.gunicorn_conf "lms:create_app()"``.

Why not gunicorn's default (sync) workers: a sync worker answers ``Connection: close`` to every
request, so a phone on a slow link opens a new connection (TCP and TLS, two round trips of
400 ms or more) for the page, then again for each file the page needs. ``gthread`` workers keep a
connection open between requests (``keepalive`` seconds), so one page view costs one connection.

Settings from the environment, each with a default that suits a small server:

- ``LMS_BIND`` (``0.0.0.0:8000``): where to listen;
- ``LMS_WORKERS`` (the number of CPUs, at least 2, at most 8): processes;
- ``LMS_THREADS`` (4): threads per process, each serving one request at a time; an idle kept-alive
  connection holds no thread;
- ``LMS_KEEPALIVE`` (5): seconds an idle connection is kept open; a little longer than a reader
  takes to follow a link on the same page, short enough not to hoard sockets.

A value that is not a whole number in range stops gunicorn at start with a message that says so.
"""

from __future__ import annotations

import os

from lms.core.numbers import is_ascii_number

_LIMITS = {
    "LMS_WORKERS": (1, 64),
    "LMS_THREADS": (1, 64),
    "LMS_KEEPALIVE": (1, 120),
}


def whole_number(name: str, default: int, env: dict | None = None) -> int:
    """The setting ``name`` as an int within its limits; ``default`` when it is not set."""
    text = (os.environ if env is None else env).get(name, "").strip()
    if not text:
        return default
    minimum, maximum = _LIMITS[name]
    if not is_ascii_number(text) or not minimum <= int(text) <= maximum:
        raise SystemExit(f"{name} must be a whole number from {minimum} to {maximum}, not {text!r}")
    return int(text)


def default_workers() -> int:
    return min(max(os.cpu_count() or 1, 2), 8)


bind = os.environ.get("LMS_BIND", "").strip() or "0.0.0.0:8000"  # noqa: S104 - a server listens
worker_class = "gthread"
workers = whole_number("LMS_WORKERS", default_workers())
threads = whole_number("LMS_THREADS", 4)
keepalive = whole_number("LMS_KEEPALIVE", 5)
# A slow phone may take a while to send a form; gunicorn's default (30 s) is kept for requests.
timeout = 30
graceful_timeout = 30
