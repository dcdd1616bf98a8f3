"""Static files under versioned addresses, kept by the browser for a year.

Every ``url_for('static', filename=...)`` gets ``?v=<hash of the file's content>`` (a
``url_defaults`` hook, so templates need no change). The hash is computed once per file and
process: a new release (a restart) with a changed file gives a new address, so a phone that paid
for ``app.css`` once keeps it until it really changes. A request that carries the file's current
version is answered ``public, max-age=31536000, immutable``; one without it (or with an old
version) keeps Flask's revalidation (``no-cache`` with an ETag).

A versioned static answer drops ``Last-Modified`` (it is never revalidated; its ETag stays for
a reload) and Flask's ``Content-Disposition: inline; filename=…`` (a subresource, never
saved). How a page includes the stylesheet (inline on a first visit, linked and announced by a
``Link`` header afterwards) is ``lms.core.stylesheet``'s.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, current_app, request

IMMUTABLE = "public, max-age=31536000, immutable"
VERSION_ARG = "v"
_VERSIONS = "lms_static_versions"


def file_version(app: Flask, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, remembered for the process; None for a
    path outside the static folder or a file that does not exist."""
    versions: dict[str, str | None] = app.extensions.setdefault(_VERSIONS, {})
    if filename not in versions:
        folder = Path(app.static_folder or "").resolve()
        path = (folder / filename).resolve()
        version = None
        if path.is_relative_to(folder) and path.is_file():
            version = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        versions[filename] = version
    return versions[filename]


def add_version(endpoint: str, values: dict) -> None:
    if endpoint != "static" or VERSION_ARG in values or "filename" not in values:
        return
    version = file_version(current_app, values["filename"])
    if version:
        values[VERSION_ARG] = version


def is_current_version() -> bool:
    """Whether this static request names the file's current version."""
    filename = (request.view_args or {}).get("filename")
    wanted = request.args.get(VERSION_ARG)
    return bool(filename and wanted) and wanted == file_version(current_app, filename)


STYLESHEET = "css/app.css"
# Never revalidated by date; shown in place, never saved under its name.
NOT_NEEDED_WHEN_IMMUTABLE = ("Last-Modified", "Content-Disposition")


def lean_immutable_answer(response):
    """A static file under its current version keeps only the headers a browser uses."""
    if request.endpoint == "static" and response.status_code == 200 and is_current_version():
        for name in NOT_NEEDED_WHEN_IMMUTABLE:
            response.headers.pop(name, None)
    return response


def init_app(app: Flask) -> None:
    app.url_defaults(add_version)
    app.after_request(lean_immutable_answer)
