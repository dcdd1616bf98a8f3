"""Quiz attempts through the API: the review pages' people, and what the review shows them.

No answer key ever reaches a trainee: not the right answers, not a choice's weight."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api.quiz_records import attempt_of
from api.world import api_world, bearer, make_token
from content_tree import use_content, write_content

from lms.core.database import local_today

LIST = "/api/v1/quiz-attempts"


def one(url_id: int) -> str:
    return f"{LIST}/{url_id}"


def keys_in(value) -> set[str]:
    """Every member name anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


@pytest.fixture
def world(factory):
    return api_world(factory)


def get(client, world, role, url, **kwargs):
    return client.get(url, headers=bearer(world["tokens"][role]), **kwargs)


def test_trainee_reads_own_attempt_with_marks_and_feedback_but_no_answer_key(client, world):
    body = get(client, world, "trainee", one(world["ids"]["attempt_id"])).get_json()
    assert body["trainee"]["id"] == world["ids"]["trainee_id"]
    assert body["state"] == "finished" and body["marks_shown"] is True
    assert body["marks"] == 0 and body["passed"] is False and body["submitted_at"]
    questions = [q for q in body["questions"] if q["number"] is not None]
    assert questions and all(q["status"] == "unanswered" for q in questions)
    assert all(q["feedback"] is not None for q in questions)  # after_submit: marks, feedback
    assert all(q["right_answers"] is None for q in body["questions"])
    assert not keys_in(body) & {"fraction", "correct", "pairs", "numerical", "answers"}
    for q in questions:  # a matching question: its items and the choices, never paired
        assert bool(q["prompts"]) is (q["type"] == "matching")
        assert not set(q["prompts"] or ()) & set(q["options"] or ())


def test_a_closed_quiz_still_gives_the_trainee_no_right_answers(app, client, world):
    trainee = world["users"]["trainee"]
    for _ in range(2):  # three attempts in all: the quiz is closed, its page shows right answers
        attempt_of(app, trainee)
    for item in get(client, world, "trainee", LIST).get_json()["items"]:
        body = get(client, world, "trainee", one(item["id"])).get_json()
        assert all(q["right_answers"] is None for q in body["questions"])
        assert not keys_in(body) & {"fraction", "correct", "pairs", "numerical", "answers"}
    trainer = get(client, world, "trainer", one(world["ids"]["attempt_id"])).get_json()
    assert any(q["right_answers"] for q in trainer["questions"])


def test_trainer_and_admin_see_the_cohort_attempt_with_right_answers(client, world):
    for role in ("trainer", "admin"):
        body = get(client, world, role, one(world["ids"]["attempt_id"])).get_json()
        assert body["marks_shown"] is True
        assert any(q["right_answers"] for q in body["questions"]), role


@pytest.mark.parametrize("role", ["other_trainee", "other_trainer", "coordinator"])
def test_others_cannot_see_an_attempt_or_list_it(client, world, role):
    response = get(client, world, role, one(world["ids"]["attempt_id"]))
    assert response.status_code == 404
    assert response.get_json()["code"] == "not_found"
    ids = {item["id"] for item in get(client, world, role, LIST).get_json()["items"]}
    assert world["ids"]["attempt_id"] not in ids


def test_lists_hold_exactly_what_each_role_may_review(client, world):
    mine, other = world["ids"]["attempt_id"], world["ids"]["other_attempt_id"]

    def listed(role):
        return {item["id"] for item in get(client, world, role, LIST).get_json()["items"]}

    assert listed("trainee") == {mine}
    assert listed("trainer") == {mine}
    assert listed("other_trainer") == {other}
    assert listed("coordinator") == set()
    assert {mine, other} <= listed("admin")


