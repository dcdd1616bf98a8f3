"""Every refusal under /api/ is problem+json with a stable code; paging, ETags and parameters
follow the conventions of docs/api.md."""

from __future__ import annotations

import pytest
from api.world import bearer, make_token
from support import login
from werkzeug.exceptions import RequestEntityTooLarge, TooManyRequests

from lms.api.errors import DETAILS, PROBLEMS, handle_http_error

LIST = "/api/v1/programmes"
LESSON = "/api/v1/programmes/foundational/modules/what-is-social-work/lessons/defining-social-work"


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["code"] == code
    assert body["type"] == f"/api/v1/problems/{code}"
    assert body["title"] and body["detail"]
    return body


@pytest.fixture
def admin(factory, app):
    return bearer(make_token(app, factory.user("boss", "admin")))


def test_unknown_address_and_wrong_method_are_problems(client, admin):
    assert_problem(client.get("/api/v1/nothing-here", headers=admin), 404, "not_found")
    response = client.delete(LIST, headers=admin)
    assert_problem(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_pages_keep_their_html_error_pages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"


@pytest.mark.parametrize(
    "query, field",
    [
        ("limit=101", "query.limit"),
        ("limit=0", "query.limit"),
        ("offset=-1", "query.offset"),
        ("limit=ten", "query.limit"),
        ("colour=blue", "query.colour"),
    ],
)
def test_bad_paging_and_unknown_parameters_are_refused(client, admin, query, field):
    body = assert_problem(client.get(f"{LIST}?{query}", headers=admin), 422, "validation_failed")
    assert field in body["errors"]


def test_a_page_says_its_total_and_links_the_next(client, admin):
    response = client.get(f"{LIST}?limit=1", headers=admin)
    body = response.get_json()
    assert body["total"] == 3 and len(body["items"]) == 1 and body["limit"] == 1
    assert body["next"].endswith("offset=1") and "limit=1" in body["next"]
    assert response.headers["Link"] == f'<{body["next"]}>; rel="next"'
    last = client.get(f"{LIST}?limit=1&offset=2", headers=admin).get_json()
    assert last["next"] is None and last["items"][0]["code"] == "tot"
    assert [p["code"] for p in client.get(LIST, headers=admin).get_json()["items"]] == [
        "foundational",
        "advanced",
        "tot",
    ]


def test_reads_carry_an_etag_and_answer_304_when_unchanged(client, admin):
    first = client.get(LESSON, headers=admin)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(LESSON, headers={**admin, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()
    other = client.get(
        LESSON + "?lang=ru", headers={**admin, "If-None-Match": first.headers["ETag"]}
    )
    assert other.status_code == 200


def test_a_lesson_gives_its_language_versions_and_the_asked_text(client, admin):
    body = client.get(LESSON + "?lang=ru", headers=admin).get_json()
    assert {v["language"] for v in body["versions"]} >= {"en"}
    assert body["language"] in body["languages"] and body["html"].strip()
    assert_problem(client.get(LESSON + "?lang=de", headers=admin), 422, "validation_failed")


@pytest.mark.parametrize(
    "header, code",
    [
        ("Bearer", "token_malformed"),
        ("Basic dXNlcjpwYXNz", "token_malformed"),
        ("Bearer not-a-token", "token_malformed"),
        ("Bearer lms_pat_" + "x" * 43, "token_unknown"),
    ],
)
def test_bad_authorization_headers_get_distinct_codes(client, header, code):
    response = client.get(LIST, headers={"Authorization": header})
    assert_problem(response, 401, code)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_every_refused_login_says_what_to_do_beyond_its_title():
    # A script's author reads "detail" for the next step; a repeated title would not give one.
    for code, (status, title) in PROBLEMS.items():
        if status == 401:
            assert code in DETAILS and str(DETAILS[code]) != str(title), code


def test_anonymous_calls_need_authentication(client):
    assert_problem(client.get(LIST), 401, "authentication_required")


def test_a_session_cookie_reads_the_api(client, factory):
    factory.user("reader", "trainer")
    login(client, "reader")
    assert client.get(LIST).status_code == 200


def test_a_token_never_opens_an_html_page(client, app, factory):
    secret = make_token(app, factory.user("scripted", "admin"))
    response = client.get("/admin/users", headers=bearer(secret))
    assert response.status_code == 302 and "/login" in response.location


def test_a_token_without_the_scope_is_refused(client, app, factory):
    secret = make_token(app, factory.user("narrow", "admin"), scopes=["practice:read"])
    body = assert_problem(client.get(LIST, headers=bearer(secret)), 403, "scope_missing")
    assert body["scope"] == "content:read"


@pytest.mark.parametrize(
    "error, status, code",
    [(RequestEntityTooLarge(), 413, "payload_too_large"), (TooManyRequests(), 429, "rate_limited")],
)
def test_refusals_raised_anywhere_become_problems(app, error, status, code):
    with app.test_request_context("/api/v1/programmes"):
        assert_problem(handle_http_error(error), status, code)


def test_every_problem_code_has_a_title_and_its_status():
    for code, (status, title) in PROBLEMS.items():
        assert 400 <= status <= 599 and str(title), code


def test_refused_tokens_are_rate_limited_per_address(app, client, admin, monkeypatch):
    from lms.core.extensions import limiter

    monkeypatch.setitem(app.config, "API_TOKEN_FAILURE_LIMIT", "3 per minute")
    limiter.reset()
    forged = {"Authorization": "Bearer lms_pat_" + "y" * 43}
    try:
        assert client.get(LIST, headers=admin).status_code == 200  # good calls are not counted
        statuses = [client.get(LIST, headers=forged).status_code for _ in range(3)]
        assert statuses == [401, 401, 401]
        assert_problem(client.get(LIST, headers=forged), 429, "rate_limited")
        assert_problem(client.get(LIST, headers=admin), 429, "rate_limited")
    finally:
        limiter.reset()


def test_a_trainer_lists_only_their_cohorts_filtered_by_start_and_region(client, factory, app):
    from api.world import api_world

    world = api_world(factory)
    trainer = bearer(world["tokens"]["trainer"])
    admin = bearer(world["tokens"]["admin"])
    codes = [c["code"] for c in client.get("/api/v1/cohorts", headers=trainer).get_json()["items"]]
    assert codes == ["FND-M"]
    every = client.get("/api/v1/cohorts", headers=admin).get_json()
    assert {"FND-M", "ADV-O"} <= {c["code"] for c in every["items"]}
    later = client.get("/api/v1/cohorts?starts_from=2027-01-01", headers=admin).get_json()
    assert later["items"] == []
    backwards = client.get(
        "/api/v1/cohorts?starts_from=2027-01-01&starts_to=2026-01-01", headers=admin
    )
    assert_problem(backwards, 422, "validation_failed")
    assert_problem(
        client.get("/api/v1/cohorts?region=NOWHERE", headers=admin), 422, "validation_failed"
    )


def test_progress_shows_the_lessons_a_trainee_read(client, factory, app):
    from api.world import api_world

    world = api_world(factory)
    own = bearer(world["tokens"]["trainee"])
    lesson = "/learn/foundational/what-is-social-work/defining-social-work"
    login(client, "trainee")
    from support import post_form

    post_form(client, lesson + "/done", {}, token_from=lesson)
    client.post("/logout", data={})
    body = client.get(f"/api/v1/trainees/{world['ids']['trainee_id']}/progress", headers=own)
    (programme,) = body.get_json()["programmes"]
    assert programme["programme"] == "foundational" and programme["done"] == 1
    assert programme["modules"][0]["lessons_done"] == ["defining-social-work"]
