"""Every file the platform hands out as a download goes through ``download``.

``Content-Disposition`` gets an RFC 6266 / RFC 5987 pair: ``filename*=UTF-8''…`` with the real
name (a Cyrillic cohort code broke ``progress.csv``: HTTP headers are Latin-1) and a plain ASCII
``filename="…"`` for old clients. Downloads hold personal data, so they are never stored.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote

from flask import Response

from lms.core.spreadsheets import csv_text

_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9._-]+")


def _ascii_fallback(filename: str) -> str:
    """Latin letters without their accents, anything else as ``_``; the extension is kept."""
    path = PurePosixPath(filename.replace("\\", "/")).name or "download"
    stem, suffix = PurePosixPath(path).stem, PurePosixPath(path).suffix
    plain = "".join(c for c in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(c))
    plain = _UNSAFE_ASCII.sub("_", plain).strip("._") or "download"
    return plain + _UNSAFE_ASCII.sub("", suffix)


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the UTF-8 ``filename*`` of RFC 5987."""
    name = PurePosixPath(filename.replace("\\", "/")).name or "download"
    return (
        f"attachment; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )


def download(body: str | bytes, filename: str, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "no-store"
    return response


def csv_download(filename: str, header, rows) -> Response:
    """A CSV file written by the one neutralising writer (``lms.core.spreadsheets``)."""
    return download(csv_text(header, rows), filename, "text/csv; charset=utf-8")