def test_marks_hidden_by_the_review_options_stay_hidden_from_the_trainee(
    app, client, factory, tmp_path
):
    root = write_content(tmp_path / "content")
    module = root / "basics" / "01-intro" / "module.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace(
            "quiz: {pass_mark: 60, attempts: 2}",
            "quiz: {pass_mark: 60, attempts: 2, review: {after_submit: [], after_close: [marks]}}",
        ),
        encoding="utf-8",
    )
    trainee = factory.user("hidden-marks")
    trainer = factory.user("hidden-trainer", "trainer")
    factory.cohort("HID", trainers=[trainer], trainees=[trainee])
    restore = use_content(app, root)
    try:
        attempt_id = attempt_of(app, trainee, ("basics", "intro"), answers={0: False})
        own = client.get(one(attempt_id), headers=bearer(make_token(app, trainee))).get_json()
        staff = client.get(one(attempt_id), headers=bearer(make_token(app, trainer))).get_json()
    finally:
        restore()
    assert own["marks_shown"] is False
    assert own["marks"] is own["grade_percent"] is own["passed"] is None
    assert [q["mark"] for q in own["questions"]] == [None]
    assert [q["answer"] for q in own["questions"]] == [["false"]]  # their own answer is shown
    assert staff["marks_shown"] is True and staff["passed"] is False
    assert staff["questions"][0]["status"] == "wrong"


def test_filters_by_programme_cohort_trainee_and_local_start_date(client, world):
    ids = world["ids"]
    today = local_today()

    def listed(query):
        response = get(client, world, "admin", f"{LIST}?{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return {item["id"] for item in response.get_json()["items"]}

    assert ids["attempt_id"] in listed("programme=foundational")
    assert ids["other_attempt_id"] not in listed("programme=foundational")
    assert listed(f"cohort={ids['other_cohort_id']}") == {ids["other_attempt_id"]}
    assert listed(f"trainee={ids['trainee_id']}&module=what-is-social-work") == {ids["attempt_id"]}
    assert ids["attempt_id"] in listed(f"started_from={today}&started_to={today}")
    assert not listed(f"started_to={today - timedelta(days=1)}") & {ids["attempt_id"]}
    assert not listed(f"started_from={today + timedelta(days=1)}")
    assert listed("state=needs_grading") & {ids["attempt_id"]} == set()


def test_region_filter_takes_in_the_etraps_of_a_velayat(app, client, factory, world):
    trainee = factory.user("gokdepe", region="AH-GOK")
    factory.cohort("REG", trainers=[world["users"]["trainer"]], trainees=[trainee])
    placed = attempt_of(app, trainee)

    def listed(region):
        response = get(client, world, "trainer", f"{LIST}?region={region}")
        return {item["id"] for item in response.get_json()["items"]}

    assert listed("AH-GOK") == {placed}
    assert listed("AH") == {placed}
    assert listed("MR") == set()
    response = get(client, world, "trainer", f"{LIST}?region=NOWHERE")
    assert response.status_code == 422 and response.get_json()["code"] == "validation_failed"


def test_pages_follow_limit_and_offset_with_a_next_link(app, client, world):
    attempt_of(app, world["users"]["trainee"])
    first = get(client, world, "trainee", f"{LIST}?limit=1")
    body = first.get_json()
    assert body["total"] == 2 and len(body["items"]) == 1 and body["next"]
    assert 'rel="next"' in first.headers["Link"]
    second = client.get(body["next"], headers=bearer(world["tokens"]["trainee"])).get_json()
    assert second["next"] is None and second["items"][0]["id"] != body["items"][0]["id"]


@pytest.mark.parametrize(
    "query, member",
    [
        ("limit=0", "query.limit"),
        ("limit=101", "query.limit"),
        ("offset=-1", "query.offset"),
        ("started_from=yesterday", "query.started_from"),
        ("started_from=2026-10-02&started_to=2026-10-01", "query.started_from"),
        ("cohort=x", "query.cohort"),
        ("state=lost", "query.state"),
        ("answers=1", "query.answers"),
    ],
)
def test_bad_parameters_are_problems_with_a_stable_code(client, world, query, member):
    response = get(client, world, "admin", f"{LIST}?{query}")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["code"] == "validation_failed" and member in body["errors"]


def test_an_unchanged_attempt_answers_304(client, world):
    url = one(world["ids"]["attempt_id"])
    first = get(client, world, "trainee", url)
    again = get(client, world, "trainee", url, **{})
    assert first.headers["ETag"] == again.headers["ETag"]
    cached = client.get(
        url,
        headers={**bearer(world["tokens"]["trainee"]), "If-None-Match": first.headers["ETag"]},
    )
    assert cached.status_code == 304 and not cached.data


def test_a_token_without_the_quizzes_scope_is_refused(app, client, world):
    token = make_token(app, world["users"]["trainee"], scopes=["content:read"])
    response = client.get(LIST, headers=bearer(token))
    assert response.status_code == 403 and response.get_json()["code"] == "scope_missing"
