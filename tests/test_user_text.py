"""Finding 5: user-written text is escaped plain text (``plain_text``), never Markdown, and the
Markdown renderer for authored content is linear on hostile input and capped in size."""

import re
import time
from pathlib import Path

import pytest

from lms.core.markdown import render_markdown
from lms.core.markdown_guard import MARKDOWN_MAX_CHARS
from lms.core.plain_text import plain_text

LMS = Path(__file__).resolve().parent.parent / "lms"


def test_plain_text_escapes_and_keeps_paragraphs_and_line_breaks():
    html = plain_text("First *line*\r\nsecond <b>line</b>\n\n  \nNew [paragraph](x)")
    assert html == (
        "<p>First *line*<br>second &lt;b&gt;line&lt;/b&gt;</p><p>New [paragraph](x)</p>"
    )
    assert plain_text(None) == "" and plain_text("") == ""
    assert "<script" not in plain_text("<script>alert(1)</script>")


def _seconds(render, text: str) -> float:
    best = float("inf")
    for _ in range(2):  # the faster of two runs: a busy machine only ever slows one down
        started = time.perf_counter()
        render(text)
        best = min(best, time.perf_counter() - started)
    return best


def _ratio(render, unit: str, small: int = 10_000, large: int = 40_000) -> float:
    """Time for ``large`` characters over time for ``small``: 4 when linear, 16 if quadratic."""
    little = _seconds(render, unit * (small // len(unit)))
    big = _seconds(render, unit * (large // len(unit)))
    return big / max(little, 1e-3)


@pytest.mark.parametrize("unit", ["[", "![", "[x", "[]", "x\n"])
def test_plain_text_takes_linear_time(unit):
    assert _ratio(plain_text, unit) < 8


@pytest.mark.parametrize("unit", ["[", "![", "[x", "[a](", "[[]"])
def test_markdown_takes_linear_time_on_brackets(unit):
    """4,990 ``[`` took 3–4.5 s before link scans were bounded (quadratic: 20,000 took ~50 s)."""
    assert _ratio(render_markdown, unit, 4_000, 16_000) < 8


def test_markdown_refuses_text_over_the_cap_with_a_notice():
    started = time.perf_counter()
    html = render_markdown("[" * (MARKDOWN_MAX_CHARS + 1))
    assert time.perf_counter() - started < 1
    assert "too long to display" in html and "[[[" not in html
    assert "<p>" in render_markdown("a" * MARKDOWN_MAX_CHARS)


def test_markdown_nested_too_deeply_is_shown_as_plain_text():
    html = render_markdown("1. " * 3000)
    assert html.startswith("<p>1. 1. ")
    assert "<h2" in render_markdown("## Still works")  # the converter is usable afterwards


def test_links_and_reference_links_still_work():
    html = render_markdown('[a](https://x.org/a_(b) "T") ![i](/i.png) [r][1]\n\n[1]: /r')
    assert 'href="https://x.org/a_(b)"' in html and 'title="T"' in html
    assert 'src="/i.png"' in html and 'href="/r"' in html


MARKDOWN_FILTERS = ("quiz_text", "quiz_inline", "competency_markdown")
# The only expressions a Markdown filter may take: authored question texts and feedback from
# GIFT files, and framework texts imported by admins.
AUTHORED = {
    "q.text",
    "a.text",
    "left",
    "text",
    "q.general_feedback",
    "framework.source",
    "c.description",
    "description",  # framework.html: c.description_for(language), the same text translated
}


def _templates():
    return sorted(LMS.rglob("templates/**/*.html"))


def test_no_template_gives_user_text_to_a_markdown_filter():
    uses = []
    for path in _templates():
        for expression, name in re.findall(r"\{\{\s*([\w.]+)\s*\|\s*(\w+)", path.read_text()):
            if name in MARKDOWN_FILTERS:
                uses.append((path.name, expression))
            assert name not in ("practice_markdown", "quiz_comment"), path
    assert uses and {expression for _, expression in uses} <= AUTHORED, uses


# competency_markdown: framework descriptions imported by admins (authored content).
MARKDOWN_CALLERS = {"competencies/views/helpers.py"}


def test_views_of_user_text_never_call_the_markdown_renderer():
    for folder in ("practice", "quizzes/views", "competencies", "certificates", "accounts"):
        for path in (LMS / folder).rglob("*.py"):
            if str(path.relative_to(LMS)) not in MARKDOWN_CALLERS:
                assert "render_markdown(" not in path.read_text(), path


def test_user_text_pages_show_plain_text(client, factory):
    from practice.world import log_entry, practice_world, submitted
    from support import login

    world = practice_world(factory)
    entry = submitted(world, reflection="Line one\nline **two** [x](http://e.org)")
    log_entry(world, offset=3)
    login(client, "merdan")
    for path in (f"/practice/entries/{entry.id}", "/practice/queue"):
        page = client.get(path).get_data(as_text=True)
        assert "Line one<br>line **two** [x](http://e.org)" in page, path
