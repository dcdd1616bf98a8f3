"""CSV in and out, safe for spreadsheet programs.

Exports start with a UTF-8 byte-order mark so that spreadsheet programs open Turkmen and
Cyrillic text correctly, and cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from itertools import chain

from flask_babel import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
