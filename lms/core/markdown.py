"""The one place where authored Markdown becomes HTML (user-written text: ``plain_text``).

Everything is rendered with Python-Markdown and then sanitised with nh3: no scripts, no event
handlers, no ``javascript:`` links, whatever the author wrote. RENDERER_VERSION is part of every
cache key, so changing the rules here invalidates cached HTML.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from html import unescape
from xml.etree.ElementTree import Element

import markdown
import nh3
from flask_babel import gettext as _
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from lms.core.markdown_guard import MARKDOWN_MAX_CHARS, BoundedLinks
from lms.core.plain_text import plain_text

RENDERER_VERSION = "3"  # 2: bounded link scans, size cap; 3: tables in scrolling regions

LinkResolver = Callable[[str], str | None]

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "a", "em", "strong", "b", "i", "code", "pre", "blockquote", "sub", "sup", "abbr", "div",
    "span", "table", "thead", "tbody", "tr", "th", "td", "img", "figure", "figcaption", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "abbr": {"title"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
}  # fmt: skip
ALLOWED_CLASSES = {
    "div": {"admonition", "note", "tip", "warning", "important", "danger", "caution", "info"},
    "p": {"admonition-title"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


class _LinkRewriter(Treeprocessor):
    """Send every link and image through the resolver; unresolvable ones lose their target."""

    def __init__(self, md, resolve: LinkResolver):
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute is None or element.get(attribute) is None:
                continue
            target = self.resolve(element.get(attribute))
            if target is None:
                del element.attrib[attribute]
            else:
                element.set(attribute, target)


class _LinkExtension(Extension):
    def __init__(self, resolve: LinkResolver):
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md):  # noqa: N802 - the name Python-Markdown calls
        md.treeprocessors.register(_LinkRewriter(md, self.resolve), "lms_links", 1)


def _extensions() -> list:
    return [
        BoundedLinks(),
        "fenced_code",
        "admonition",
        "sane_lists",
        "toc",
        TableExtension(use_align_attribute=True),
    ]


_reusable = threading.local()


def _plain_converter() -> markdown.Markdown:
    """This thread's converter for text without a link resolver. Building one costs more than
    converting a short text (a queue of 300 reflections spent 60% of its time there);
    ``reset()`` clears what the previous text left (the table of contents, references)."""
    converter = getattr(_reusable, "converter", None)
    if converter is None:
        converter = _reusable.converter = markdown.Markdown(
            extensions=_extensions(), output_format="html"
        )
    return converter.reset()


def render_markdown(text: str, resolve_link: LinkResolver | None = None) -> Markup:
    """Render AUTHORED Markdown (lessons, quiz texts, imported frameworks) to sanitised HTML;
    user-written text is shown with ``plain_text`` instead. ``resolve_link`` maps each link
    target to a URL, or to None for a target that must not become a link.

    A text longer than MARKDOWN_MAX_CHARS is refused: the result is a notice saying so, never
    a half-rendered text. A text nested too deeply for Python-Markdown's recursive parser (lists
    or quotes hundreds of levels deep) is shown as escaped plain text rather than failing."""
    if len(text) > MARKDOWN_MAX_CHARS:
        return _too_long(len(text))
    try:
        if resolve_link is None:
            return _render_plain(text)
        extensions = [*_extensions(), _LinkExtension(resolve_link)]
        converter = markdown.Markdown(extensions=extensions, output_format="html")
        return _sanitise(converter.convert(text))
    except RecursionError:
        _reusable.converter = None  # left half-way through a document
        return plain_text(text)


def _too_long(length: int) -> Markup:
    notice = _(
        "This text is too long to display (%(length)s characters; at most %(max)s).",
        length=str(length),
        max=str(MARKDOWN_MAX_CHARS),
    )
    return Markup('<p class="notice">') + escape(notice) + Markup("</p>")


@functools.lru_cache(maxsize=2048)
def _render_plain(text: str) -> Markup:
    """Question texts and other authored snippets are shown again on every view of a quiz;
    the result depends on the text alone, so each process keeps the recent ones (at most 2048
    of at most MARKDOWN_MAX_CHARS each)."""
    return _sanitise(_plain_converter().convert(text))


def _sanitise(html: str) -> Markup:
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(_in_regions(clean))  # noqa: S704 - sanitised by nh3 just above


_TABLE = re.compile(r"<table>.*?</table>", re.DOTALL)
_HEADER = re.compile(r"<th[^>]*>(.*?)</th>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def _in_regions(html: str) -> str:
    """Each table in its own scrolling region, as the interface's tables are (``_table.html``):
    a wide table scrolls sideways on a phone, reached with Tab, named by its column headers (in
    the lesson's own language, so the region needs no translated name). ``html`` is nh3's
    output: tables carry no attributes and do not nest."""

    def wrap(match: re.Match) -> str:
        headers = [_TAG.sub("", cell).strip() for cell in _HEADER.findall(match.group(0))]
        label = escape(unescape(", ".join(h for h in headers if h)))
        named = f' role="region" aria-label="{label}"' if label else ""
        return f'<div class="table-wrap" tabindex="0"{named}>{match.group(0)}</div>'

    return _TABLE.sub(wrap, html)


def find_links(text: str) -> list[tuple[int, str]]:
    """Inline link and image targets with their 1-based line in ``text`` (for the checker)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        found.extend((number, match.group(1)) for match in _INLINE_LINK.finditer(line))
    return found
