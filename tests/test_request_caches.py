"""What the per-process shortcuts behind fast pages must never change: cached parts of lesson
pages follow the language, the content and the reader; a session cookie still expires and
each request has its own session; a CSRF token belongs to its session alone; and the session's
user is an ordinary persistent ``User``. (Verified session cookies and signed CSRF tokens were
kept per process until 2026-12-06; these tests stay to show the behaviour did not change.)"""

from content_tree import use_content, write_content
from support import csrf_token, login, shown_in

from lms.core.extensions import db
from lms.courses.content import _EXTENSION_KEY as CONTENT

LESSON = "/learn/foundational/what-is-social-work/defining-social-work"


def _enrolled(factory, *usernames):
    trainees = [factory.user(name, "trainee") for name in usernames]
    factory.cohort("FND-CACHE", trainees=trainees)
    return trainees


def _switch_language(client, language: str, page: str = "/") -> None:
    token = csrf_token(client, page)
    client.post("/language", data={"language": language, "next": page, "csrf_token": token})


def test_cached_lesson_parts_follow_the_language(client, factory, app):
    _enrolled(factory, "aygul")
    login(client, "aygul")
    draft = "Draft translation, awaiting review by a native speaker."
    pages = []
    for language in ("en", "tk", "en", "tk"):
        _switch_language(client, language)
        pages.append((language, client.get(LESSON).get_data(as_text=True)))
    for language, html in pages:
        assert f'<html lang="{language}">' in html
        assert f'<article class="prose lesson" lang="{language}">' in html
        assert (shown_in(app, "tk", draft) in html) == (language == "tk")
        assert (shown_in(app, "tk", "About %(minutes)d minutes") % {"minutes": 25} in html) == (
            language == "tk"
        )


def test_cached_lesson_parts_keep_each_readers_own_state(app, factory):
    _enrolled(factory, "aygul", "merjen")
    reader, other = app.test_client(), app.test_client()
    login(reader, "aygul")
    login(other, "merjen")
    other.get(LESSON)  # the lesson's parts are cached before anyone marks it done
    reader.post(LESSON + "/done", data={"csrf_token": csrf_token(reader, LESSON)})
    assert "You have marked this lesson as done." in reader.get(LESSON).get_data(as_text=True)
    other_page = other.get(LESSON).get_data(as_text=True)
    assert "You have marked this lesson as done." not in other_page
    assert "(merjen)" in other_page and "(aygul)" not in other_page


def test_cached_lesson_parts_follow_content_loaded_anew(app, factory, tmp_path):
    root = write_content(tmp_path / "content")
    restore = use_content(app, root)
    try:
        factory.user("staff", "trainer")
        client = app.test_client()
        login(client, "staff")
        first = client.get("/learn/basics/intro/hello").get_data(as_text=True)
        assert "intro 2 →" in first and "Some text." in first
        lesson, neighbour = (
            root / "basics/01-intro/01-hello.md",
            root / "basics/01-intro/02-more.md",
        )
        lesson.write_text(lesson.read_text().replace("Some text.", "Edited text."))
        neighbour.write_text(neighbour.read_text().replace("title: intro 2", "title: Renamed"))
        app.extensions.pop(CONTENT)  # what a restart does after publishing
        again = client.get("/learn/basics/intro/hello").get_data(as_text=True)
        assert "Edited text." in again and "Some text." not in again
        assert "Renamed →" in again and "intro 2 →" not in again
    finally:
        restore()


def test_pages_after_login_do_not_send_the_session_cookie_again(client, factory):
    _enrolled(factory, "aygul")
    assert login(client, "aygul").status_code == 302
    for path in ("/", "/learn/", LESSON):
        response = client.get(path)
        assert response.status_code == 200 and "csrf_token" in response.get_data(as_text=True)
        assert "Set-Cookie" not in response.headers, path


def test_a_session_cookie_still_expires(client, factory, app, monkeypatch):
    from itsdangerous import TimestampSigner

    factory.user("aygul", "trainee")
    lifetime = int(app.permanent_session_lifetime.total_seconds())
    signed_at = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda s: signed_at(s) - lifetime - 5)
    login(client, "aygul")  # a cookie signed longer ago than the session's lifetime
    monkeypatch.undo()
    assert client.get("/").status_code == 302  # to the login page


def test_a_changed_session_cookie_is_checked_in_full(client, factory):
    factory.user("aygul", "trainee")
    login(client, "aygul")
    cookie = client.get_cookie("lms_session").value
    assert client.get("/").status_code == 200
    client.set_cookie("lms_session", cookie[:-2] + ("AA" if cookie[-2:] != "AA" else "BB"))
    assert client.get("/").status_code == 302


def test_each_request_has_its_own_session(app):
    """A request that changes its session (here: the language) leaves the old cookie meaning
    what it meant."""
    client = app.test_client()
    client.get("/login")
    old = client.get_cookie("lms_session").value
    assert client.get("/login").status_code == 200
    _switch_language(client, "tk", "/login")
    assert '<html lang="tk">' in client.get("/login").get_data(as_text=True)
    client.set_cookie("lms_session", old)
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)


def test_a_csrf_token_belongs_to_its_session(app, factory):
    factory.user("aygul", "trainee")
    factory.user("merjen", "trainee")
    first, second = app.test_client(), app.test_client()
    login(first, "aygul")
    login(second, "merjen")
    token = csrf_token(first, "/")
    assert csrf_token(second, "/") != token
    refused = second.post("/language", data={"language": "tk", "next": "/", "csrf_token": token})
    assert refused.status_code == 400
    accepted = first.post("/language", data={"language": "tk", "next": "/", "csrf_token": token})
    assert accepted.status_code == 302


def test_tokens_are_signed_afresh_when_they_expire(app, factory, monkeypatch):
    factory.user("aygul", "trainee")
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", 3600)
    client = app.test_client()
    login(client, "aygul")
    token = csrf_token(client, "/")
    response = client.post("/language", data={"language": "tk", "next": "/", "csrf_token": token})
    assert response.status_code == 302


def test_the_session_user_is_an_ordinary_persistent_user(app, client, factory):
    from flask import session

    from lms.accounts.auth import load_session_user
    from lms.accounts.models import User

    person = factory.user("aygul", "trainee", "trainer", region="AH")
    login(client, "aygul")
    cookie = client.get_cookie("lms_session").value
    with app.test_request_context(headers={"Cookie": f"lms_session={cookie}"}):
        token = session["_user_id"]
        db.session.expunge_all()
        user = load_session_user(token)
        assert user in db.session and user.id == person.id
        assert user.roles == {"trainee", "trainer"} and user.region.code == "AH"
        assert load_session_user(token) is user  # as a query: the session's own instance
        user.full_name = "Aýgül Saved"
        db.session.commit()
        db.session.expunge_all()
        assert db.session.get(User, person.id).full_name == "Aýgül Saved"
        assert load_session_user("not a token") is None
