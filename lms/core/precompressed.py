"""The stylesheet and scripts squeezed and compressed once per process, as small as we can.

Pages are compressed per answer at a quick level (``lms.core.compression``): they differ each
time. A static CSS or JavaScript file is the same for everybody until a release, so it is
compressed once per process and file version at the strongest levels (brotli 11, gzip 9; about
10 % smaller than the per-answer levels on ``app.css``, issue #17) and every later answer sends
the kept bytes. Before compressing, what only a reader of the source needs goes: the
stylesheet's comments and spaces (``lms.core.stylesheet.squeeze``), a script's whole-line
comments and indentation (``squeeze_script``); keep.js, for one, loses a fifth. A client that
accepts no encoding gets the file as it is. The answer carries ``Content-Encoding`` and
``Vary: Accept-Encoding``, so
Flask-Compress leaves it alone, and its ETag names the encoding (a reload's ``If-None-Match``
never gets one encoding's 304 for another's bytes).
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import brotli
from flask import Flask, current_app, request

from lms.core.static_files import file_version
from lms.core.stylesheet import squeeze

MIMETYPES = frozenset({"text/css", "text/javascript", "application/javascript"})
ENCODINGS = ("br", "gzip")
BROTLI_LEVEL = 11
GZIP_LEVEL = 9
_KEPT = "lms_precompressed"


# A comment that fills its lines alone (its body holds no "*/"), a "//" line, indentation.
# Safe for our scripts, which hold no template literals and no string continued over a line
# (tests/test_compression.py checks both).
_WHOLE_LINE_COMMENT = re.compile(r"^[ \t]*/\*(?:(?!\*/).)*\*/[ \t]*\n", re.S | re.M)
_LINE_COMMENT = re.compile(r"^[ \t]*//[^\n]*\n", re.M)
_INDENT = re.compile(r"^[ \t]+", re.M)


def squeeze_script(script: str) -> str:
    """The script without whole-line comments and indentation."""
    script = _LINE_COMMENT.sub("", _WHOLE_LINE_COMMENT.sub("", script))
    return _INDENT.sub("", script)


def squeezed(filename: str, body: bytes) -> bytes:
    if filename.endswith(".css"):
        return squeeze(body.decode("utf-8")).encode("utf-8")
    if filename.endswith(".js"):
        return squeeze_script(body.decode("utf-8")).encode("utf-8")
    return body


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=BROTLI_LEVEL)
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)


def compressed_file(app: Flask, filename: str, encoding: str) -> bytes | None:
    """The file's bytes in ``encoding``, computed once per process and version."""
    version = file_version(app, filename)
    if version is None:
        return None
    kept: dict[tuple[str, str, str], bytes] = app.extensions.setdefault(_KEPT, {})
    key = (filename, version, encoding)
    if key not in kept:
        body = (Path(app.static_folder or "") / filename).read_bytes()
        kept[key] = compress(squeezed(filename, body), encoding)
    return kept[key]


def send_precompressed(response):
    """A static CSS or JavaScript file, whole (200), for a client that accepts an encoding."""
    filename = (request.view_args or {}).get("filename")
    if (
        request.endpoint != "static"
        or response.status_code != 200
        or response.mimetype not in MIMETYPES
        or "Content-Encoding" in response.headers
        or not filename
    ):
        return response
    encoding = request.accept_encodings.best_match(ENCODINGS)
    body = compressed_file(current_app, filename, encoding) if encoding else None
    if body is None:
        return response
    response.close()  # the file Flask opened to stream it
    response.direct_passthrough = False
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    response.headers.pop("Accept-Ranges", None)  # byte ranges of the file, not of these bytes
    response.vary.add("Accept-Encoding")
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(f"{etag}:{encoding}", weak=weak)
    return response.make_conditional(request)  # a reload's If-None-Match: 304, no body


def init_app(app: Flask) -> None:
    """Registered after ``lms.core.compression``: runs before Flask-Compress's hook."""
    app.after_request(send_precompressed)
