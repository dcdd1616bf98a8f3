"""The pool operations: the register as the logged-in register page shows it (revoked members
for admins only), one member, and the cascade for admins."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from api.test_errors import assert_problem
from api.world import api_world, bearer
from api.world_records import certify

from lms.core.extensions import db

POOL = "/api/v1/pool"


@pytest.fixture
def world(factory):
    return api_world(factory)


def call(client, world, role: str, url: str, **headers):
    return client.get(url.format(**world["ids"]), headers=bearer(world["tokens"][role]) | headers)


def members(response) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [m["user_id"] for m in response.get_json()["items"]]


@pytest.fixture
def revoked_member(app, factory, world):
    """A second member, whose ToT certificate was revoked; they work in Lebap."""
    user = factory.user("revoked-educator", "trainer", region="LB-CAR")
    with app.app_context():
        certify(user, "tot", issued=datetime(2025, 3, 1, 9, tzinfo=UTC), status="revoked")
        db.session.commit()
    return user


@pytest.mark.parametrize("role", ["trainee", "other_trainer", "coordinator", "admin"])
def test_every_logged_in_role_reads_the_register(client, world, role):
    assert members(call(client, world, role, POOL)) == [world["ids"]["pool_member_id"]]


def test_a_member_as_the_register_shows_them(client, world):
    body = call(client, world, "trainee", POOL + "/{pool_member_id}").get_json()
    assert body["name"] == "Trainer" and body["status"] in ("active", "expired")
    assert body["certified_on"] == "2026-06-01" and body["generation"] == 0
    assert body["velayat"] is None and body["modules"] == []


def test_revoked_members_are_for_admins_only(client, world, revoked_member):
    assert revoked_member.id in members(call(client, world, "admin", POOL))
    assert revoked_member.id not in members(call(client, world, "trainer", POOL))
    url = f"{POOL}/{revoked_member.id}"
    assert call(client, world, "admin", url).get_json()["status"] == "revoked"
    assert_problem(call(client, world, "trainee", url), 404, "not_found")
    assert_problem(
        call(client, world, "admin", f"{POOL}/{world['ids']['trainee_id']}"), 404, "not_found"
    )


def test_the_register_filters_by_region_date_and_search(app, client, world, revoked_member):
    def admin(query: str) -> list[int]:
        return members(call(client, world, "admin", f"{POOL}?{query}"))

    assert admin("region=LB") == [revoked_member.id]
    assert admin("region=LB-CAR") == [revoked_member.id]
    assert admin("region=AH") == []
    assert admin("certified_to=2025-12-31") == [revoked_member.id]
    assert admin("certified_from=2026-01-01") == [world["ids"]["pool_member_id"]]
    assert admin("q=revoked") == [revoked_member.id]
    body = call(client, world, "admin", POOL + "?region=LB").get_json()["items"][0]
    assert body["velayat"]["code"] == "LB" and body["etrap"]["code"] == "LB-CAR"


@pytest.mark.parametrize(
    "query, field",
    [
        ("region=NOWHERE", "query.region"),
        ("certified_from=2026-02-01&certified_to=2026-01-01", "query.certified_from"),
        ("q=" + "x" * 101, "query.q"),
        ("offset=ten", "query.offset"),
    ],
)
def test_bad_queries_are_problems(client, world, query, field):
    response = call(client, world, "trainer", f"{POOL}?{query}")
    assert field in assert_problem(response, 422, "validation_failed")["errors"]


def test_the_register_pages_and_answers_304(client, world, revoked_member):
    first = call(client, world, "admin", POOL + "?limit=1")
    body = first.get_json()
    assert body["total"] == 2 and len(body["items"]) == 1 and "offset=1" in body["next"]
    again = call(
        client, world, "admin", POOL + "?limit=1", **{"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_cascade_is_for_admins(client, world, revoked_member):
    body = call(client, world, "admin", POOL + "/cascade").get_json()
    assert body["members"] == 2 and body["generations"] == {"0": 2}
    years = {(r["year"], r["velayat"]): r["new_trainers"] for r in body["rows"]}
    assert years == {(2025, "LB"): 1, (2026, ""): 1}
    for role in ("trainer", "trainee", "coordinator"):
        assert_problem(call(client, world, role, POOL + "/cascade"), 403, "forbidden")


def test_the_register_costs_the_same_statements_whatever_its_size(app, client, factory, world):
    from support import QueryCounter

    def statements() -> int:
        with QueryCounter(app) as counter:
            assert call(client, world, "admin", POOL).status_code == 200
        return counter.count

    statements()  # the token's first use of the day is noted once
    before = statements()
    with app.app_context():
        for n, region in enumerate(("AH-GOK", "LB-CAR", "BN-BER", "AH")):
            user = factory.user(f"educator-{n}", "trainer", region=region)
            certify(user, "tot", issued=datetime(2025, 1 + n, 1, 9, tzinfo=UTC))
        db.session.commit()
    assert statements() == before
