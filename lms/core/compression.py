"""Text answers compressed with Flask-Compress: brotli when the browser offers it, else gzip.

A lesson page or ``app.css`` costs a phone on a paid connection a fraction of its size. The
extension's hook is registered before every other ``after_request`` hook, so it runs last and
compresses the final body with its final headers (``no-store``, the security headers, the
``immutable`` of a versioned static file stay as they were; ``Vary: Accept-Encoding`` is added
and a strong ETag gets the encoding appended).

Files (static files, module assets) are sent as streams, which Flask-Compress would compress
chunk by chunk without closing the file. A small text file is read into memory first instead
(the file is closed with the response), then compressed whole like a page; a large one is sent
as it is. Other streamed answers are not compressed.
"""

from __future__ import annotations

from flask import Flask, request

from lms.core.extensions import compress

SETTINGS = {
    "COMPRESS_MIMETYPES": [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/manifest+json",
        "text/csv",
        "image/svg+xml",
    ],
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_LEVEL": 6,
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_STREAMS": False,
    "COMPRESS_REGISTER": False,  # registered below, through compress_unless_reflecting
}
# Files up to this size are read whole to be compressed (app.css is about 17 kB).
LARGEST_BUFFERED_FILE = 2 * 1024 * 1024


def buffer_small_text_file(response):
    """A small compressible file sent as a stream becomes a body in memory (its file closed
    with the response), so that it is compressed like a page."""
    if (
        response.direct_passthrough
        and response.mimetype in compress.compress_mimetypes_set
        and response.content_length is not None
        and response.content_length <= LARGEST_BUFFERED_FILE
    ):
        response.direct_passthrough = False
        response.make_sequence()
    return response


def may_reflect_input(response) -> bool:
    """A page that may echo what this request sent (a query string, a posted form) next to a
    CSRF token is not compressed: the compressed size would let an observer guess the token a
    letter at a time (BREACH). Lesson pages, statics and downloads carry no such echo."""
    return response.mimetype == "text/html" and (
        request.method != "GET" or bool(request.query_string)
    )


def compress_unless_reflecting(response):
    if may_reflect_input(response):
        return response
    return compress.after_request(response)


def init_app(app: Flask) -> None:
    for name, value in SETTINGS.items():
        app.config.setdefault(name, value)
    compress.init_app(app)
    app.after_request(compress_unless_reflecting)  # registered first: runs last
    app.after_request(buffer_small_text_file)  # registered after compression: runs before it
