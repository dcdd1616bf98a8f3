"""Every page of the demo, for every role, reads in Turkmen and in Russian.

Each demo person logs in, chooses the language with the switcher and follows the links of the
site from the home page (each kind of page a few times); no page may show English interface text
outside content and people's data (see english_ui.py).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from english_ui import english_words, known_strings
from flask_migrate import upgrade
from support import csrf_token

from lms import create_app
from lms.core.extensions import db

PEOPLE = ("admin", "trainer", "coordinator", "trainee", "aygul")
LANGUAGES = ("tk", "ru")
PAGES_PER_KIND = 3
MAX_PAGES = 160
SKIPPED = re.compile(r"\.(csv|pdf|json|png|svg|jpg|txt)$|^/static/|/logout$|/files/")
_LINK = re.compile(r"""<a\b[^>]*\bhref="([^"]+)\"""")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from lms.demo.assemble import DEMO_PASSWORD, build_demo

    database = tmp_path_factory.mktemp("i18n") / "demo.sqlite3"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "VERIFY_RATE_LIMIT": 10_000,
        }
    )
    with app.app_context():
        upgrade()
        build_demo()
        db.session.commit()
        known = known_strings(app)
        db.session.remove()
    yield app, DEMO_PASSWORD, known
    with app.app_context():
        db.engine.dispose()


def _kind(path: str) -> str:
    """Pages of one kind share a shape: digits and the last slug of lesson URLs collapse."""
    shape = re.sub(r"\d+", "N", path)
    if shape.startswith("/learn/") and shape.count("/") >= 4:
        shape = shape.rsplit("/", 1)[0] + "/*"
    return shape


def _crawl(client, language: str, known: set[str]) -> dict[str, set[str]]:
    queue, seen, kinds = deque(["/"]), {"/"}, Counter()
    found: dict[str, set[str]] = {}
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        visited += 1
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        words = english_words(html, known, language)
        if words:
            found[path] = words
        for href in _LINK.findall(html):
            target = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if SKIPPED.search(parts.path) or target in seen:
                continue
            kind = _kind(parts.path)
            if kinds[kind] >= PAGES_PER_KIND:
                continue
            kinds[kind] += 1
            seen.add(target)
            queue.append(target)
    assert visited > 5, "the crawl found almost nothing to read"
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("person", PEOPLE)
def test_every_page_reads_in_the_chosen_language(demo, person, language):
    app, password, known = demo
    client = app.test_client()
    response = client.post(
        "/login",
        data={"username": person, "password": password, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302
    client.post(
        "/language", data={"language": language, "next": "/", "csrf_token": csrf_token(client, "/")}
    )
    found = _crawl(client, language, known)
    report = "\n".join(f"{path}: {sorted(words)}" for path, words in sorted(found.items()))
    assert not found, f"English interface text in {language} for {person}:\n{report}"
