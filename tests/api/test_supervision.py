"""Supervision sessions and field evaluations through the API: the practice pages' people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api.supervision_records import evaluation_of, placement_of, session_of
from api.world import api_world, bearer, make_token

from lms.core.database import local_today

SESSIONS = "/api/v1/supervision-sessions"
EVALUATIONS = "/api/v1/field-evaluations"


@pytest.fixture
def world(factory):
    return api_world(factory)


def get(client, world, role, url):
    return client.get(url, headers=bearer(world["tokens"][role]))


def listed(client, world, role, url) -> set[int]:
    response = get(client, world, role, url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {item["id"] for item in response.get_json()["items"]}


def test_trainee_reads_own_session_with_its_record(client, world):
    ids = world["ids"]
    body = get(client, world, "trainee", f"{SESSIONS}/{ids['session_id']}").get_json()
    assert body["supervisor"]["id"] == world["users"]["trainer"].id
    assert [p["placement"]["id"] for p in body["participants"]] == [ids["placement_id"]]
    assert body["participants"][0]["acknowledged_at"] is None
    assert body["minutes"] == 60 and body["topics"] == ["cases"]
    assert body["case_codes"] == ["F-014"] and body["notes"]
    assert [a["description"] for a in body["actions"]] == ["Draw the ecomap"]


def test_trainee_reads_own_evaluation_with_every_rating(client, world):
    ids = world["ids"]
    body = get(client, world, "trainee", f"{EVALUATIONS}/{ids['evaluation_id']}").get_json()
    assert body["stage"] == "mid" and body["placement"]["id"] == ids["placement_id"]
    assert body["ratings"] and {r["rating"] for r in body["ratings"]} == {3}
    assert body["strengths"] == "Listens well." and body["self_evaluation"] == ""


@pytest.mark.parametrize("role", ["other_trainee", "other_trainer", "coordinator"])
def test_others_get_404_and_empty_lists(client, world, role):
    ids = world["ids"]
    for url in (f"{SESSIONS}/{ids['session_id']}", f"{EVALUATIONS}/{ids['evaluation_id']}"):
        response = get(client, world, role, url)
        assert response.status_code == 404 and response.get_json()["code"] == "not_found"
    assert ids["session_id"] not in listed(client, world, role, SESSIONS)
    assert ids["evaluation_id"] not in listed(client, world, role, EVALUATIONS)


def test_lists_hold_exactly_what_each_role_may_see(client, world):
    ids = world["ids"]
    mine = {ids["session_id"]}, {ids["evaluation_id"]}
    others = {ids["other_session_id"]}, {ids["other_evaluation_id"]}
    for role, expected in (
        ("trainee", mine),
        ("trainer", mine),
        ("other_trainee", others),
        ("other_trainer", others),
        ("coordinator", (set(), set())),
    ):
        got = listed(client, world, role, SESSIONS), listed(client, world, role, EVALUATIONS)
        assert got == expected, role
    assert listed(client, world, "admin", SESSIONS) >= mine[0] | others[0]


def test_a_cohort_trainer_who_does_not_supervise_sees_the_cohort_records(
    app, client, factory, world
):
    """The pages' rule: the trainee's cohort trainers see their placement's records too."""
    co_trainer = factory.user("co-trainer", "trainer")
    supervisor = factory.user("outside-supervisor", "trainer")
    trainee = factory.user("co-trainee")
    cohort = factory.cohort("CO-T", trainers=[co_trainer], trainees=[trainee])
    placement = placement_of(app, trainee, supervisor, cohort, actor=co_trainer)
    session = session_of(app, supervisor, [placement])
    token = bearer(make_token(app, co_trainer))
    assert client.get(f"{SESSIONS}/{session}", headers=token).status_code == 200
    items = client.get(SESSIONS, headers=token).get_json()["items"]
    assert [item["id"] for item in items] == [session]
    assert world["ids"]["session_id"] not in {item["id"] for item in items}


