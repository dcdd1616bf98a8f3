"""Logging in and out, throttling, server-side sessions."""

from datetime import timedelta

import pytest
from support import PASSWORD, csrf_token, login, post_form

from lms.core.database import utcnow


def test_demo_style_login_and_logout(client, factory):
    factory.user("trainer1", "trainer", full_name="Merdan Annaýew")
    response = login(client, "trainer1")
    assert response.status_code == 302 and response.location == "/"
    assert "Merdan Annaýew" in client.get("/").get_data(as_text=True)
    response = post_form(client, "/logout", {}, token_from="/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_login_form_fields_are_named_username_and_password(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="username"' in html and 'name="password"' in html


def test_unknown_user_and_wrong_password_get_the_same_message(client, factory):
    factory.user("selbi", "trainee")
    wrong = login(client, "selbi", "wrong password!").get_data(as_text=True)
    unknown = login(client, "nobody-here", "wrong password!").get_data(as_text=True)
    assert "Wrong username or password." in wrong
    assert "Wrong username or password." in unknown


def test_username_is_matched_case_insensitively(client, factory):
    factory.user("Selbi", "trainee")
    assert login(client, "SELBI").location == "/"


def test_disabled_user_cannot_log_in(client, factory, app):
    user = factory.user("kerim", "trainee")
    with app.app_context():
        from lms.accounts.models import User
        from lms.core.extensions import db

        db.session.get(User, user.id).active = False
        db.session.commit()
    assert "Wrong username or password." in login(client, "kerim").get_data(as_text=True)


def test_disabling_a_user_ends_their_sessions_at_once(app, factory):
    admin = factory.user("boss", "admin")
    user = factory.user("kerim", "trainee")
    trainee_client, admin_client = app.test_client(), app.test_client()
    login(trainee_client, "kerim")
    assert trainee_client.get("/").status_code == 200
    login(admin_client, "boss")
    response = post_form(
        admin_client,
        f"/admin/users/{user.id}",
        {"full_name": "Kerim", "roles": ["trainee"], "language": "", "region": "", "email": ""},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert trainee_client.get("/").status_code == 302  # sent to log in again
    assert admin.id != user.id


def test_logout_ends_the_session_on_the_server(client, factory):
    factory.user("ayna", "trainee")
    login(client, "ayna")
    stolen_cookie = client.get_cookie("lms_session").value
    post_form(client, "/logout", {}, token_from="/")
    client.set_cookie("lms_session", stolen_cookie)
    assert client.get("/").status_code == 302


def test_logout_is_a_post(client, factory):
    factory.user("ayna", "trainee")
    login(client, "ayna")
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_password_change_ends_old_sessions_but_keeps_the_current_one(app, factory):
    factory.user("ayna", "trainee")
    phone, laptop = app.test_client(), app.test_client()
    login(phone, "ayna")
    login(laptop, "ayna")
    old_cookie = laptop.get_cookie("lms_session").value
    response = post_form(
        laptop,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "a new long password",
            "confirm": "a new long password",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302
    laptop.set_cookie("lms_session", old_cookie)
    assert laptop.get("/").status_code == 302
    fresh = app.test_client()
    assert login(fresh, "ayna", "a new long password").location == "/"


def test_password_change_needs_the_current_password(client, factory):
    factory.user("ayna", "trainee")
    login(client, "ayna")
    html = post_form(
        client,
        "/account/password",
        {
            "current_password": "not it at all",
            "new_password": "a new long password",
            "confirm": "a new long password",
        },
    ).get_data(as_text=True)
    assert "current password is not correct" in html


def test_short_new_password_is_refused(client, factory):
    factory.user("ayna", "trainee")
    login(client, "ayna")
    response = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "short", "confirm": "short"},
    )
    assert response.status_code == 200
    assert "at least 8" in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["username", "password"])
def test_over_long_login_fields_get_a_validation_error_not_500(client, field):
    data = {"username": "someone", "password": "whatever-pass"}
    data[field] = "x" * 5000
    token = csrf_token(client)
    response = client.post("/login", data={**data, "csrf_token": token})
    assert response.status_code == 200
    assert "Field cannot be longer" in response.get_data(as_text=True)


def test_five_failures_lock_the_username_for_fifteen_minutes(client, factory, app):
    factory.user("gozel", "trainee")
    for _ in range(5):
        assert "Wrong username or password." in login(client, "gozel", "bad password").get_data(
            as_text=True
        )
    html = login(client, "gozel").get_data(as_text=True)  # right password, still refused
    assert "Too many failed attempts" in html
    assert client.get("/").status_code == 302


def test_lockout_applies_to_unknown_usernames_too(client):
    for _ in range(5):
        login(client, "ghost", "bad password")
    assert "Too many failed attempts" in login(client, "ghost", "bad password").get_data(
        as_text=True
    )


def test_lockout_lifts_after_fifteen_minutes(app, factory):
    from lms.accounts.auth import LoginRefused, LoginThrottled, authenticate

    factory.user("gozel", "trainee")
    start = utcnow()
    with app.app_context():
        for minute in range(5):
            with pytest.raises(LoginRefused):
                authenticate("gozel", "bad password", now=start + timedelta(minutes=minute))
        with pytest.raises(LoginThrottled):
            authenticate("gozel", PASSWORD, now=start + timedelta(minutes=18))
        user = authenticate("gozel", PASSWORD, now=start + timedelta(minutes=19, seconds=1))
        assert user.username == "gozel"


