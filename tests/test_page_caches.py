"""What the per-process caches behind fast pages (issue #9) must never change: the menu each role
sees in each language, template translations, and Markdown rendered from a reused converter;
and each cached fragment is whole elements, the same page with the cache switched off."""

import re
from html.parser import HTMLParser

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import render_template_string
from flask_babel import force_locale
from support import login

from lms import create_app
from lms.core import navigation
from lms.core.extensions import babel
from lms.core.markdown import render_markdown


def test_the_cached_menu_follows_each_persons_roles(app, factory):
    factory.user("aygul", "trainee")
    factory.user("merdan", "trainer")
    factory.user("gozel", "admin")
    pages = {}
    for username in ("aygul", "merdan", "gozel", "aygul"):
        client = app.test_client()
        login(client, username)
        pages.setdefault(username, []).append(client.get("/").get_data(as_text=True))
    assert "/certificates/mine" in pages["aygul"][0] and "/practice/queue" not in pages["aygul"][0]
    assert "/practice/queue" in pages["merdan"][0] and "/admin/users" not in pages["merdan"][0]
    assert "/admin/users" in pages["gozel"][0] and "/certificates/mine" not in pages["gozel"][0]
    assert "(aygul)" in pages["aygul"][1] and "(merdan)" not in pages["aygul"][1]


def test_the_cached_menu_follows_a_role_change(app, factory):
    from lms.accounts.users import set_roles
    from lms.core.extensions import db

    admin = factory.user("gozel", "admin")
    person = factory.user("aygul", "trainee")
    client = app.test_client()
    login(client, "aygul")
    assert "/practice/queue" not in client.get("/").get_data(as_text=True)
    with app.app_context():
        set_roles(db.session.merge(person), ["trainee", "trainer"], actor_id=admin.id)
        db.session.commit()
    assert "/practice/queue" in client.get("/").get_data(as_text=True)


def _app_with_turkmen(tmp_path):
    catalog = Catalog(locale="tk")
    catalog.add("Home", "Baş sahypa")
    catalog.add("About %(minutes)d minutes", "Takmynan %(minutes)d minut")
    catalog.add("Done: 100%%", "Boldy: 100%%")
    folder = tmp_path / "tk" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as out:
        write_mo(out, catalog)
    return create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path)}
    )


def test_template_translations_follow_the_locale_and_escape_variables(tmp_path):
    source = (
        '{{ _("Home") }}|{{ _("About %(minutes)d minutes", minutes=5) }}|{{ _("Done: 100%%") }}'
    )
    app = _app_with_turkmen(tmp_path)
    seen = []
    shared = babel.domain_instance.cache  # Flask-Babel keeps catalogues per process, not per app
    shared.clear()
    try:
        with app.test_request_context():
            for language in ("tk", "en", "tk"):
                with force_locale(language):
                    seen.append(render_template_string(source))
            with force_locale("en"):
                escaped = render_template_string('{{ _("Hello %(name)s", name="<b>") }}')
    finally:
        shared.clear()  # the other tests' apps read the real catalogues again
    assert seen == [
        "Baş sahypa|Takmynan 5 minut|Boldy: 100%",
        "Home|About 5 minutes|Done: 100%",
        "Baş sahypa|Takmynan 5 minut|Boldy: 100%",
    ]
    assert escaped == "Hello &lt;b&gt;"


def test_markdown_from_a_reused_converter_matches_a_fresh_one():
    first = "# Title\n\nSome *text* with [a link](https://example.org).\n\n# Title"
    second = "- one\n- two\n\n<script>alert(1)</script>"
    outputs = [str(render_markdown(text)) for text in (first, second, first)]
    assert outputs[0] == outputs[2]
    assert outputs[0].count('id="title"') == 1 and 'id="title_1"' in outputs[0]
    assert "<script>" not in outputs[1] and "<li>one</li>" in outputs[1]
    assert str(render_markdown(first + "\n\nmore")).count('id="title_1"') == 1


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID_ELEMENTS |= {"source", "track", "wbr"}


class _Nesting(HTMLParser):
    """Whether every element opened is closed, in order, within the text fed."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.mismatched: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open.pop() != tag:
            self.mismatched.append(tag)


def _unbalanced(html: str) -> list[str]:
    parser = _Nesting()
    parser.feed(html)
    parser.close()
    return parser.open + parser.mismatched


LESSON = "/learn/foundational/what-is-social-work/defining-social-work"
_TOKEN = re.compile(r'value="[^"]{40,}"')  # CSRF tokens: signed afresh on every page


def _people(factory) -> None:
    trainee = factory.user("aygul", "trainee")
    factory.user("gozel", "admin")
    factory.cohort("FND-FRAG", trainees=[trainee])


def _pages_of_each_kind(app) -> dict[str, str]:
    pages = {"login": app.test_client().get("/login").get_data(as_text=True)}
    for username in ("aygul", "gozel"):
        client = app.test_client()
        login(client, username)
        for path in ("/", "/learn/", LESSON):
            pages[username + path] = client.get(path).get_data(as_text=True)
    return {name: _TOKEN.sub('value="token"', html) for name, html in pages.items()}


def test_every_cached_fragment_is_whole_elements(app, factory):
    _people(factory)
    _pages_of_each_kind(app)
    fragments = app.extensions[navigation._EXTENSION_KEY]
    names = {key[0] for key in fragments}
    assert {"navigation", "base.html:brand", "base.html:footer", "lesson.html:article"} <= names
    for key, html in fragments.items():
        assert _unbalanced(html) == [], key


def test_pages_are_the_same_with_the_fragment_cache_off(app, factory, monkeypatch):
    _people(factory)
    cached = _pages_of_each_kind(app)
    monkeypatch.setitem(app.extensions, navigation._EXTENSION_KEY, None)  # CACHE_FRAGMENTS off
    assert _pages_of_each_kind(app) == cached
