"""Text answers are compressed for a client that accepts it, keeping every protective header."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
from support import login

from lms.core.precompressed import squeeze_script
from lms.core.stylesheet import squeeze
from lms.core.web import document_headers


def test_a_page_comes_back_gzipped_and_smaller(app, client, factory):
    factory.user("gzipped", "trainee")
    login(client, "gzipped")
    plain = client.get("/learn/", headers={"Accept-Encoding": "identity"})
    packed = client.get("/learn/", headers={"Accept-Encoding": "gzip"})
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert len(packed.data) < len(plain.data)
    assert gzip.decompress(packed.data) == plain.data
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert packed.headers["Cache-Control"] == "no-store"
    for name, value in document_headers(None)[1:]:  # the policy: the page's inline rules
        assert packed.headers[name] == value, name
    assert packed.headers["Content-Security-Policy"] == plain.headers["Content-Security-Policy"]


def test_brotli_is_preferred_when_offered(client):
    plain = client.get("/login", headers={"Accept-Encoding": "identity"})
    packed = client.get("/login", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(packed.data) == plain.data
    assert packed.headers["Cache-Control"] == "no-store"


def test_stylesheet_and_scripts_are_compressed_and_still_kept(client):
    page = client.get("/login").get_data(as_text=True)
    start = page.index("/static/css/app.css?v=")
    url = page[start : page.index('"', start)]
    with client.get(url, headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert b"--accent" in gzip.decompress(response.data)
    with client.get("/static/js/language.js", headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client):
    assert "Content-Encoding" not in client.get("/login").headers


def test_a_page_that_may_echo_the_request_is_not_compressed(client, factory):
    """BREACH: a compressed page holding a CSRF token and text the request chose leaks the token
    through its size. Pages answering a query string or a posted form stay uncompressed."""
    from support import login

    factory.user("boss", "admin")
    login(client, "boss")
    searched = client.get("/admin/users?q=csrf_token", headers={"Accept-Encoding": "gzip"})
    assert searched.status_code == 200 and "Content-Encoding" not in searched.headers
    plain = client.get("/admin/users", headers={"Accept-Encoding": "gzip"})
    assert plain.headers.get("Content-Encoding") == "gzip"


def test_stylesheet_and_scripts_are_compressed_once_at_the_strongest_levels(app, client):
    """Static text is the same for everybody until a release: brotli 11 and gzip 9, computed
    once per process and version, not per answer."""
    page = client.get("/login").get_data(as_text=True)
    start = page.index("/static/css/app.css?v=")
    url = page[start : page.index('"', start)]
    with open(f"{app.static_folder}/css/app.css", "rb") as sheet:
        plain = sheet.read()
    answers = {}
    for encoding in ("br", "gzip"):
        with client.get(url, headers={"Accept-Encoding": encoding}) as response:
            assert response.headers["Content-Encoding"] == encoding
            assert "Accept-Encoding" in response.headers["Vary"]
            assert response.headers["ETag"].endswith(f':{encoding}"')
            answers[encoding] = response.data
    lean = squeeze(plain.decode()).encode()
    assert answers["br"] == brotli.compress(lean, quality=11)
    assert gzip.decompress(answers["gzip"]) == lean
    assert len(answers["gzip"]) == len(gzip.compress(lean, compresslevel=9, mtime=0))
    with client.get(url, headers={"Accept-Encoding": "br"}) as again:
        assert again.data == answers["br"]
        etag = again.headers["ETag"]
    with client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": etag}) as reload:
        assert reload.status_code == 304
        assert reload.data == b""


def test_a_script_loses_whole_line_comments_and_indentation_only():
    script = """/* About the file.
   More. */
(function () {
  "use strict";
  // a note
  var a = "/* not a comment */"; /* kept: code on its line */
  return a; // kept too
})();
"""
    assert squeeze_script(script) == (
        '(function () {\n"use strict";\n'
        'var a = "/* not a comment */"; /* kept: code on its line */\n'
        "return a; // kept too\n})();\n"
    )


def test_every_script_is_safe_to_squeeze(app):
    """No template literal, no string continued over a line: the squeeze never edits one."""
    for script in Path(app.static_folder, "js").glob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert "`" not in text, script.name
        assert not any(line.endswith("\\") for line in text.splitlines()), script.name


def test_a_precompressed_answer_still_serves_a_client_without_compression(client):
    with client.get("/static/js/offline.js", headers={"Accept-Encoding": "identity"}) as plain:
        assert "Content-Encoding" not in plain.headers
        assert b"serviceWorker" in plain.data


def csrf(page: bytes) -> bytes:
    """The page's CSRF token (signed with the time: two answers may differ in it)."""
    return page.split(b'name="csrf_token" value="', 1)[1].split(b'"', 1)[0]


def test_a_page_carrying_the_stylesheet_is_compressed_harder(client):
    """A browser's first visit (the stylesheet inline, lms.core.stylesheet) comes once per
    release: brotli 10 for it, the quick level for the pages that link the stylesheet."""
    from lms.core.stylesheet import COOKIE, FIRST_VISIT_BROTLI

    plain = client.get("/login", headers={"Accept-Encoding": "identity"}).data
    first = client.get("/login", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert first.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in first.headers["Vary"]
    page = brotli.decompress(first.data)
    assert page.replace(csrf(page), b"") == plain.replace(csrf(plain), b"")
    assert len(first.data) == len(brotli.compress(page, quality=FIRST_VISIT_BROTLI))
    assert len(first.data) < len(brotli.compress(page, quality=5))
    gzipped = client.get("/login", headers={"Accept-Encoding": "gzip"})
    unzipped = gzip.decompress(gzipped.data)  # no brotli: Flask-Compress's gzip
    assert unzipped.replace(csrf(unzipped), b"") == plain.replace(csrf(plain), b"")

    version = plain.decode().split("/static/css/app.css?v=", 1)[1][:12]
    client.set_cookie(COOKIE, version)
    linked_plain = client.get("/login", headers={"Accept-Encoding": "identity"}).data
    linked = client.get("/login", headers={"Accept-Encoding": "br"})
    assert b"<style>" not in linked_plain
    page = brotli.decompress(linked.data)
    assert b'<link rel="stylesheet"' in page
    assert len(linked.data) == len(brotli.compress(page, quality=5))
