"""The stylesheet in the page on a first visit, linked once the phone keeps it.

On a slow link (issue #17: 400 ms a round trip) a page whose stylesheet is a separate,
render-blocking request paints no earlier than two round trips after the click. A browser that
does not hold the stylesheet yet gets it inside the page instead, in a ``<style>`` element the
Content-Security-Policy allows by its SHA-256, so the first answer is enough to paint. The
service worker keeps the stylesheet when it is installed (``lms.core.offline``: precached), and
``static/js/offline.js`` then sets the cookie ``lms_css`` to the stylesheet's version (the hash
of its content). A request carrying the current version gets the ``<link>`` (and a ``Link: …;
rel=preload`` header), answered by the worker without the network; an old version (a new
release changed the file) or no cookie gets the stylesheet inline again. The inline copy is
squeezed (no comments, no needless spaces).
The cookie says nothing about the person: the same value for everybody.

A first visit carries only the rules its page can use (``used_rules``): a rule whose every
selector names a class that neither the page's HTML nor any of our scripts (which add classes
as the page runs, ``static/js``) contains cannot match anything there, and stays out. The rest
of the stylesheet comes with the worker. That is 6-9 kB of the squeezed 19.5 kB: a first page
is 2.1-2.7 kB lighter compressed (the login page 5.5 kB before, 2.8 kB now; a lesson 8.1 kB,
5.9 kB), some 40-55 ms less at 400 kbit/s. The rules kept for a set of classes are remembered.
The policy allows the hash of that page's inline rules; a page linking the stylesheet allows
no inline style at all. ``tests/browser/test_first_visit_rules.py`` checks that the main pages
of each role look exactly as with the whole stylesheet.

Such a page is compressed harder than others (brotli 10 instead of 5, for some 30 ms of the
server's time): a browser gets it once per release, and the rules it carries are text that a
strong compressor squeezes best. A page that may echo the request stays uncompressed
(``lms.core.compression``: BREACH).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import brotli
import tinycss2
from flask import Flask, current_app, g, request, url_for
from markupsafe import Markup, escape

from lms.core.compression import may_reflect_input
from lms.core.static_files import STYLESHEET, file_version

COOKIE = "lms_css"
FIRST_VISIT_BROTLI = 10
_INLINE = "lms_inline_stylesheet"
_INLINED = "lms_stylesheet_inlined"  # on ``g``: the CSP source of the rules this page carries
# A quoted string (kept as it is), or a comment (dropped); what lies between is squeezed.
_STRING_OR_COMMENT = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|/\*.*?\*/""", re.S)
_SPACE = re.compile(r"\s+")
_SPACE_AROUND = re.compile(r"\s*([{};,>])\s*")
_CLASS_ATTRIBUTE = re.compile(r'\sclass="([^"]*)"')
_SCRIPTS = "js"  # under the static folder: the scripts that add classes as a page runs
_SUBSETS_KEPT = 512  # distinct sets of classes remembered per process


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


