"""Competency frameworks (any caller) and profiles (the competency pages' people) via the API."""

from __future__ import annotations

import pytest
from api.world import api_world, bearer, make_token

from lms.core.extensions import db
from lms.courses.content import catalogue

FRAMEWORKS = "/api/v1/competency-frameworks"


def profiles_url(trainee_id: int) -> str:
    return f"/api/v1/trainees/{trainee_id}/competency-profiles"


@pytest.fixture
def world(factory):
    return api_world(factory)


def get(client, world, role, url):
    return client.get(url, headers=bearer(world["tokens"][role]))


@pytest.mark.parametrize("role", ["trainee", "other_coordinator", "admin"])
def test_any_caller_reads_the_framework_with_hierarchy_titles_and_scale(client, world, role):
    body = get(client, world, role, f"{FRAMEWORKS}/TM-SW").get_json()
    codes = [c["code"] for c in body["competencies"]]
    assert body["competency_count"] == len(codes) and "ETH-1" in codes
    eth1 = next(c for c in body["competencies"] if c["code"] == "ETH-1")
    assert eth1["parent"] == "ETH" and codes.index("ETH") < codes.index("ETH-1")
    assert all(eth1["title"][lang] for lang in ("en", "ru", "tk"))
    assert [level["rating"] for level in body["levels"]] == [5, 4, 3, 2, 1]
    assert all(level["label"]["tk"] for level in body["levels"])


def test_frameworks_list_pages_and_unknown_framework_is_404(client, world):
    body = get(client, world, "trainee", f"{FRAMEWORKS}?limit=1").get_json()
    assert body["total"] >= 1 and len(body["items"]) == 1
    response = get(client, world, "trainee", f"{FRAMEWORKS}/NO-SUCH")
    assert response.status_code == 404 and response.get_json()["code"] == "not_found"


def test_trainee_reads_own_profile_per_programme(app, client, world):
    ids = world["ids"]
    body = get(client, world, "trainee", profiles_url(ids["trainee_id"])).get_json()
    assert body["trainee"] == ids["trainee_id"]
    assert [p["programme"] for p in body["profiles"]] == ["foundational"]
    rows = body["profiles"][0]["competencies"]
    with app.app_context():
        expected = catalogue().programme("foundational").competency_codes
    assert {r["code"] for r in rows} == set(expected)
    assert {r["status"] for r in rows} <= {"not_yet", "developing", "proficient"}


def test_a_status_set_by_hand_shows_with_its_note(app, client, world):
    from lms.competencies.evidence import set_status

    ids = world["ids"]
    with app.app_context():
        trainee = db.session.merge(world["users"]["trainee"])
        programme = catalogue().programme("foundational")
        code = sorted(programme.competency_codes)[0]
        set_status(
            trainee,
            programme,
            code,
            "proficient",
            "Shown in every home visit this month.",
            actor_id=world["users"]["trainer"].id,
        )
        db.session.commit()
    rows = get(client, world, "trainer", profiles_url(ids["trainee_id"])).get_json()["profiles"][0]
    row = next(r for r in rows["competencies"] if r["code"] == code)
    assert row["status"] == "proficient" and row["override"]["note"].startswith("Shown")
    assert row["override"]["set_by"] == world["users"]["trainer"].full_name


@pytest.mark.parametrize("role", ["other_trainee", "other_trainer", "coordinator"])
def test_others_cannot_read_a_profile(client, world, role):
    response = get(client, world, role, profiles_url(world["ids"]["trainee_id"]))
    assert response.status_code == 404 and response.get_json()["code"] == "not_found"


def test_a_profile_of_nobody_is_404_even_for_admins(client, world):
    response = get(client, world, "admin", profiles_url(2**31 - 1))
    assert response.status_code == 404 and response.get_json()["code"] == "not_found"


@pytest.mark.parametrize("query, member", [("limit=0", "query.limit"), ("lang=tk", "query.lang")])
def test_bad_parameters_are_problems_with_a_stable_code(client, world, query, member):
    response = get(client, world, "trainee", f"{FRAMEWORKS}?{query}")
    assert response.status_code == 422 and response.get_json()["code"] == "validation_failed"
    assert member in response.get_json()["errors"]


def test_unchanged_framework_and_profile_answer_304(client, world):
    for url in (f"{FRAMEWORKS}/TM-SW", profiles_url(world["ids"]["trainee_id"])):
        first = get(client, world, "trainee", url)
        cached = client.get(
            url,
            headers={**bearer(world["tokens"]["trainee"]), "If-None-Match": first.headers["ETag"]},
        )
        assert cached.status_code == 304 and not cached.data


def test_a_token_without_the_competencies_scope_is_refused(app, client, world):
    token = make_token(app, world["users"]["trainee"], scopes=["content:read"])
    response = client.get(FRAMEWORKS, headers=bearer(token))
    assert response.status_code == 403 and response.get_json()["code"] == "scope_missing"
