"""The one place where authored or user-written Markdown becomes HTML.

Everything is rendered with Python-Markdown and then sanitised with nh3: no scripts, no event
handlers, no ``javascript:`` links, whatever the author wrote. RENDERER_VERSION is part of every
cache key, so changing the rules here invalidates cached HTML.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

RENDERER_VERSION = "1"

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
    """Render Markdown to sanitised HTML. ``resolve_link`` maps each link target to a URL,
    or to None for a target that must not become a link."""
    if resolve_link is None:
        return _render_plain(text)
    extensions = [*_extensions(), _LinkExtension(resolve_link)]
    return _sanitise(markdown.Markdown(extensions=extensions, output_format="html").convert(text))


@functools.lru_cache(maxsize=2048)
def _render_plain(text: str) -> Markup:
    """User-written text (reflections, comments) is shown again on every view of a queue or a
    log; the result depends on the text alone, so each process keeps the recent ones (at most
    2048: reflections are capped at 5000 characters, so well under 25 MB even then)."""
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
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above


def find_links(text: str) -> list[tuple[int, str]]:
    """Inline link and image targets with their 1-based line in ``text`` (for the checker)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        found.extend((number, match.group(1)) for match in _INLINE_LINK.finditer(line))
    return found
