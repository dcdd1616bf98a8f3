"""Gunicorn settings for the bench's platform servers: each worker builds the content catalogue
as it starts, before it accepts a request.

Otherwise a worker builds it on its first content request (100-200 ms here, more on a busy
machine), inside whichever measuring window that request falls in; a 0.7 s quick window could
then hold almost nothing else (``lesson_vs_hello 0``). A hook is used rather than warm-up
requests: gunicorn's sync workers share one listening socket and the kernel picks which of
them accepts, so no client can address "every worker once", while ``post_worker_init`` runs in
each worker, including one started again after a crash. Production servers pay the same cost on
their first lesson request; they may use this file too (``gunicorn -c bench/gunicorn_warm.py``).
"""

from __future__ import annotations

import time


def post_worker_init(worker) -> None:
    """In each worker, once the app is loaded: build the catalogue (a hello-world app has none)."""
    app = worker.wsgi
    if not hasattr(app, "extensions") or "sqlalchemy" not in app.extensions:
        return
    from lms.courses.content import content_state

    started = time.perf_counter()
    with app.app_context():
        content_state()
    worker.log.info("catalogue built in %.0f ms", (time.perf_counter() - started) * 1000)
