"""User-written text on a page: escaped, with its paragraphs and line breaks, never Markdown.

Reflections, notes, comments, reasons, essays and evaluation texts are written by trainees and
staff, not authored content. Feeding them to the Markdown renderer cost quadratic time on hostile
input (a reflection of 4,990 ``[`` took 3–4.5 s; five of them an 18 s queue) and gave every user
a formatting language nobody needed. This is one linear pass: ``plain_text`` is the only filter
for such fields; ``render_markdown`` is for lessons, quiz texts and imported frameworks only.
"""

from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup, escape

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def plain_text(text: str | None) -> Markup:
    """``<p>`` per paragraph (blank line), ``<br>`` per line break, everything else escaped."""
    if not text:
        return Markup("")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = (escape(p).replace("\n", Markup("<br>")) for p in _BLANK_LINES.split(text))
    return Markup("").join(Markup("<p>") + p + Markup("</p>") for p in paragraphs)


def register_filter(app: Flask) -> None:
    app.jinja_env.filters["plain_text"] = plain_text
