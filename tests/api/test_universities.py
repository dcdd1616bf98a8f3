"""The universities operations: a coordinator reads their own university only, admins every
one, trainers and trainees none; mappings, coverage and gaps as the pages compute them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from api.test_errors import assert_problem
from api.world import api_world, bearer
from support import login


@pytest.fixture
def world(factory):
    return api_world(factory)


def call(client, world, role: str, url: str, **headers):
    return client.get(url.format(**world["ids"]), headers=bearer(world["tokens"][role]) | headers)


UNI = "/api/v1/universities/{university_id}"
DEGREE = UNI + "/programmes/{degree_programme_id}"


def test_a_coordinator_lists_only_their_university(client, world):
    body = call(client, world, "coordinator", "/api/v1/universities").get_json()
    assert [u["short_code"] for u in body["items"]] == ["SSU"] and body["total"] == 1
    assert body["items"][0]["programme_count"] == 1
    everyone = call(client, world, "admin", "/api/v1/universities").get_json()
    assert {u["short_code"] for u in everyone["items"]} == {"SSU", "OSU"}


@pytest.mark.parametrize("role", ["trainee", "trainer"])
def test_trainers_and_trainees_are_refused_as_on_the_pages(client, world, role):
    # Their tokens cannot carry the scope; their session is refused by the role check.
    assert_problem(call(client, world, role, "/api/v1/universities"), 403, "scope_missing")
    login(client, role)
    assert_problem(client.get("/api/v1/universities"), 403, "forbidden")
    gaps = (DEGREE + "/gaps").format(**world["ids"])
    assert_problem(client.get(gaps), 403, "forbidden")


def test_a_university_lists_its_degree_programmes(client, world):
    body = call(client, world, "coordinator", UNI).get_json()
    assert body["short_code"] == "SSU"
    [programme] = body["programmes"]
    assert programme["id"] == world["ids"]["degree_programme_id"]
    assert programme["course_count"] == 2 and programme["framework"].startswith("API")


def test_a_programme_gives_each_course_with_its_mapping(client, world):
    body = call(client, world, "coordinator", DEGREE).get_json()
    courses = {c["code"]: c for c in body["courses"]}
    assert courses["SW101"]["mapping"] == [
        {"competency": "ETH-1", "level": "I"},
        {"competency": "COM-1", "level": "M"},
    ]
    assert Decimal(courses["SW101"]["ects"]) == Decimal("7.5")
    assert courses["SW102"]["mapping"] == [] and courses["SW102"]["semester"] == 2


def test_coverage_has_a_level_per_course_and_the_highest(client, world):
    body = call(client, world, "admin", DEGREE + "/coverage").get_json()
    assert [c["code"] for c in body["courses"]] == ["SW101", "SW102"]
    rows = {r["competency"]: r for r in body["rows"]}
    assert rows["ETH-1"]["levels"] == ["I", None] and rows["ETH-1"]["highest"] == "I"
    assert rows["COM-1"]["highest"] == "M" and rows["ETH-2"]["highest"] is None
    assert rows["ETH"]["is_competency"] is False and rows["ETH-1"]["is_competency"] is True


def test_gaps_name_what_is_missing(client, world):
    body = call(client, world, "coordinator", DEGREE + "/gaps").get_json()
    assert [g["competency"] for g in body["not_covered"]] == ["ETH-2", "COM-2"]
    assert [(g["competency"], g["highest"]) for g in body["never_mastered"]] == [("ETH-1", "I")]
    assert [c["code"] for c in body["unmapped_courses"]] == ["SW102"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/universities/{other_university_id}",
        "/api/v1/universities/{other_university_id}/programmes/{other_degree_programme_id}",
        "/api/v1/universities/{other_university_id}/programmes/{other_degree_programme_id}/gaps",
        # another university's programme, reached through one's own university
        UNI + "/programmes/{other_degree_programme_id}/coverage",
    ],
)
def test_another_university_is_not_found(client, world, url):
    assert_problem(call(client, world, "coordinator", url), 404, "not_found")


def test_a_programme_under_the_wrong_university_is_not_found_even_for_admins(client, world):
    url = UNI + "/programmes/{other_degree_programme_id}"
    assert_problem(call(client, world, "admin", url), 404, "not_found")
    assert_problem(call(client, world, "admin", "/api/v1/universities/999999"), 404, "not_found")


def test_the_list_pages(client, world):
    first = call(client, world, "admin", "/api/v1/universities?limit=1").get_json()
    assert first["total"] == 2 and len(first["items"]) == 1 and "offset=1" in first["next"]
    beyond = call(client, world, "admin", "/api/v1/universities?offset=5").get_json()
    assert beyond["items"] == [] and beyond["next"] is None
    for query in ("limit=0", "limit=101", "offset=-1", "region=AH"):
        response = call(client, world, "admin", f"/api/v1/universities?{query}")
        assert_problem(response, 422, "validation_failed")


def test_an_unchanged_coverage_answers_304(client, world):
    first = call(client, world, "coordinator", DEGREE + "/coverage")
    again = call(
        client,
        world,
        "coordinator",
        DEGREE + "/coverage",
        **{"If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304 and not again.get_data()
