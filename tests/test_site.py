"""Site-wide behaviour: health check, security headers, error pages, CSRF, language choice."""

from support import csrf_token, login


def test_healthz_answers_when_database_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_every_response_carries_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(client, factory):
    factory.user("ayna", "admin")
    login(client, "ayna")
    for path in ("/login", "/", "/admin/users", "/cohorts/"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "onclick" not in html


def test_unknown_page_gets_a_404_page_that_explains(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is no such page" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused_with_400_and_does_not_log_in(client, factory):
    factory.user("maral", "trainee")
    response = client.post(
        "/login", data={"username": "maral", "password": "correct horse battery"}
    )
    assert response.status_code == 400
    assert "expired or was not sent from this site" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still anonymous


def test_post_with_wrong_csrf_token_is_refused(client, factory):
    factory.user("maral", "trainee")
    csrf_token(client)
    response = client.post(
        "/login",
        data={"username": "maral", "password": "correct horse battery", "csrf_token": "forged"},
    )
    assert response.status_code == 400


def test_language_switch_sets_html_lang_and_ignores_unknown_values(client):
    token = csrf_token(client)
    client.post("/language", data={"language": "ru", "csrf_token": token, "next": "/login"})
    assert '<html lang="ru">' in client.get("/login").get_data(as_text=True)
    response = client.post("/language", data={"language": "xx", "csrf_token": token})
    assert response.status_code == 302
    assert '<html lang="ru">' in client.get("/login").get_data(as_text=True)


def test_language_follows_accept_language_when_nothing_chosen(client):
    html = client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="ru">' in html


def test_malformed_accept_language_falls_back_without_error(client):
    response = client.get("/login", headers={"Accept-Language": ";;;q=abc,,=="})
    assert response.status_code == 200


def test_language_switch_redirects_only_within_the_site(client):
    token = csrf_token(client)
    response = client.post(
        "/language", data={"language": "en", "csrf_token": token, "next": "//elsewhere.example/"}
    )
    assert response.location == "/login" or response.location.endswith("/")
    assert "elsewhere" not in response.location


def test_language_switch_is_not_possible_by_get(client):
    assert client.get("/language?language=ru").status_code == 405
