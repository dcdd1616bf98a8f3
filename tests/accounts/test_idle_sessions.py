"""Sessions end after a time without activity: two hours for staff, a week for trainees."""

from __future__ import annotations

import time

from support import login


def _idle_for(client, seconds: int) -> None:
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - seconds


def test_a_trainer_idle_for_more_than_two_hours_is_logged_out(client, factory):
    factory.user("merdan", "trainer")
    login(client, "merdan")
    _idle_for(client, 2 * 3600 - 60)
    assert client.get("/learn/").status_code == 200
    _idle_for(client, 2 * 3600 + 60)
    response = client.get("/learn/")
    assert response.status_code == 302 and "/login" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "without activity" in page
    assert client.get("/learn/").status_code == 302  # the session is gone, not just this request


def test_a_trainee_keeps_a_session_for_days_but_not_past_a_week(client, factory):
    factory.user("aygul", "trainee")
    login(client, "aygul")
    _idle_for(client, 6 * 86400)
    assert client.get("/learn/").status_code == 200
    _idle_for(client, 8 * 86400)
    assert client.get("/learn/").status_code == 302


def test_activity_keeps_the_session_alive(client, factory):
    factory.user("merdan", "trainer")
    login(client, "merdan")
    _idle_for(client, 3600)
    client.get("/learn/")  # refreshes the clock
    with client.session_transaction() as session:
        assert time.time() - session["seen"] < 5


def test_a_trainees_cookie_outlives_the_browser_and_a_trainers_does_not(client, factory):
    from support import csrf_token

    factory.user("aygul", "trainee")
    factory.user("merdan", "trainer")
    for username, persistent in (("aygul", True), ("merdan", False)):
        response = login(client, username)
        assert response.status_code == 302
        [cookie] = [c for c in response.headers.getlist("Set-Cookie") if "lms_session=" in c]
        assert ("Expires=" in cookie) is persistent, cookie
        client.post("/logout", data={"csrf_token": csrf_token(client, "/learn/")})


def _sets_cookie(response) -> bool:
    return any("lms_session=" in c for c in response.headers.getlist("Set-Cookie"))


def test_the_cookie_is_sent_again_only_when_the_clock_moves_on(client, factory):
    """A twentieth of the idle limit: six minutes for staff, about eight hours for a trainee;
    pages in between carry no Set-Cookie (450 bytes on a slow link)."""
    factory.user("aygul", "trainee")
    factory.user("merdan", "trainer")
    for username, quiet_s, moved_s in (("aygul", 7 * 3600, 9 * 3600), ("merdan", 300, 420)):
        client = client.application.test_client()  # a browser of this person's own
        login(client, username)
        _idle_for(client, quiet_s)
        assert not _sets_cookie(client.get("/learn/")), username
        with client.session_transaction() as session:
            assert time.time() - session["seen"] >= quiet_s - 5  # the clock did not move
        _idle_for(client, moved_s)
        assert _sets_cookie(client.get("/learn/")), username
        with client.session_transaction() as session:
            assert time.time() - session["seen"] < 5
