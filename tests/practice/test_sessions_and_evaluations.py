"""Supervision sessions and field evaluations: recorded by the supervisor, acknowledged by the
trainee, hidden from everyone else."""

import pytest
from practice.world import make_placement, practice_world
from sqlalchemy import select
from support import csrf_token, login

from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.practice.errors import PracticeError
from lms.practice.evaluations import save_evaluation
from lms.practice.models import FieldEvaluation, Placement, SupervisionSession
from lms.practice.programme import programme_competencies
from lms.practice.results import latest_ratings


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _session_form(world, **overrides):
    data = {
        "placements": [str(world.placement.id)],
        "day": world.day(5).isoformat(),
        "hours": "1",
        "quarter": "30",
        "format": "individual",
        "mode": "online",
        "topics": ["cases", "self_care"],
        "case_codes": "F-014, C-203",
        "notes": "Discussed the first assessment.",
        "actions-0-task": "Finish the ecomap",
        "actions-0-due_on": world.day(12).isoformat(),
        "actions-1-task": "",
        "actions-1-due_on": "",
        "actions-2-task": "",
        "actions-2-due_on": "",
    }
    data.update(overrides)
    return data


def _record(client, world, **overrides):
    token = csrf_token(client, "/practice/sessions/new")
    return client.post(
        "/practice/sessions/new", data={**_session_form(world, **overrides), "csrf_token": token}
    )


def test_supervisor_records_a_session_and_the_trainee_acknowledges_it(client, world, app):
    login(client, "merdan")
    response = _record(client, world)
    assert response.status_code == 302
    with app.app_context():
        session = db.session.scalar(select(SupervisionSession))
        assert (session.minutes, session.topic_codes, session.case_code_list) == (
            90,
            ["cases", "self_care"],
            ["F-014", "C-203"],
        )
        assert [a.description for a in session.actions] == ["Finish the ecomap"]
    trainee = app.test_client()
    login(trainee, "yazgul")
    page = trainee.get(f"/practice/sessions/{session.id}").get_data(as_text=True)
    assert "not yet acknowledged" in page and "Finish the ecomap" in page
    token = csrf_token(trainee, f"/practice/sessions/{session.id}")
    trainee.post(f"/practice/sessions/{session.id}/acknowledge", data={"csrf_token": token})
    with app.app_context():
        participant = db.session.get(SupervisionSession, session.id).participants[0]
        assert participant.acknowledged_at is not None
    assert "✓ acknowledged" in trainee.get("/practice/sessions/").get_data(as_text=True)
    # The same form sent again from a second tab: told so, nothing changes, audited once.
    again = trainee.post(
        f"/practice/sessions/{session.id}/acknowledge",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert "You have already acknowledged the record of this session." in again.get_data(True)
    with app.app_context():
        audited = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "practice_session.acknowledged")
        ).all()
        assert len(audited) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours": "0", "quarter": "0"}, "duration"),
        ({"hours": "9"}, "largest number allowed here is 8"),
        ({"hours": "１"}, "digits 0–9"),
        ({"day": "2999-01-01"}, "date in the future"),
        ({"placements": []}, "Choose the trainee"),
        ({"case_codes": "Aýna Orazowa"}, "is not a client code"),
        ({"actions-0-due_on": ""}, "both a description and a date"),
        ({"format": "party"}, "Not a valid choice"),
    ],
)
def test_bad_session_input_is_refused(client, world, app, overrides, message):
    login(client, "merdan")
    response = _record(client, world, **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(SupervisionSession.id)) is None


def test_an_individual_session_has_one_trainee(factory, world, app):
    from lms.practice.sessions import SessionFields, record_session

    other = factory.user("aygul", "trainee")
    cohort = factory.cohort("FND-Q", trainers=[world.supervisor], trainees=[other])
    second = make_placement(app, other, world.supervisor, cohort)
    fields = SessionFields(
        placement_ids=(world.placement.id, second.id),
        day=world.day(3),
        minutes=60,
        format="individual",
        mode="phone",
    )
    with app.app_context():
        with pytest.raises(PracticeError, match="exactly one trainee"):
            record_session(world.supervisor, fields)
        group = record_session(
            world.supervisor, fields.__class__(**{**fields.__dict__, "format": "group"})
        )
        assert len(group.participants) == 2


def test_only_the_supervisor_records_sessions_for_a_placement(world, app):
    from lms.practice.sessions import SessionFields, record_session

    fields = SessionFields((world.placement.id,), world.day(3), 60, "individual", "phone")
    with app.app_context(), pytest.raises(PracticeError, match="trainees you supervise"):
        record_session(world.other_trainer, fields)