def test_filters_by_day_placement_and_region(client, world):
    ids = world["ids"]
    today = local_today()
    assert listed(client, world, "admin", f"{SESSIONS}?placement={ids['placement_id']}") == {
        ids["session_id"]
    }
    by_region = listed(client, world, "admin", f"{SESSIONS}?region=MR")
    assert ids["other_session_id"] in by_region and ids["session_id"] not in by_region
    three_days_ago = today - timedelta(days=3)
    assert ids["session_id"] in listed(
        client, world, "admin", f"{SESSIONS}?day_from={three_days_ago}&day_to={three_days_ago}"
    )
    assert ids["session_id"] not in listed(client, world, "admin", f"{SESSIONS}?day_from={today}")
    assert listed(client, world, "admin", f"{EVALUATIONS}?region=AH-GOK&stage=mid") >= {
        ids["evaluation_id"]
    }
    assert ids["evaluation_id"] not in listed(client, world, "admin", f"{EVALUATIONS}?region=MR")
    assert ids["evaluation_id"] in listed(
        client, world, "admin", f"{EVALUATIONS}?completed_from={today}&completed_to={today}"
    )
    assert ids["evaluation_id"] not in listed(
        client, world, "admin", f"{EVALUATIONS}?completed_to={today - timedelta(days=1)}"
    )


def test_a_filter_never_widens_what_a_trainer_sees(client, world):
    other = world["ids"]["other_placement_id"]
    assert listed(client, world, "trainer", f"{SESSIONS}?placement={other}") == set()
    assert listed(client, world, "trainer", f"{EVALUATIONS}?placement={other}") == set()


def test_pages_of_evaluations_follow_limit_and_offset(app, client, world):
    users = world["users"]
    evaluation_of(app, users["trainer"], world["ids"]["placement_id"], stage="end")
    first = get(client, world, "trainee", f"{EVALUATIONS}?limit=1")
    body = first.get_json()
    assert body["total"] == 2 and len(body["items"]) == 1 and 'rel="next"' in first.headers["Link"]
    second = client.get(body["next"], headers=bearer(world["tokens"]["trainee"])).get_json()
    assert second["next"] is None and second["items"][0]["id"] != body["items"][0]["id"]


@pytest.mark.parametrize(
    "url, member",
    [
        (f"{SESSIONS}?limit=101", "query.limit"),
        (f"{SESSIONS}?day_from=2026-13-01", "query.day_from"),
        (f"{SESSIONS}?day_from=2026-10-02&day_to=2026-10-01", "query.day_from"),
        (f"{SESSIONS}?placement=0", "query.placement"),
        (f"{EVALUATIONS}?stage=final", "query.stage"),
        (f"{EVALUATIONS}?offset=-5", "query.offset"),
        (f"{EVALUATIONS}?supervisor=1", "query.supervisor"),
    ],
)
def test_bad_parameters_are_problems_with_a_stable_code(client, world, url, member):
    response = get(client, world, "admin", url)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["code"] == "validation_failed" and member in body["errors"]


def test_unknown_region_is_a_validation_problem(client, world):
    response = get(client, world, "admin", f"{EVALUATIONS}?region=NOWHERE")
    assert response.status_code == 422 and response.get_json()["code"] == "validation_failed"


def test_unchanged_records_answer_304(client, world):
    for url in (f"{SESSIONS}/{world['ids']['session_id']}", EVALUATIONS):
        first = get(client, world, "trainer", url)
        cached = client.get(
            url,
            headers={**bearer(world["tokens"]["trainer"]), "If-None-Match": first.headers["ETag"]},
        )
        assert cached.status_code == 304 and not cached.data


def test_a_token_without_the_supervision_scope_is_refused(app, client, world):
    token = make_token(app, world["users"]["trainee"], scopes=["quizzes:read"])
    response = client.get(SESSIONS, headers=bearer(token))
    assert response.status_code == 403 and response.get_json()["code"] == "scope_missing"
