"""Keeps the Markdown renderer linear on hostile input, and its input to a documented size.

Python-Markdown's link and image patterns look for the ``]`` that closes each ``[`` by scanning
to the end of the paragraph, so text made of thousands of ``[`` took quadratic time (4,990 of
them: 3–4.5 s; five such reflections: an 18 s supervisor queue). Link text here is bounded
instead: a ``[`` whose ``]`` is further than LINK_TEXT_MAX characters away starts no link, and
each ``[`` costs at most that much work. Authored content never needs link text that long.
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.inlinepatterns import LinkInlineProcessor

LINK_TEXT_MAX = 1000  # characters between [ and ]; the longest in the course content is ~120
LINK_TARGET_MAX = 2000  # characters of a link's (target "title"): a long URL fits
# The longest lesson is about 11,000 characters and quiz texts and framework descriptions are far
# shorter: 50,000 leaves room for any authored text. Even with the bounded scans some inputs
# cost about 0.2 ms a character (thousands of "[[]" or "[a]("), so the cap keeps one render
# within seconds whatever an author pastes.
MARKDOWN_MAX_CHARS = 50_000


def bounded_link_text(data: str, index: int) -> tuple[str, int, bool]:
    """``LinkInlineProcessor.getText`` with a bounded scan: (text, end, found the ``]``).

    Jumps from ``]`` to ``]`` with str.find/str.count (C speed), counting the ``[`` between."""
    depth, pos = 1, index
    stop = min(len(data), index + LINK_TEXT_MAX)
    while True:
        close = data.find("]", pos, stop)
        if close < 0:
            return "", index, False
        depth += data.count("[", pos, close) - 1
        if depth == 0:
            return data[index:close], close + 1, True
        pos = close + 1


def bounded_link_target(get_link):
    """``getLink`` (which looks for the closing parenthesis as far as the text goes) given a
    window of LINK_TARGET_MAX characters after the ``](``, so ``[a](`` repeated stays linear."""

    def scan(data: str, index: int):
        href, title, end, handled = get_link(data[index : index + LINK_TARGET_MAX], 0)
        return href, title, index + end, handled

    return scan


class BoundedLinks(Extension):
    """Gives every link, image and reference pattern the bounded scans above."""

    def extendMarkdown(self, md):  # noqa: N802 - the name Python-Markdown calls
        for processor in md.inlinePatterns:
            if isinstance(processor, LinkInlineProcessor):
                processor.getText = bounded_link_text
                processor.getLink = bounded_link_target(processor.getLink)
