"""From GIFT source to question blocks: lines, comments, escapes and positions.

Moodle reads a GIFT file line by line, trims every line, and treats each run of non-blank lines
as one question. Whole-line ``//`` comments are taken out of the question (recent Moodle versions
read ``[id:...]`` and ``[tag:...]`` from them). Escaped control characters are swapped for
placeholders before anything else, so that a search for ``{`` or ``~`` never finds an escaped one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# PHP's trim() set. Moodle trims with it, so a no-break space at the end of a line stays.
WHITESPACE = " \t\n\r\0\x0b"

# Placeholders for escaped characters live in Unicode's supplementary private use area A,
# which no quiz text uses; parse_gift() rejects input that contains them all the same.
_PLACEHOLDERS = {char: chr(0xF0000 + ord(char)) for char in ":#={}~\n"}
_DECODE = str.maketrans({placeholder: char for char, placeholder in _PLACEHOLDERS.items()})
RESERVED = re.compile("[" + "".join(_PLACEHOLDERS.values()) + "]")
_ESCAPE = re.compile(r"\\([\\:#={}~n])")

_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f\x7f])+)\]")


def _encode_escape(match: re.Match[str]) -> str:
    char = match.group(1)
    if char == "\\":
        # A doubled backslash is a literal one, and the character after it keeps its meaning.
        return "\\"
    return _PLACEHOLDERS["\n" if char == "n" else char]


def encode_escapes(text: str) -> str:
    """Replace ``\\~ \\= \\# \\{ \\} \\: \\n`` by placeholders and ``\\\\`` by ``\\``."""
    return _ESCAPE.sub(_encode_escape, text)


def decode_escapes(text: str) -> str:
    """Turn placeholders back into the characters they stand for (``\\n`` into a newline)."""
    return text.translate(_DECODE)


@dataclass(frozen=True)
class Span:
    """A piece of a block's text together with where it starts, for line numbers."""

    text: str
    offset: int

    def cut(self, start: int, end: int | None = None) -> Span:
        """The sub-span ``text[start:end]``."""
        return Span(self.text[start:end], self.offset + start)

    def strip(self) -> Span:
        """The span without surrounding whitespace (PHP's notion of it)."""
        stripped = self.text.lstrip(WHITESPACE)
        return Span(stripped.rstrip(WHITESPACE), self.offset + len(self.text) - len(stripped))


@dataclass
class Block:
    """One question's lines: escapes encoded, comment lines blanked, trimmed as Moodle does."""

    text: str
    first_line: int
    comments: list[str]
    problems: list[tuple[int, str]] = field(default_factory=list)

    def line_at(self, offset: int) -> int:
        """The file line on which ``text[offset]`` stands."""
        return self.first_line + self.text.count("\n", 0, offset)

    def report(self, offset: int, message: str) -> None:
        """Record a problem at ``text[offset]``."""
        self.problems.append((self.line_at(offset), message))

    def whole(self) -> Span:
        """The block's whole text as a span."""
        return Span(self.text, 0)


def normalise(source: str) -> str:
    """Drop a byte order mark and turn CRLF and lone CR line ends into LF."""
    return source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_blocks(source: str) -> Iterator[Block]:
    """Split normalised GIFT source into blocks separated by blank lines.

    Blocks that hold only comments are skipped.
    """
    lines = source.split("\n")
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip(WHITESPACE)
        if line:
            current.append((number, line))
            continue
        if current:
            yield from _make_block(current)
        current = []
    if current:
        yield from _make_block(current)


def _make_block(numbered_lines: list[tuple[int, str]]) -> Iterator[Block]:
    comments = [line for _, line in numbered_lines if line.startswith("//")]
    # Moodle turns a comment line into a single space, so the line count stays the same.
    joined = "\n".join(" " if line.startswith("//") else line for _, line in numbered_lines)
    text = joined.strip(WHITESPACE)
    if not text:
        return
    lead = len(joined) - len(joined.lstrip(WHITESPACE))
    first_line = numbered_lines[0][0] + joined.count("\n", 0, lead)
    yield Block(encode_escapes(text), first_line, comments)


def read_metadata(comments: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """The question id (the first ``[id:...]``) and tags (every ``[tag:...]``) in comments.

    As in Moodle, ``\\]`` stands for a ``]`` inside the value and surrounding spaces are dropped.
    """
    text = "\n".join(comments)
    match = _ID.search(text)
    question_id = _unescape_bracket(match.group(1)) if match else ""
    tags = (_unescape_bracket(found) for found in _TAG.findall(text))
    return question_id or None, tuple(dict.fromkeys(tag for tag in tags if tag))


def _unescape_bracket(value: str) -> str:
    return value.replace("\\]", "]").strip(WHITESPACE)
