"""JSON parsing that remembers the line each object starts on, for ``FILE:line: message``.

The standard library's pure-Python scanner calls ``parse_object`` for every object (the C
scanner does not), so a decoder that swaps that one function records positions without
re-implementing JSON.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from json import decoder, scanner

# Deeper than any CASE package needs; the scanner recurses once per level, so a file nested
# 100,000 deep would exhaust Python's stack (RecursionError, a 500) before this limit.
MAX_DEPTH = 64
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


class LocatedDict(dict):
    """A JSON object with the (1-based) line of its opening brace."""

    line: int = 1


class _LocatingDecoder(json.JSONDecoder):
    def __init__(self, text: str):
        super().__init__()
        newlines = [i for i, char in enumerate(text) if char == "\n"]

        def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
            start = s_and_end[1] - 1  # the index of "{"
            value, end = decoder.JSONObject(s_and_end, strict, scan_once, None, LocatedDict, memo)
            value.line = bisect_right(newlines, start) + 1
            return value, end

        self.parse_object = parse_object
        self.scan_once = scanner.py_make_scanner(self)


def loads_located(text: str):
    """Like ``json.loads``, with every object a ``LocatedDict``; raises ``JSONDecodeError``."""
    return _LocatingDecoder(text).decode(text)


def too_deep_at(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The line where the brackets of ``text`` first nest deeper than ``limit``, if they do.
    Strings are skipped whole, so brackets inside them do not count."""
    depth = 0
    for match in _STRUCTURE.finditer(text):
        mark = match.group()
        if mark in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, match.start()) + 1
        elif mark in "]}":
            depth -= 1
    return None


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _pointer_part(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")  # RFC 6901 escaping


def lone_surrogate_at(data) -> tuple[int, str] | None:
    """(line, JSON pointer) of the first key or string holding a lone surrogate such as
    ``\\ud800``: JSON may escape one, but it is no character and cannot be stored as UTF-8."""
    stack = [(data, "", line_of(data))]
    while stack:
        value, pointer, line = stack.pop()
        if isinstance(value, str):
            if _has_lone_surrogate(value):
                return line, pointer or "/"
        elif isinstance(value, dict):
            line = line_of(value, line)
            for key, inner in value.items():
                where = f"{pointer}/{_pointer_part(key)}"
                if _has_lone_surrogate(key):
                    return line, where
                stack.append((inner, where, line))
        elif isinstance(value, list):
            stack.extend((inner, f"{pointer}/{i}", line) for i, inner in enumerate(value))
    return None


def line_of(value, default: int = 1) -> int:
    return getattr(value, "line", default)
