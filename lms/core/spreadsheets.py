"""CSV in and out, safe for spreadsheet programs.

Exports start with a UTF-8 byte-order mark so that spreadsheet programs open Turkmen and
Cyrillic text correctly, and cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from itertools import chain

from flask_babel import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A cell ``safe_cell`` escaped, or text that merely looks escaped (apostrophes, then a formula
# character): the reversible writer prefixes both, so that ``unescape_cell`` can undo it exactly.
_LOOKS_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
# PHP's fputcsv (Moodle's csv_export_writer) quotes a field holding any of these.
_PHP_QUOTED = (",", '"', "\\", "\n", "\r", "\t", " ")


def safe_cell(value: object) -> str:
    """Text for one cell; a leading formula character is escaped with an apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], bom: bool = True) -> str:
    """The one CSV writer of the platform. The header goes through ``safe_cell`` like every
    other row: headings can hold data too (course codes, module slugs)."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in chain([header], rows):
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def _reversible_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return safe_cell("'" + text if _LOOKS_ESCAPED.match(text) else text)


def unescape_cell(text: str) -> str:
    """Undo the reversible writer's escape: one apostrophe comes off a cell that starts with
    apostrophes followed by a formula character. Exact for files the platform wrote; a foreign
    cell of that shape (``'=x`` typed by hand) loses its first apostrophe."""
    return text[1:] if _LOOKS_ESCAPED.match(text) else text


def _php_field(text: str) -> str:
    if not text or not any(c in text for c in _PHP_QUOTED):
        return text
    return '"' + text.replace('"', '""') + '"'


def php_csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV laid out as Moodle's ``csv_export_writer`` writes it (PHP ``fputcsv``): UTF-8
    without a byte-order mark, LF between records, a field quoted when it holds a comma, quote,
    backslash, space, tab or line break. Every cell is neutralised like ``csv_text``'s, in a
    way ``unescape_cell`` reverses, so a description starting with "-" survives a round trip."""
    lines = (
        ",".join(_php_field(_reversible_cell(v)) for v in row) for row in chain([header], rows)
    )
    return "".join(line + "\n" for line in lines)


class CsvDecodeError(ValueError):
    pass


def decode_upload(raw: bytes) -> str:
    """Decode an uploaded CSV as UTF-8 (with or without BOM), or explain what is wrong."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvDecodeError(
            _("The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8”.")
        ) from exc
