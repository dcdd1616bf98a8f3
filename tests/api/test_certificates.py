"""The certificates operations: one's own, a trainer's cohorts' trainees', admins' all; the
public verification of a code, with the same limit as /verify/<code>."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from api.test_errors import assert_problem
from api.world import api_world, bearer
from api.world_records import certify

from lms.accounts.models import Region, User
from lms.core.extensions import db

LIST = "/api/v1/certificates"


@pytest.fixture
def world(factory):
    return api_world(factory)


def call(client, world, role: str, url: str, **headers):
    return client.get(url.format(**world["ids"]), headers=bearer(world["tokens"][role]) | headers)


def codes(response) -> set[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return {c["code"] for c in response.get_json()["items"]}


def test_a_trainee_lists_only_their_own(client, world):
    assert codes(call(client, world, "trainee", LIST)) == {world["ids"]["certificate_code"]}


def test_a_trainer_lists_their_cohorts_trainees_and_their_own(client, world):
    found = codes(call(client, world, "trainer", LIST))
    assert world["ids"]["certificate_code"] in found and len(found) == 2  # and their ToT one
    assert world["ids"]["certificate_code"] not in codes(call(client, world, "other_trainer", LIST))
    assert len(codes(call(client, world, "admin", LIST))) == 3


@pytest.mark.parametrize("role", ["other_trainee", "other_trainer", "coordinator"])
def test_another_persons_certificate_is_not_found(client, world, role):
    response = call(client, world, role, LIST + "/{certificate_id}")
    assert_problem(response, 404, "not_found")


def test_a_certificate_says_its_status_and_links(client, world):
    body = call(client, world, "trainer", LIST + "/{certificate_id}").get_json()
    assert body["code"] == world["ids"]["certificate_code"] and body["programme"] == "foundational"
    assert body["holder"] == {"id": world["ids"]["trainee_id"], "name": "Trainee"}
    assert body["status"] == "valid" and body["revoked"] is None
    assert body["links"]["pdf"] == f"/certificates/{body['id']}.pdf"
    assert body["links"]["openbadge"] == f"/verify/{body['code']}/openbadge.json"
    assert body["links"]["verify"].endswith(f"/verify/{body['code']}")
    assert body["issued"].startswith("2026-06-01T09:00:00")


def test_a_revoked_certificate_gives_its_date_and_reason(app, client, world):
    with app.app_context():
        revoked = certify(
            db.session.get(User, world["ids"]["trainee_id"]),
            "advanced",
            issued=datetime(2026, 7, 1, 8, tzinfo=UTC),
            status="revoked",
        )
        db.session.commit()
        url, code = f"{LIST}/{revoked.id}", revoked.code_display
    body = call(client, world, "trainee", url).get_json()
    assert body["status"] == "revoked"
    assert body["revoked"] == {"on": "2026-07-01", "reason": "Practice hours were not genuine"}
    verdict = client.get(f"/api/v1/verify/{code}").get_json()
    assert verdict["status"] == "revoked" and verdict["revoked_on"] == "2026-07-01"
    assert verdict["revoked_reason"] == "Practice hours were not genuine"
    assert codes(call(client, world, "admin", LIST + "?status=revoked")) == {code}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("programme=advanced", 1),
        ("programme=tot", 1),
        ("status=superseded", 0),
        ("issued_from=2026-06-01&issued_to=2026-06-01", 3),
        ("issued_from=2026-06-02", 0),
        ("issued_to=2026-05-31", 0),
        ("region=AH", 1),  # the trainee works in an etrap of Ahal
        ("region=AH-GOK", 1),
        ("region=LB", 0),
    ],
)
def test_the_list_filters(app, client, world, query, expected):
    with app.app_context():
        trainee = db.session.get(User, world["ids"]["trainee_id"])
        trainee.region_id = db.session.query(Region.id).filter(Region.code == "AH-GOK").scalar()
        db.session.commit()
    assert call(client, world, "admin", f"{LIST}?{query}").get_json()["total"] == expected


@pytest.mark.parametrize(
    "query, field",
    [
        ("issued_from=2026-07-01&issued_to=2026-06-01", "query.issued_from"),
        ("issued_from=yesterday", "query.issued_from"),
        ("status=lost", "query.status"),
        ("region=NOWHERE", "query.region"),
        ("limit=500", "query.limit"),
        ("holder=1", "query.holder"),
    ],
)
def test_bad_filters_are_problems(client, world, query, field):
    response = call(client, world, "admin", f"{LIST}?{query}")
    assert field in assert_problem(response, 422, "validation_failed")["errors"]


def test_the_list_pages_and_answers_304(client, world):
    first = call(client, world, "admin", LIST + "?limit=2")
    body = first.get_json()
    assert body["total"] == 3 and len(body["items"]) == 2 and body["next"]
    last = client.get(body["next"], headers=bearer(world["tokens"]["admin"])).get_json()
    assert len(last["items"]) == 1 and last["next"] is None
    again = call(
        client, world, "admin", LIST + "?limit=2", **{"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_verify_needs_no_login(client, world):
    code = world["ids"]["certificate_code"]
    body = client.get(f"/api/v1/verify/{code.lower()}").get_json()
    assert body["status"] == "valid" and body["code"] == code and body["holder"] == "Trainee"
    assert body["revoked_on"] is None and body["programme"]["code"] == "foundational"


@pytest.mark.parametrize("code", ["0000-0000-0000-0000-0", "not-a-code", "1234"])
def test_an_unknown_or_mistyped_code_is_not_found(client, world, code):
    assert_problem(client.get(f"/api/v1/verify/{code}"), 404, "not_found")


def test_verify_shares_the_pages_limit(app, client, world):
    app.config["VERIFY_RATE_LIMIT"] = 4
    try:
        statuses = [
            client.get("/api/v1/verify/0000-0000-0000-0000-0").status_code for _ in range(2)
        ]
        statuses += [client.get("/verify/0000-0000-0000-0000-0").status_code for _ in range(2)]
        limited = client.get(f"/api/v1/verify/{world['ids']['certificate_code']}")
    finally:
        app.config["VERIFY_RATE_LIMIT"] = 30
    assert statuses == [404, 404, 404, 404]
    assert_problem(limited, 429, "rate_limited")


def test_the_list_costs_the_same_statements_whatever_its_size(app, client, factory, world):
    from support import QueryCounter

    def statements() -> int:
        with QueryCounter(app) as counter:
            assert call(client, world, "admin", LIST).status_code == 200
        return counter.count

    statements()  # the token's first use of the day is noted once
    before = statements()
    with app.app_context():
        for n in range(4):
            holder = factory.user(f"holder-{n}", "trainee", region="LB-CAR")
            certify(holder, "foundational")
        db.session.commit()
    assert statements() == before