def _source(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


def _selectors_classes(prelude) -> list[frozenset[str]]:
    """The classes each selector of a rule's prelude requires. A class inside a functional
    pseudo-class (``:not(.x)``, ``:is(.x, .y)``) requires nothing: it may match without it."""
    selectors, current, after_dot = [], set(), False
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(frozenset(current))
            current, after_dot = set(), False
            continue
        if after_dot and token.type == "ident":
            current.add(token.value)
        after_dot = token.type == "literal" and token.value == "."
    selectors.append(frozenset(current))
    return selectors


@dataclass
class _Rule:
    text: str
    needs: list[frozenset[str]] = field(default_factory=list)  # any one selector's classes
    inner: list[_Rule] | None = None  # the rules of an @media block
    head: str = ""  # "@media (…)" of such a block


def _rules(nodes) -> list[_Rule]:
    rules = []
    for node in nodes:
        if node.type == "qualified-rule":
            rules.append(_Rule(node.serialize(), _selectors_classes(node.prelude)))
        elif node.type == "at-rule" and node.lower_at_keyword == "media" and node.content:
            inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            head = f"@media{tinycss2.serialize(node.prelude)}"
            rules.append(_Rule("", inner=_rules(inner), head=head))
        elif node.type == "at-rule":
            rules.append(_Rule(node.serialize(), [frozenset()]))  # kept whole
    return rules


def _written(rules: list[_Rule], present: frozenset[str]) -> str:
    out = []
    for rule in rules:
        if rule.inner is not None:
            inner = _written(rule.inner, present)
            if inner:
                out.append(f"{rule.head}{{{inner}}}")
        elif any(needs <= present for needs in rule.needs):
            out.append(rule.text)
    return "".join(out)


@dataclass
class InlineSheet:
    """The squeezed stylesheet, its rules, and the classes our scripts may add (once per
    process); the rules a page uses, remembered per set of classes."""

    text: str
    rules: list[_Rule]
    classes: frozenset[str]  # every class the stylesheet names
    scripted: frozenset[str]  # those a script may add to a page as it runs
    source: str = ""  # the CSP source of the whole text
    subsets: dict[frozenset[str], tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def read(cls, app: Flask) -> InlineSheet:
        static = Path(app.static_folder or "")
        text = squeeze((static / STYLESHEET).read_text(encoding="utf-8"))
        if "</" in text:  # it would end the <style> element early
            raise ValueError(f"{STYLESHEET} must not contain '</'")  # i18n: a build error
        nodes = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
        rules = _rules(nodes)
        classes = frozenset().union(*_all_needs(rules))
        scripts = " ".join(
            path.read_text(encoding="utf-8") for path in sorted((static / _SCRIPTS).glob("*.js"))
        )
        words = set(re.findall(r"[A-Za-z][\w-]*", scripts))
        prefixes = tuple(re.findall(r"[\"']([a-z][\w-]*-)[\"']", scripts))  # "is-" + state
        scripted = frozenset(c for c in classes if c in words or c.startswith(prefixes))
        return cls(text, rules, classes, scripted, _source(text))

    def used_rules(self, page: str) -> tuple[str, str]:
        """The rules ``page`` (its HTML) can use, and their CSP source."""
        present = set(self.scripted)
        for match in _CLASS_ATTRIBUTE.finditer(page):
            present.update(match.group(1).split())
        key = frozenset(present & self.classes)
        kept = self.subsets.get(key)
        if kept is None:
            if len(self.subsets) >= _SUBSETS_KEPT:
                self.subsets.clear()
            text = _written(self.rules, key)
            kept = self.subsets[key] = (text, _source(text))
        return kept


def _all_needs(rules: list[_Rule]):
    for rule in rules:
        yield from rule.needs
        if rule.inner is not None:
            yield from _all_needs(rule.inner)


def _sheet(app: Flask) -> InlineSheet:
    kept = app.extensions.get(_INLINE)
    if kept is None:
        kept = app.extensions[_INLINE] = InlineSheet.read(app)
    return kept


def inline_style_source() -> str | None:
    """The CSP source allowing this page's inline rules; None when it links the stylesheet."""
    return g.get(_INLINED)


def browser_holds_stylesheet() -> bool:
    """Whether this request's browser told us its service worker keeps the current version."""
    version = file_version(current_app, STYLESHEET)
    return bool(version) and request.cookies.get(COOKIE) == version


def stylesheet_element() -> Markup:
    """The page's stylesheet: a ``<link>`` for a browser that keeps it, else inline (the
    whole stylesheet here; ``inline_used_rules`` keeps only what the finished page uses)."""
    if browser_holds_stylesheet():
        href = escape(url_for("static", filename=STYLESHEET))
        return Markup(f'<link rel="stylesheet" href="{href}">')  # noqa: S704 - escaped above
    sheet = _sheet(current_app)
    setattr(g, _INLINED, sheet.source)
    return Markup(f"<style>{sheet.text}</style>")  # noqa: S704 - our own file


def inline_used_rules(response):
    """A finished page carrying the stylesheet keeps only the rules it can use."""
    if not g.get(_INLINED) or response.direct_passthrough or response.is_streamed:
        return response
    sheet = _sheet(current_app)
    whole = f"<style>{sheet.text}</style>"
    page = response.get_data(as_text=True)
    if whole not in page:
        return response
    text, source = sheet.used_rules(page)
    response.set_data(page.replace(whole, f"<style>{text}</style>", 1))
    setattr(g, _INLINED, source)
    return response


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
    app.after_request(inline_used_rules)  # registered after: runs before the compression
    app.after_request(preload_stylesheet)
    app.jinja_env.globals["stylesheet_element"] = stylesheet_element
    app.jinja_env.globals["stylesheet_cookie"] = COOKIE
