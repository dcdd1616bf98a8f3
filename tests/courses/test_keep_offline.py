"""Keeping a module for offline reading: the manifest a phone stores, and the quiz's questions
without answer keys (``lms.courses.keep``, ``lms.quizzes.offline``)."""

from __future__ import annotations

from content_tree import use_content, write_content
from support import login

from lms.courses.content import catalogue

MODULE = "/learn/foundational/what-is-social-work"
LOCKED = "/learn/foundational/ethics"


def _trainee(factory, username="keeper", language=None):
    trainee = factory.user(username, "trainee")
    factory.cohort(f"C-{username}", programme="foundational", trainees=[trainee])
    return trainee


def _manifest(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def test_a_module_manifest_lists_every_page_its_files_and_the_statics(client, factory):
    _trainee(factory)
    login(client, "keeper")
    manifest = _manifest(client, f"{MODULE}/offline.json?lang=en")
    urls = manifest["urls"]
    assert manifest["programme"] == "foundational" and manifest["module"] == "what-is-social-work"
    assert manifest["title"] == "What is social work?" or manifest["title"]
    assert urls[:2] == ["/learn/foundational/", f"{MODULE}/"]
    assert f"{MODULE}/defining-social-work" in urls and f"{MODULE}/roles-and-settings" in urls
    assert f"{MODULE}/quiz" in urls and f"{MODULE}/quiz/questions.json" in urls
    assert any(u.startswith("/static/css/app.css?v=") for u in urls)
    assert any(u.startswith("/static/js/keep.js?v=") for u in urls)
    assert len(urls) == len(set(urls))
    assert len(manifest["version"]) == 16
    # Every address answers, so the phone can store them all; the size is of the right order.
    fetched = 0
    for url in urls:
        with client.get(url) as response:
            assert response.status_code == 200, url
            fetched += len(response.get_data())
    assert 0 < manifest["bytes"] <= fetched


def test_the_manifest_follows_the_readers_language(client, factory):
    _trainee(factory)
    login(client, "keeper")
    seen = {
        lang: _manifest(client, f"{MODULE}/offline.json?lang={lang}") for lang in ("en", "ru", "tk")
    }
    assert len({m["version"] for m in seen.values()}) == 3
    assert len({m["title"] for m in seen.values()}) == 3
    assert {m["language"] for m in seen.values()} == {"en", "ru", "tk"}
    assert seen["ru"]["urls"] == seen["en"]["urls"]  # the same pages, rendered in the language
    # Without ?lang= (or with an unknown one): the reader's current language.
    assert _manifest(client, f"{MODULE}/offline.json")["version"] == seen["en"]["version"]
    assert _manifest(client, f"{MODULE}/offline.json?lang=xx")["language"] == "en"


def test_a_lesson_missing_in_a_language_is_kept_as_the_page_shows_it(
    client, factory, app, tmp_path
):
    root = write_content(tmp_path / "content")
    factory.user("author", "trainer")
    restore = use_content(app, root)
    try:
        login(client, "author")
        english = _manifest(client, "/learn/basics/intro/offline.json?lang=en")
        russian = _manifest(client, "/learn/basics/intro/offline.json?lang=ru")
        # The tree has no Russian lessons: the same texts, in another language's page.
        assert russian["urls"] == english["urls"]
        assert russian["bytes"] == english["bytes"]
        assert russian["version"] != english["version"]
    finally:
        restore()


def test_only_readers_of_the_programme_get_a_manifest(client, factory, app):
    _trainee(factory)
    anonymous = app.test_client()
    response = anonymous.get(f"{MODULE}/offline.json")
    assert response.status_code == 302 and "/login" in response.location
    factory.user("outsider", "trainee")
    login(client, "outsider")
    for url in (
        f"{MODULE}/offline.json",
        "/learn/foundational/offline.json",
        f"{MODULE}/quiz/questions.json",
        "/learn/nope/offline.json",
        "/learn/foundational/nope/offline.json",
    ):
        assert client.get(url).status_code == 404, url


def test_a_module_not_open_yet_cannot_be_kept(client, factory):
    _trainee(factory)
    login(client, "keeper")
    for url in (f"{LOCKED}/offline.json", f"{LOCKED}/quiz/questions.json"):
        response = client.get(url)
        assert response.status_code == 409, url
        assert response.mimetype == "application/problem+json"
        assert "not open yet" in response.get_json()["title"]
    programme = _manifest(client, "/learn/foundational/offline.json")
    kept = [m["module"] for m in programme["modules"]]
    assert "what-is-social-work" in kept and "ethics" not in kept
    assert programme["bytes"] == sum(m["bytes"] for m in programme["modules"])


def test_staff_may_keep_every_module_of_a_programme(client, factory):
    factory.user("trainer-keeper", "trainer")
    login(client, "trainer-keeper")
    programme = _manifest(client, "/learn/foundational/offline.json?lang=tk")
    with client.application.app_context():
        modules = catalogue().programme("foundational").modules
    assert [m["module"] for m in programme["modules"]] == [m.slug for m in modules]
    assert {m["language"] for m in programme["modules"]} == {"tk"}
    assert _manifest(client, f"{LOCKED}/offline.json")["module"] == "ethics"


def test_the_version_changes_when_the_content_changes(client, factory, app, tmp_path):
    root = write_content(tmp_path / "content")
    factory.user("author", "trainer")
    url = "/learn/basics/intro/offline.json?lang=en"
    versions = []

    def read():
        restore = use_content(app, root)  # a restart: the content is read anew
        try:
            versions.append(_manifest(client, url))
        finally:
            restore()

    login(client, "author")
    read()
    read()
    assert versions[1]["version"] == versions[0]["version"]  # nothing changed, same version
    lesson = root / "basics/01-intro/02-more.md"
    lesson.write_text(lesson.read_text() + "\nA new paragraph.\n", encoding="utf-8")
    read()
    assert versions[2]["version"] != versions[1]["version"]
    (root / "basics/01-intro/diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 5000)
    read()
    assert versions[3]["version"] != versions[2]["version"]
    assert "/learn/basics/intro/files/diagram.png" in versions[3]["urls"]
    assert versions[3]["bytes"] >= versions[2]["bytes"] + 5008
    quiz = root / "basics/01-intro/quiz.gift"
    quiz.write_text(quiz.read_text().replace("important", "useful"), encoding="utf-8")
    read()
    assert versions[4]["version"] != versions[3]["version"]
