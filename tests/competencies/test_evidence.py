"""Evidence becomes a status by the documented rule; trainers may set one by hand, with a note."""

import pytest
from sqlalchemy import select
from support import login, post_form

from lms.competencies.evidence import apply_rule
from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.courses.catalogue import CompetencyRule

RULE = CompetencyRule(quiz_percent=70, rating=3)


@pytest.mark.parametrize(
    "quiz, minutes, rating, expected",
    [
        (None, 0, None, "not_yet"),
        (50.0, 0, None, "developing"),
        (None, 120, None, "developing"),
        (None, 0, 4, "developing"),
        (90.0, 0, 2, "developing"),
        (69.9, 0, 5, "developing"),
        (70.0, 0, 3, "proficient"),
        (100.0, 600, 5, "proficient"),
    ],
)
def test_the_rule_turns_evidence_into_a_status(quiz, minutes, rating, expected):
    assert apply_rule(RULE, quiz, minutes, rating) == expected


def test_a_stricter_programme_rule_is_respected():
    strict = CompetencyRule(quiz_percent=85, rating=4)
    assert apply_rule(strict, 80.0, 0, 5) == "developing"
    assert apply_rule(strict, 90.0, 0, 4) == "proficient"


@pytest.fixture
def people(factory):
    trainer = factory.user("trainer1", "trainer", full_name="Merdan Annaýew")
    trainee = factory.user("aygul", "trainee", full_name="Aýgül Orazowa")
    cohort = factory.cohort("FND-E", trainers=[trainer], trainees=[trainee])
    return trainer, trainee, cohort


def test_trainee_sees_every_competency_of_the_programme(client, people):
    login(client, "aygul")
    html = client.get("/competencies/mine").get_data(as_text=True)
    assert "ETH-1" in html and "PRO-2" in html and "not yet" in html


def test_trainer_sets_a_status_only_with_a_note_and_it_is_audited(client, people, app):
    _trainer, trainee, _cohort = people
    login(client, "trainer1")
    url = f"/trainees/{trainee.id}/competencies"
    post_form(
        client,
        url + "/foundational/ETH-1",
        {"status": "proficient", "note": "short"},
        token_from=url,
    )
    assert "proficient" not in client.get(url).get_data(as_text=True).split("ETH-1", 1)[1][:200]
    note = "Observed three home visits where she explained confidentiality well."
    response = post_form(
        client, url + "/foundational/ETH-1", {"status": "proficient", "note": note}, token_from=url
    )
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert note in html
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "competency.status_set")
        )
    assert event.details["code"] == "ETH-1" and event.details["status"] == "proficient"


def test_trainer_of_another_cohort_cannot_see_or_set(client, people, factory):
    _trainer, trainee, _cohort = people
    factory.user("stranger", "trainer")
    login(client, "stranger")
    assert client.get(f"/trainees/{trainee.id}/competencies").status_code == 404
    response = post_form(
        client,
        f"/trainees/{trainee.id}/competencies/foundational/ETH-1",
        {"status": "proficient", "note": "x" * 20},
        token_from="/",
    )
    assert response.status_code == 404


def test_cohort_heatmap_lists_trainees_and_competencies(client, people):
    _trainer, _trainee, cohort = people
    login(client, "trainer1")
    html = client.get(f"/cohorts/{cohort.id}/competencies").get_data(as_text=True)
    assert "Aýgül Orazowa" in html and "ETH-1" in html


def test_heatmap_costs_the_same_queries_for_more_trainees(client, factory, app):
    from support import QueryCounter

    trainer = factory.user("trainer1", "trainer")
    few = factory.cohort(
        "FND-Q1", trainers=[trainer], trainees=[factory.user(f"a{n}", "trainee") for n in range(2)]
    )
    many = factory.cohort(
        "FND-Q2", trainers=[trainer], trainees=[factory.user(f"b{n}", "trainee") for n in range(12)]
    )
    login(client, "trainer1")
    client.get(f"/cohorts/{few.id}/competencies")
    with QueryCounter(app) as small:
        client.get(f"/cohorts/{few.id}/competencies")
    with QueryCounter(app) as large:
        client.get(f"/cohorts/{many.id}/competencies")
    assert small.count == large.count <= 10, "\n".join(s[:90] for s in large.statements)


def test_an_identifying_note_needs_a_confirmation(client, people, app):
    """A hand-set status's note passes the privacy guard (issue 16): refused, the page shows the
    typed note in its own row with what was found, and nothing is stored."""
    from lms.competencies.models import CompetencyStatusOverride

    _trainer, trainee, _cohort = people
    login(client, "trainer1")
    url = f"/trainees/{trainee.id}/competencies"
    note = "Saw her help the family of Ogulgerek Annaýewa at home."
    data = {"status": "proficient", "note": note}
    refused = post_form(client, url + "/foundational/ETH-1", data, token_from=url)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Could this identify someone?" in html
    assert html.count(note) == 1 and "<details open>" in html
    with app.app_context():
        assert db.session.scalar(select(CompetencyStatusOverride)) is None
    confirmed = post_form(
        client, url + "/foundational/ETH-1", {**data, "confirm_privacy": "y"}, token_from=url
    )
    assert confirmed.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(CompetencyStatusOverride.note)) == note
