"""The stylesheet in the page on a first visit, linked once the phone keeps it.

On a slow link (issue #17: 400 ms a round trip) a page whose stylesheet is a separate,
render-blocking request paints no earlier than two round trips after the click. A browser that
does not hold the stylesheet yet gets it inside the page instead, in a ``<style>`` element the
Content-Security-Policy allows by its SHA-256 (computed once per process from the file, like its
version), so the first answer is enough to paint. The service worker keeps the stylesheet when
it is installed (``lms.core.offline``: precached), and ``static/js/offline.js`` then sets the
cookie ``lms_css`` to the stylesheet's version (the hash of its content). A request carrying the
current version gets the ``<link>`` (and a ``Link: …; rel=preload`` header), answered by the
worker without the network; an old version (a new release changed the file) or no cookie gets
the stylesheet inline again. The inline copy is squeezed (no comments, no needless spaces).
The cookie says nothing about the person: the same value for everybody.

Such a page is compressed harder than others (brotli 10 instead of 5: about 0.8 kB less on a
lesson, for some 30 ms of the server's time): a browser gets it once per release, and it
carries the same 19 kB of stylesheet that a strong compressor squeezes best. A page that may
echo the request stays uncompressed (``lms.core.compression``: BREACH).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import brotli
from flask import Flask, current_app, g, request, url_for
from markupsafe import Markup, escape

from lms.core.compression import may_reflect_input
from lms.core.static_files import STYLESHEET, file_version

COOKIE = "lms_css"
FIRST_VISIT_BROTLI = 10
_INLINE = "lms_inline_stylesheet"
_INLINED = "lms_stylesheet_inlined"  # on ``g``: this page carries the stylesheet
# A quoted string (kept as it is), or a comment (dropped); what lies between is squeezed.
_STRING_OR_COMMENT = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|/\*.*?\*/""", re.S)
_SPACE = re.compile(r"\s+")
_SPACE_AROUND = re.compile(r"\s*([{};,>])\s*")


def squeeze(css: str) -> str:
    """The stylesheet without comments and needless white space: what every first visit
    carries inline is about 15 % smaller compressed (issue #17). Strings stay untouched."""
    parts, code, end = [], "", 0
    for match in _STRING_OR_COMMENT.finditer(css):
        code += css[end : match.start()]
        if match.group(1):  # a string: the code before it squeezed, the string as it is
            parts += [_squeeze_code(code), match.group(1)]
            code = ""
        else:  # a comment separates like a space
            code += " "
        end = match.end()
    parts.append(_squeeze_code(code + css[end:]))
    return "".join(parts).strip()


def _squeeze_code(code: str) -> str:
    return _SPACE_AROUND.sub(r"\1", _SPACE.sub(" ", code))


def _inline(app: Flask) -> tuple[str, str]:
    """The stylesheet's squeezed text and its CSP source (``'sha256-…'``), once per process."""
    kept = app.extensions.get(_INLINE)
    if kept is None:
        text = squeeze((Path(app.static_folder or "") / STYLESHEET).read_text(encoding="utf-8"))
        if "</" in text:  # it would end the <style> element early
            raise ValueError(f"{STYLESHEET} must not contain '</'")  # i18n: a build error
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        kept = app.extensions[_INLINE] = (text, f"'sha256-{digest}'")
    return kept


def style_source(app: Flask) -> str:
    """The CSP source that allows the inline stylesheet (the same for every page)."""
    return _inline(app)[1]


def browser_holds_stylesheet() -> bool:
    """Whether this request's browser told us its service worker keeps the current version."""
    version = file_version(current_app, STYLESHEET)
    return bool(version) and request.cookies.get(COOKIE) == version


def stylesheet_element() -> Markup:
    """The page's stylesheet: a ``<link>`` for a browser that keeps it, else inline."""
    if browser_holds_stylesheet():
        href = escape(url_for("static", filename=STYLESHEET))
        return Markup(f'<link rel="stylesheet" href="{href}">')  # noqa: S704 - escaped above
    setattr(g, _INLINED, True)
    return Markup(f"<style>{_inline(current_app)[0]}</style>")  # noqa: S704 - our own file


def compress_first_visit(response):
    """A page carrying the stylesheet, compressed at ``FIRST_VISIT_BROTLI`` for a browser that
    accepts brotli (see the docstring); anything else is left to Flask-Compress."""
    if (
        not g.get(_INLINED)
        or response.mimetype != "text/html"
        or response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
        or may_reflect_input(response)
        or request.accept_encodings.best_match(("br", "gzip")) != "br"
    ):
        return response
    response.set_data(brotli.compress(response.get_data(), quality=FIRST_VISIT_BROTLI))
    response.headers["Content-Encoding"] = "br"
    response.vary.add("Accept-Encoding")
    return response


def preload_stylesheet(response):
    """A page that links the stylesheet announces it in a ``Link: <…>; rel=preload`` header:
    the browser asks for it (from the worker or its cache) as the answer's headers arrive,
    not once a busy phone's parser reaches the ``<link>``. A page that inlines it does not."""
    if (
        response.mimetype == "text/html"
        and "Link" not in response.headers
        and browser_holds_stylesheet()
    ):
        url = url_for("static", filename=STYLESHEET)
        response.headers["Link"] = f"<{url}>; rel=preload; as=style"
    return response


def init_app(app: Flask) -> None:
    """Registered after ``lms.core.compression``: the hooks run before Flask-Compress's."""
    app.after_request(compress_first_visit)
    app.after_request(preload_stylesheet)
    app.jinja_env.globals["stylesheet_element"] = stylesheet_element
    app.jinja_env.globals["stylesheet_cookie"] = COOKIE