def test_a_session_is_hidden_from_others(client, world, app, factory):
    login(client, "merdan")
    _record(client, world)
    with app.app_context():
        session_id = db.session.scalar(select(SupervisionSession.id))
    factory.user("aygul", "trainee")
    stranger = app.test_client()
    login(stranger, "aygul")
    assert stranger.get(f"/practice/sessions/{session_id}").status_code == 404
    token = csrf_token(stranger, "/practice/sessions/")
    stranger.post(f"/practice/sessions/{session_id}/acknowledge", data={"csrf_token": token})
    other_trainer = app.test_client()
    login(other_trainer, "serdar")
    assert other_trainer.get(f"/practice/sessions/{session_id}").status_code == 404


def _codes(app) -> list[str]:
    with app.app_context():
        return [c.code for c in programme_competencies("foundational")]


def _ratings(app, form_value="3"):
    codes = _codes(app)
    return {f"rating_{code.replace('-', '_')}": form_value for code in codes}


def test_supervisor_evaluates_and_the_trainee_self_evaluates(client, world, app):
    login(client, "merdan")
    path = f"/practice/placements/{world.placement.id}/evaluations/mid"
    page = client.get(path).get_data(as_text=True)
    assert "ETH-1" in page and "Not observed" in page
    data = {**_ratings(app), "rating_COM_1": "5", "rating_POP_2": "not_observed"}
    data.update(strengths="Warm and respectful.", areas_to_develop="Plan visits.")
    token = csrf_token(client, path)
    response = client.post(path, data={**data, "csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        evaluation = db.session.scalar(select(FieldEvaluation))
        assert evaluation.rating_for("COM-1") == 5 and evaluation.rating_for("POP-2") is None
        ratings = latest_ratings(world.trainee.id, "foundational")
        assert ratings["COM-1"] == 5 and "POP-2" not in ratings
    trainee = app.test_client()
    login(trainee, "yazgul")
    ack = f"/practice/evaluations/{evaluation.id}/acknowledge"
    token = csrf_token(trainee, f"/practice/evaluations/{evaluation.id}")
    empty = trainee.post(ack, data={"csrf_token": token, "self_evaluation": "  "})
    assert empty.status_code == 422
    trainee.post(ack, data={"csrf_token": token, "self_evaluation": "I will plan my visits."})
    with app.app_context():
        assert db.session.get(FieldEvaluation, evaluation.id).acknowledged_at is not None
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"practice_evaluation.completed", "practice_evaluation.acknowledged"} <= actions
    # once acknowledged, it is final
    response = client.post(path, data={**data, "csrf_token": csrf_token(client, "/practice/queue")})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(FieldEvaluation, evaluation.id).rating_for("COM-1") == 5


def test_every_competency_needs_a_rating_or_not_observed(client, world, app):
    login(client, "merdan")
    path = f"/practice/placements/{world.placement.id}/evaluations/end"
    data = _ratings(app)
    data["rating_ETH_1"] = ""
    data["rating_COM_1"] = "６"
    response = client.post(path, data={**data, "csrf_token": csrf_token(client, path)})
    page = response.get_data(as_text=True)
    assert "Rate it, or choose “not observed”." in page and "Not a valid choice" in page
    with app.app_context():
        assert db.session.scalar(select(FieldEvaluation.id)) is None
        placement = db.session.get(Placement, world.placement.id)
        with pytest.raises(PracticeError, match="Rate every competency"):
            save_evaluation(
                world.supervisor, placement, "end", {"ETH-1": 3}, strengths="", areas_to_develop=""
            )


def test_only_the_supervisor_can_evaluate(client, world):
    for username in ("serdar", "gozel", "yazgul"):
        other = client.application.test_client()
        login(other, username)
        path = f"/practice/placements/{world.placement.id}/evaluations/mid"
        assert other.get(path).status_code == 404, username


def test_the_latest_rating_wins_and_not_observed_keeps_the_earlier_one(world, app):
    codes = _codes(app)
    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        mid = {code: 2 for code in codes}
        save_evaluation(world.supervisor, placement, "mid", mid, strengths="", areas_to_develop="")
        end = {code: 4 for code in codes} | {"ETH-1": None}
        save_evaluation(world.supervisor, placement, "end", end, strengths="", areas_to_develop="")
        ratings = latest_ratings(world.trainee.id, "foundational")
    assert ratings["ETH-1"] == 2 and ratings["COM-1"] == 4
