"""JSON parsing that remembers the line each object starts on, for ``FILE:line: message``.

The standard library's pure-Python scanner calls ``parse_object`` for every object (the C
scanner does not), so a decoder that swaps that one function records positions without
re-implementing JSON.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from json import decoder, scanner


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


def line_of(value, default: int = 1) -> int:
    return getattr(value, "line", default)
