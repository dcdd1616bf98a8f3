"""Static files: versioned addresses (a hash of the content), kept for a year under them; the
stylesheet inline on a browser's first visit, linked once its service worker keeps it."""

from __future__ import annotations

import base64
import hashlib
import re

import tinycss2
from flask import url_for

from lms.core import static_files, stylesheet


def keeps_stylesheet(client, version: str | None = None) -> None:
    """The cookie static/js/offline.js sets once the worker keeps the stylesheet."""
    if version is None:
        script = client.get("/login").get_data(as_text=True)
        version = re.search(r'data-stylesheet="/static/css/app\.css\?v=([0-9a-f]+)"', script)[1]
    client.set_cookie(stylesheet.COOKIE, version)


def stylesheet_url(client) -> str:
    keeps_stylesheet(client)
    page = client.get("/login").get_data(as_text=True)
    match = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert match, "no stylesheet on the page"
    return match.group(1).replace("&amp;", "&")


def test_a_first_visit_gets_the_rules_its_page_uses_allowed_by_their_hash(app, client):
    """One answer is enough to paint: no render-blocking link, no preload of it; and only the
    rules the page can use travel with it."""
    with client.get("/login") as response:
        page = response.get_data(as_text=True)
        policy = response.headers["Content-Security-Policy"]
        assert "Link" not in response.headers
    assert '<link rel="stylesheet"' not in page
    inline = re.search(r"<style>(.*?)</style>", page, re.S)
    assert inline, "no stylesheet in the page"
    with open(f"{app.static_folder}/css/app.css", encoding="utf-8") as sheet:
        whole = stylesheet.squeeze(sheet.read())
    assert len(inline[1]) < len(whole) / 2
    assert ".brand{" in inline[1]  # the page's own header
    assert ".queue-entry" not in inline[1]  # the approval queue's cards: not on this page
    assert ".connection.is-offline" in inline[1]  # a class offline.js adds as the page runs
    digest = base64.b64encode(hashlib.sha256(inline[1].encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}';" in policy
    assert "unsafe-inline" not in policy
    assert len(re.findall(r"<style", page)) == 1


def test_a_rule_stays_out_only_when_no_selector_of_it_can_match_the_page():
    css = (
        ".a{x:1}.b .c{x:2}.d:not(.e){x:3}p{x:4}@media (min-width: 1px){.a{x:5}.z{x:6}}"
        ".q,.a .y{x:7}.y,.d>p{x:8}.f:is(.g,.h){x:9}@keyframes k{from{x:0}}"
    )
    rules = stylesheet._rules(
        tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    )
    assert stylesheet._written(rules, frozenset({"a", "d"})) == (
        ".a{x:1}.d:not(.e){x:3}p{x:4}@media (min-width: 1px){.a{x:5}}"
        ".y,.d>p{x:8}@keyframes k{from{x:0}}"
    )
    assert stylesheet._written(rules, frozenset({"f", "z"})) == (
        "p{x:4}@media (min-width: 1px){.z{x:6}}.f:is(.g,.h){x:9}@keyframes k{from{x:0}}"
    )


def test_a_page_linking_the_stylesheet_allows_no_inline_style(client):
    keeps_stylesheet(client)
    with client.get("/login") as response:
        assert "<style" not in response.get_data(as_text=True)
        assert "style-src 'self';" in response.headers["Content-Security-Policy"]


def test_the_inline_stylesheet_loses_comments_and_spaces_but_not_its_strings():
    css = """a  >  b { color: red; }  /* why */
.c::before { content: " /* kept,  as it is */ " ; }
@media (min-width: 40rem) {
  .x, .y { margin: 0 auto }
}"""
    assert stylesheet.squeeze(css) == (
        'a>b{color: red;}.c::before{content: " /* kept,  as it is */ ";}'
        "@media (min-width: 40rem){.x,.y{margin: 0 auto}}"
    )


def test_a_browser_keeping_the_current_stylesheet_gets_it_linked(client):
    keeps_stylesheet(client)
    page = client.get("/login").get_data(as_text=True)
    assert "<style" not in page
    assert re.search(r'<link rel="stylesheet" href="/static/css/app\.css\?v=[0-9a-f]{12}"', page)


def test_a_browser_keeping_an_old_stylesheet_gets_the_new_one_inline(client):
    keeps_stylesheet(client, "000000000000")
    with client.get("/login") as response:
        assert "<style>" in response.get_data(as_text=True)
        assert "Link" not in response.headers


def test_every_script_of_a_page_is_deferred(client):
    """Nothing but the page itself stands between the answer and the first paint."""
    for keeping in (False, True):
        if keeping:
            keeps_stylesheet(client)
        page = client.get("/login").get_data(as_text=True)
        scripts = re.findall(r"<script\b[^>]*>", page)
        assert scripts
        assert all(" defer" in tag for tag in scripts), scripts


def test_a_pages_stylesheet_carries_its_version(client):
    url = stylesheet_url(client)
    assert re.fullmatch(r"/static/css/app\.css\?v=[0-9a-f]{12}", url), url


def test_the_versioned_address_is_kept_for_a_year(client):
    with client.get(stylesheet_url(client)) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_unversioned_or_old_address_is_checked_again(client):
    for url in ("/static/css/app.css", "/static/css/app.css?v=000000000000"):
        with client.get(url) as response:
            assert response.status_code == 200
            assert "immutable" not in response.headers.get("Cache-Control", ""), url
            assert "no-store" not in response.headers.get("Cache-Control", ""), url


def test_a_missing_static_file_is_not_kept(client):
    with client.get("/static/css/nothing.css?v=000000000000") as response:
        assert response.status_code == 404
        assert response.headers["Cache-Control"] == "no-store"


def test_changing_the_file_changes_the_address(app, tmp_path):
    """The version is the content's hash, computed once per process (a new release restarts)."""
    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "app.css"
    folder, kept = app.static_folder, app.extensions.pop(static_files._VERSIONS, None)
    try:
        app.static_folder = str(tmp_path)
        sheet.write_text("body { color: black; }")
        with app.test_request_context():
            first = url_for("static", filename="css/app.css")
        sheet.write_text("body { color: navy; }")
        with app.test_request_context():
            assert url_for("static", filename="css/app.css") == first  # once per process
        app.extensions.pop(static_files._VERSIONS)  # a restart
        with app.test_request_context():
            second = url_for("static", filename="css/app.css")
        assert first != second
        assert first.startswith("/static/css/app.css?v=")
        assert second.startswith("/static/css/app.css?v=")
    finally:
        app.static_folder = folder
        app.extensions.pop(static_files._VERSIONS, None)
        if kept is not None:
            app.extensions[static_files._VERSIONS] = kept


def test_a_path_outside_the_static_folder_gets_no_version(app):
    assert static_files.file_version(app, "../__init__.py") is None
    assert static_files.file_version(app, "css/app.css")


def test_a_page_announces_its_stylesheet_before_its_head_is_parsed(client):
    """The Link header lets a phone ask for the stylesheet as the page's headers arrive (a
    page that links it: one that carries it inline has nothing to announce)."""
    url = stylesheet_url(client)
    with client.get("/login") as response:
        assert response.headers["Link"] == f"<{url}>; rel=preload; as=style"
    with client.get(stylesheet_url(client)) as response:
        assert "Link" not in response.headers  # only pages name it


def test_the_versioned_address_is_never_revalidated_by_date(client):
    with client.get(stylesheet_url(client)) as response:
        assert "Last-Modified" not in response.headers
        assert "Content-Disposition" not in response.headers  # a subresource, never saved
        assert response.headers["ETag"]  # a reload may still ask If-None-Match
    with client.get("/static/css/app.css") as response:  # unversioned: checked again by date too
        assert response.headers["Last-Modified"]
