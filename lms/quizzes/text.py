"""Question texts as HTML, and small display filters for the quiz templates.

Authored texts go through ``render_markdown`` (which sanitises any HTML a GIFT file carries);
``[plain]`` texts are escaped. Rendered texts are kept per process: a bank has a few hundred.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Flask
from markupsafe import Markup, escape

from lms.core.markdown import render_markdown
from lms.quizzes.grading import stems

_PARAGRAPH = ("<p>", "</p>")


@lru_cache(maxsize=4096)
def question_html(text: str, text_format: str = "moodle") -> Markup:
    if text_format == "plain":
        return Markup("<p>") + escape(text).replace("\n", Markup("<br>")) + Markup("</p>")
    return render_markdown(text)


@lru_cache(maxsize=8192)
def inline_html(text: str, text_format: str = "moodle") -> Markup:
    """An option or a feedback: one paragraph without its ``<p>`` (for labels and lists)."""
    html = str(question_html(text, text_format))
    start, end = _PARAGRAPH
    if html.startswith(start) and html.endswith(end) and html.count(start) == 1:
        html = html[len(start) : -len(end)]
    return Markup(html)  # noqa: S704 - sanitised by render_markdown or escaped above


def register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(
        quiz_text=question_html,
        quiz_inline=inline_html,
        stems=stems,
    )
