"""Pieces of text inside a question: format prefixes, weights and feedback."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import gettext as _

from lms.quizzes.gift.lexer import WHITESPACE, Block, Span, decode_escapes
from lms.quizzes.gift.model import TEXT_FORMATS

# "[html]" and friends. A word in brackets followed by "(" is a Markdown link, not a format.
_FORMAT_PREFIX = re.compile(r"\[([A-Za-z]+)\](?!\()")
# Moodle's weight: a percentage straight after "~" or "=", e.g. %50%, %-33.3%.
_WEIGHT = re.compile(r"%(-?[0-9]+(?:\.[0-9]+)?)%")


def clean(raw: str) -> str:
    """Decode escapes and trim, as Moodle does for every piece of text it keeps."""
    return decode_escapes(raw).strip(WHITESPACE)


def read_formatted(block: Block, span: Span, default: str = "moodle") -> tuple[str, str]:
    """Split an optional ``[format]`` prefix off a text; return (format, clean text).

    Moodle keeps an unknown ``[word]`` as part of the text; we report it, because it is almost
    always a misspelt format (``[HTML]``, ``[md]``) that would otherwise show up in the quiz.
    """
    span = span.strip()
    match = _FORMAT_PREFIX.match(span.text)
    if match is None:
        return default, clean(span.text)
    name = match.group(1)
    if name not in TEXT_FORMATS:
        known = ", ".join(f"[{known}]" for known in TEXT_FORMATS)
        block.report(
            span.offset,
            _("unknown format [%(name)s]: use one of %(known)s", name=name, known=known),
        )
        return default, clean(span.text)
    return name, clean(span.text[match.end() :])


def read_text(block: Block, span: Span) -> str:
    """A text whose format prefix, if any, is checked and dropped."""
    return read_formatted(block, span)[1]


def has_weight(span: Span) -> bool:
    """Whether the (stripped) span starts with a ``%n%`` weight."""
    return _WEIGHT.match(span.strip().text) is not None


def read_weight(block: Block, span: Span, default: float) -> tuple[float, Span]:
    """Take a leading ``%n%`` weight off an answer; return (fraction, rest of the answer).

    Without a weight the answer gets ``default``. Like Moodle, something that only looks a bit
    like a weight (``%abc%``) stays part of the answer text.
    """
    span = span.strip()
    match = _WEIGHT.match(span.text)
    if match is None:
        return default, span
    # Decimal, so that %28.6% is 0.286 and not 0.28600000000000003.
    fraction = float(Decimal(match.group(1)) / 100)
    if not -1 <= fraction <= 1:
        block.report(
            span.offset, _("weight %(weight)s is outside -100%%..100%%", weight=match.group(0))
        )
    return fraction, span.cut(match.end())


def split_span(span: Span, separator: str, parts: int) -> list[Span]:
    """Split a span at ``separator`` into at most ``parts`` pieces, like PHP's explode()."""
    pieces: list[Span] = []
    start = 0
    while len(pieces) < parts - 1:
        found = span.text.find(separator, start)
        if found < 0:
            break
        pieces.append(span.cut(start, found))
        start = found + len(separator)
    pieces.append(span.cut(start))
    return pieces


def split_feedback(block: Block, span: Span) -> tuple[str, str]:
    """Split ``answer#feedback`` at the first ``#``; return both texts, format prefixes dropped."""
    pieces = split_span(span, "#", 2)
    feedback = read_text(block, pieces[1]) if len(pieces) > 1 else ""
    return read_text(block, pieces[0]), feedback


def split_marked(span: Span, markers: str) -> list[tuple[str, Span]]:
    """Split a block before every marker character; return (marker, text after it) pairs.

    Text before the first marker comes with marker ``""``; Moodle drops it when it is blank and
    otherwise treats it as one more answer.
    """
    pieces: list[tuple[str, Span]] = []
    marker, start = "", 0
    for index, char in enumerate(span.text):
        if char in markers:
            pieces.append((marker, span.cut(start, index)))
            marker, start = char, index + 1
    pieces.append((marker, span.cut(start)))
    if not pieces[0][1].strip().text:
        pieces.pop(0)
    return pieces
