"""The national annex (``content/national/``): Turkmenistan's law, institutions and working forms.

Pages are Markdown like lessons (``NN-slug.md`` with ``.ru.md`` and ``.tk.md`` beside them); the
working forms are YAML in ``forms/`` with every label in the three languages, so one definition
gives the form on screen and its PDF in each language. A statement nobody could source is written
``[confirm: what to confirm]``: it stays visible to readers, and the staff page lists every one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from lms.i18n.languages import TRANSLATED_LANGUAGES

ANNEX_DIR = "national"
FORMS_DIR = "forms"
FIELD_KINDS = ("text", "lines", "date", "check", "signature")
# A marker is closed on its line: "[confirm: the current hotline number]".
CONFIRM = re.compile(r"\[confirm:\s*([^\]\n]*?)\s*\]")
CONFIRM_OPENED = re.compile(r"\[confirm:")
YAML_LANGUAGE_KEY = re.compile(r"^\s*-?\s*(en|ru|tk)\s*:")


@dataclass(frozen=True)
class Marker:
    """One ``[confirm: …]`` statement, where it is written."""

    path: Path
    line: int
    text: str
    language: str


def file_language(path: Path) -> str:
    """``ru`` for ``01-law.ru.md``; ``en`` for the English sources and for YAML."""
    suffix = path.suffixes[-2:-1]
    code = suffix[0].lstrip(".") if suffix else ""
    return code if code in TRANSLATED_LANGUAGES else "en"


def _line_language(path: Path, line: str) -> str:
    """The language of a line: the file's, or in a form the ``ru:``/``tk:`` key it starts with."""
    keyed = YAML_LANGUAGE_KEY.match(line) if path.suffix == ".yaml" else None
    return keyed[1] if keyed else file_language(path)


def markers_in(path: Path, text: str) -> list[Marker]:
    return [
        Marker(path, number, match[1], _line_language(path, line))
        for number, line in enumerate(text.splitlines(), start=1)
        for match in CONFIRM.finditer(line)
    ]


def find_markers(root: Path) -> list[Marker]:
    """Every ``[confirm: …]`` marker in the content folder (annex, lessons, forms), in order."""
    found: list[Marker] = []
    for path in sorted(root.rglob("*")):
        if path.suffix in {".md", ".yaml"} and path.is_file():
            found.extend(markers_in(path, path.read_text(encoding="utf-8-sig")))
    return found


def highlight_markers(html: Markup | str) -> Markup:
    """``[confirm: …]`` in HTML shown as a visible mark. The text between the brackets is
    already escaped HTML (rendered Markdown, or ``escape``d plain text) without tags."""
    html = html if isinstance(html, Markup) else escape(html)
    return Markup(  # noqa: S704 - input is escaped HTML; the pattern admits no "<" or "]"
        CONFIRM.sub(
            lambda m: (
                f'<mark class="confirm">[confirm: {m[1]}]</mark>' if "<" not in m[1] else m[0]
            ),
            str(html),
        )
    )