def test_failures_spread_over_more_than_the_window_do_not_lock(app, factory):
    from lms.accounts.auth import LoginRefused, authenticate

    factory.user("gozel", "trainee")
    start = utcnow()
    with app.app_context():
        for minute in (0, 4, 8, 12, 16):
            with pytest.raises(LoginRefused):
                authenticate("gozel", "bad password", now=start + timedelta(minutes=minute))
        assert (
            authenticate("gozel", PASSWORD, now=start + timedelta(minutes=17)).username == "gozel"
        )


def test_next_redirect_stays_on_this_site(client, factory):
    factory.user("ayna", "trainee")
    token = csrf_token(client)
    response = client.post(
        "/login?next=//elsewhere.example/steal",
        data={"username": "ayna", "password": PASSWORD, "csrf_token": token},
    )
    assert response.location == "/"


def test_next_redirect_to_a_local_page_is_followed(client, factory):
    factory.user("ayna", "trainee")
    token = csrf_token(client)
    response = client.post(
        "/login?next=/account/password",
        data={"username": "ayna", "password": PASSWORD, "csrf_token": token},
    )
    assert response.location == "/account/password"


def test_session_cookie_is_httponly_and_samesite_lax(client, factory):
    factory.user("ayna", "trainee")
    login(client, "ayna")
    cookie = client.get_cookie("lms_session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_production_settings_make_the_cookie_secure_and_require_a_secret(tmp_path):
    from lms.core.config import ConfigError, load_settings

    settings = load_settings(tmp_path, {"LMS_ENV": "production", "LMS_SECRET_KEY": "x" * 40})
    assert settings["SESSION_COOKIE_SECURE"] is True
    with pytest.raises(ConfigError):
        load_settings(tmp_path, {"LMS_ENV": "production"})


def test_development_secret_is_generated_once_into_the_instance_folder(tmp_path):
    from lms.core.config import load_settings

    first = load_settings(tmp_path, {})["SECRET_KEY"]
    assert first == load_settings(tmp_path, {})["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_postgres_urls_use_psycopg_3(tmp_path):
    from lms.core.config import load_settings

    settings = load_settings(
        tmp_path, {"LMS_DATABASE_URL": "postgresql://u@h/db", "LMS_SECRET_KEY": "k"}
    )
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_locked_until_is_computed_from_the_fifth_failure_in_the_window():
    from lms.accounts.auth import ThrottlePolicy, locked_until

    policy = ThrottlePolicy(5, timedelta(minutes=15), timedelta(minutes=15))
    t0 = utcnow()
    failures = [t0 + timedelta(minutes=m) for m in (0, 1, 2, 3, 10)]
    assert locked_until(failures, policy) == t0 + timedelta(minutes=25)
    assert locked_until(failures[:4], policy) is None


def test_the_owner_gets_in_from_a_known_device_while_the_username_is_locked(app, factory):
    factory.user("gozel", "trainee")
    owner, attacker = app.test_client(), app.test_client()
    assert login(owner, "gozel").status_code == 302  # the owner's phone is now a known device
    post_form(owner, "/logout", {}, token_from="/")
    for _ in range(5):
        login(attacker, "gozel", "bad password")
    assert "Too many failed attempts" in login(attacker, "gozel").get_data(as_text=True)
    response = login(owner, "gozel")
    assert response.status_code == 302 and owner.get("/").status_code == 200


def test_a_device_known_for_another_username_does_not_open_a_locked_one(app, factory):
    factory.user("gozel", "trainee")
    factory.user("merdan", "trainee")
    client = app.test_client()
    assert login(client, "merdan").status_code == 302
    post_form(client, "/logout", {}, token_from="/")
    for _ in range(5):
        login(client, "gozel", "bad password")
    assert "Too many failed attempts" in login(client, "gozel").get_data(as_text=True)


def test_one_address_trying_many_usernames_is_slowed(app, factory, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "5 per minute")
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "198.51.100.23"  # its own bucket, apart from other tests
    codes = [login(client, f"user{n}", "bad password").status_code for n in range(7)]
    assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.24"
    assert login(other, "user1", "bad password").status_code == 200


def test_the_per_client_limits_are_stored_where_the_settings_say(tmp_path):
    from lms.core.config import load_settings

    assert load_settings(tmp_path, {})["RATELIMIT_STORAGE_URI"] == "memory://"
    production = {"LMS_RATELIMIT_STORAGE_URL": "redis://cache:6379/1", "LMS_SECRET_KEY": "k"}
    assert load_settings(tmp_path, production)["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/1"


def test_the_known_device_cookie_goes_to_the_login_page_only(app, factory):
    """It names the usernames logged in from the phone: not sent with every page and file."""
    factory.user("gozel", "trainee")
    client = app.test_client()
    assert login(client, "gozel").status_code == 302
    assert client.get_cookie("lms_device", path="/login") is not None
    assert client.get_cookie("lms_device", path="/") is None
    # and the login form still reads it: the owner of a locked username gets in from here
    post_form(client, "/logout", {}, token_from="/")
    for _ in range(5):
        login(app.test_client(), "gozel", "bad password")
    assert login(client, "gozel").status_code == 302


def test_a_whole_site_device_cookie_of_an_older_release_is_replaced(app, factory):
    factory.user("gozel", "trainee")
    client = app.test_client()
    with app.test_request_context():
        from lms.accounts.devices import _serializer

        old = _serializer().dumps(["gozel"])
    client.set_cookie("lms_device", old, path="/")
    response = login(client, "gozel")
    assert response.status_code == 302
    assert client.get_cookie("lms_device", path="/") is None
    assert client.get_cookie("lms_device", path="/login") is not None
