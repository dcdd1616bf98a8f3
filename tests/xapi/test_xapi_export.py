"""``lms xapi export``: one statement per event kept, each valid xAPI 1.0.3, naming the learner
by an account only, with ids that do not change from one export to the next."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from xapi.events import everything_happened_to
from xapi_rules import ours

from lms.core.database import utcnow

VERBS = {
    "http://adlnet.gov/expapi/verbs/completed",
    "http://adlnet.gov/expapi/verbs/attempted",
    "http://adlnet.gov/expapi/verbs/passed",
    "http://adlnet.gov/expapi/verbs/failed",
    "http://id.tincanapi.com/verb/earned",
}
OUR_VERBS = {
    "/xapi/verbs/had-practice-approved",
    "/xapi/verbs/was-rated",
    "/xapi/verbs/had-revoked",
}


def exported(runner, *args) -> list[dict]:
    result = runner.invoke(args=["xapi", "export", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_every_kind_of_event_is_a_valid_statement_of_our_account(app, factory, runner):
    trainee_id = everything_happened_to(app, factory)
    statements = exported(runner)
    public = app.config["PUBLIC_URL"]
    verbs = {s["verb"]["id"].removeprefix(public) for s in statements}
    assert verbs == VERBS | OUR_VERBS
    for statement in statements:
        assert ours(statement, public) == [], statement
    mine = [s for s in statements if s["actor"]["account"]["name"] == str(trainee_id)]
    assert {s["verb"]["id"].removeprefix(public) for s in mine} == VERBS | OUR_VERBS
    text = json.dumps(statements, ensure_ascii=False)
    for personal in (
        "aygul@example.tm",
        "Aýgül",
        "Annaýewa",
        "aygul",
        "Issued in error",
        "home visits",
    ):
        assert personal not in text


def test_scores_durations_and_context(app, factory, runner):
    everything_happened_to(app, factory)
    statements = exported(runner)
    failed = next(s for s in statements if s["verb"]["id"].endswith("/failed"))
    assert failed["result"]["success"] is False
    score = failed["result"]["score"]
    assert score["min"] == 0 and 0 <= score["raw"] < score["max"]
    assert score["scaled"] == pytest.approx(score["raw"] / score["max"], abs=1e-4)
    assert failed["result"]["duration"].startswith("PT")
    assert failed["context"]["language"] == "en"
    passed = [s for s in statements if s["verb"]["id"].endswith("/passed")]
    assert passed and all(s["result"]["success"] for s in passed)
    lesson = next(s for s in statements if s["verb"]["id"].endswith("/completed"))
    activities = lesson["context"]["contextActivities"]
    assert activities["parent"][0]["definition"]["type"].endswith("/activities/module")
    assert activities["grouping"][0]["id"].endswith("/xapi/activities/programmes/foundational")
    assert set(lesson["object"]["definition"]["name"]) >= {"en"}
    assert lesson["object"]["id"].startswith(app.config["PUBLIC_URL"] + "/learn/foundational/")
    practice = next(s for s in statements if "practice" in s["verb"]["id"])
    assert practice["result"]["duration"].endswith("M")
    names = practice["object"]["definition"]["name"]
    assert set(names) == {"en", "ru", "tk"} and len(set(names.values())) == 3
    assert practice["context"]["instructor"]["account"]["homePage"] == app.config["PUBLIC_URL"]
    revoked = next(s for s in statements if s["verb"]["id"].endswith("/had-revoked"))
    earned = next(s for s in statements if s["verb"]["id"].endswith("/earned"))
    assert revoked["context"]["statement"] == {"objectType": "StatementRef", "id": earned["id"]}
    assert revoked["object"]["id"] == earned["object"]["id"]
    rated = [s for s in statements if s["verb"]["id"].endswith("/was-rated")]
    set_by_hand = [s for s in rated if "developing" in s["result"]["extensions"].values()]
    assert len(set_by_hand) == 1 and set_by_hand[0]["result"]["success"] is False


def test_ids_are_the_same_in_every_export_and_never_repeat(app, factory, runner, tmp_path):
    everything_happened_to(app, factory)
    first = exported(runner)
    out = tmp_path / "statements.jsonl"
    result = runner.invoke(args=["xapi", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    again = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert again == first
    ids = [s["id"] for s in first]
    assert len(ids) == len(set(ids))
    times = [s["timestamp"] for s in first]
    assert times == sorted(times)


def test_since_keeps_the_events_from_that_day_on(app, factory, runner):
    everything_happened_to(app, factory)
    everything = exported(runner)
    today = utcnow().date()
    recent = exported(runner, "--since", today.isoformat())
    assert recent and len(recent) < len(everything)
    assert all(s["timestamp"][:10] >= today.isoformat() for s in recent)
    assert {s["id"] for s in everything if s["timestamp"][:10] >= today.isoformat()} == {
        s["id"] for s in recent
    }
    assert exported(runner, "--since", (today + timedelta(days=1)).isoformat()) == []


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", "２０２６-01-01", "2026-02-30"])
def test_a_bad_date_is_a_usage_error(app, runner, bad):
    result = runner.invoke(args=["xapi", "export", "--since", bad])
    assert result.exit_code == 2
    assert "--since" in result.output and "Traceback" not in result.output


def test_an_empty_database_exports_nothing(app, runner):
    result = runner.invoke(args=["xapi", "export"])
    assert result.exit_code == 0 and result.output == ""
