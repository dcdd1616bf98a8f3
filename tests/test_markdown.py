"""The one Markdown function strips everything executable and keeps the teaching layout."""

import pytest

from lms.core.markdown import render_markdown


@pytest.mark.parametrize(
    "source, forbidden",
    [
        ("<script>alert(1)</script>", "<script"),
        ("[x](javascript:alert(1))", "javascript:"),
        ('<a href="#" onclick="steal()">x</a>', "onclick"),
        ('<img src="x.png" onerror="steal()">', "onerror"),
        ('<iframe src="https://elsewhere.example"></iframe>', "<iframe"),
        ('<div style="position:fixed">x</div>', "style="),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ],
)
def test_dangerous_markup_is_removed(source, forbidden):
    assert forbidden not in render_markdown(source)


def test_admonitions_tables_and_heading_ids_survive():
    html = render_markdown(
        '## Steps\n\n!!! tip "Try it"\n    Listen.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'
    )
    assert '<h2 id="steps">' in html
    assert '<div class="admonition tip">' in html and "admonition-title" in html
    assert "<table>" in html


def test_links_go_through_the_resolver_and_dead_ones_lose_their_target():
    html = render_markdown(
        "[a](../x.md) [b](gone.md)", lambda href: "/ok" if href == "../x.md" else None
    )
    assert 'href="/ok"' in html and ">b</a>" in html and "gone.md" not in html


def test_turkmen_and_cyrillic_text_is_kept():
    assert "Ýazgül Aşgabatda, Мария" in render_markdown("Ýazgül Aşgabatda, Мария")


def test_a_table_scrolls_in_its_own_region_named_by_its_headers():
    html = render_markdown(
        "| Step | What the worker does |\n|---|---|\n| 1 | Listens <b>&</b> asks |\n"
    )
    region = 'role="region" aria-label="Step, What the worker does"'
    assert html.startswith(f'<div class="table-wrap" tabindex="0" {region}>')
    assert html.count("<table>") == 1 and html.endswith("</table></div>")


def test_a_region_name_cannot_break_out_of_its_attribute():
    html = render_markdown('| say "hi" <i>x</i> |\n|---|\n| 1 |\n')
    assert 'aria-label="say &#34;hi&#34; x"' in html
