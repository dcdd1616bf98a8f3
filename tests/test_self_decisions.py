"""Finding 3: nobody signs off, marks, rates, observes or certifies their own work.

One rule (``lms.accounts.self_decisions.refuse_self``) in every service that records such a
decision; through a route it is a 403 with the reason. The people here hold two roles, as ToT
trainers often do: trainer (or admin) and trainee at once."""

import pytest
from practice.world import make_placement, practice_world, submitted
from sqlalchemy import func, select
from support import csrf_token, login, post_form

from lms.accounts.self_decisions import SelfDecisionError, refuse_self
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.practice.models import Placement, PracticeEntry

REASON = "Nobody can sign off, mark, rate or certify their own work"


def test_the_rule_compares_people_or_ids_and_spares_the_system():
    refuse_self(None, 5)
    refuse_self(4, 5)
    with pytest.raises(SelfDecisionError):
        refuse_self(5, 5)


@pytest.fixture
def world(factory):
    return practice_world(factory)


@pytest.fixture
def dual(factory, world):
    """A trainer who is also a trainee, in a cohort they train, with a placement."""
    person = factory.user("dual", "trainer", "trainee", full_name="Dowlet Amanow")
    cohort = factory.cohort("FND-D", trainers=[person, world.supervisor], trainees=[person])
    placement = make_placement(world.app, person, world.supervisor, cohort)
    return person, cohort, placement


def _own_entry(world, dual):
    person, _cohort, placement = dual
    return submitted(
        world, trainee=person, placement_id=placement.id, day=placement.starts_on, competencies=()
    )


@pytest.mark.parametrize("button", [{"approve": "Approve"}, {"send_back": "Return"}])
def test_approving_or_returning_own_entries_is_forbidden(client, world, dual, button):
    entry = _own_entry(world, dual)
    login(client, "dual")
    token = csrf_token(client, "/practice/queue")
    data = {"csrf_token": token, "entry_ids": [str(entry.id)], "comment": "Fine.", **button}
    response = client.post("/practice/queue/decide", data=data)
    assert response.status_code == 403 and REASON in response.get_data(as_text=True)
    with world.app.app_context():
        assert db.session.get(PracticeEntry, entry.id).status == "submitted"


def test_evaluating_own_placement_is_refused(client, world, dual):
    from lms.practice.evaluations import save_evaluation

    person, _cohort, placement = dual
    login(client, "dual")
    assert client.get(f"/practice/placements/{placement.id}/evaluations/mid").status_code == 404
    with world.app.app_context(), pytest.raises(SelfDecisionError):
        found = db.session.get(Placement, placement.id)
        save_evaluation(person, found, "mid", {}, strengths="", areas_to_develop="")


def test_recording_a_supervision_session_for_oneself_is_refused(world, dual):
    from lms.practice.sessions import SessionFields, record_session

    person, _cohort, placement = dual
    fields = SessionFields(
        placement_ids=(placement.id,), day=placement.starts_on, minutes=60, format="individual",
        mode="in_person", topics=(), case_codes=(), notes="", actions=(),
    )  # fmt: skip
    with world.app.app_context(), pytest.raises(SelfDecisionError):
        record_session(person, fields)


def test_setting_own_competency_status_is_forbidden(client, world, dual):
    from lms.competencies.models import CompetencyStatusOverride

    person, _cohort, _placement = dual
    login(client, "dual")
    url = f"/trainees/{person.id}/competencies"
    page = client.get(url).get_data(as_text=True)
    assert 'name="note"' not in page  # no form to rate oneself
    note = "I observed myself doing very well in three home visits."
    response = post_form(
        client, url + "/foundational/ETH-1", {"status": "proficient", "note": note}, "/"
    )
    assert response.status_code == 403 and REASON in response.get_data(as_text=True)
    with world.app.app_context():
        count = db.session.scalar(select(func.count()).select_from(CompetencyStatusOverride))
    assert count == 0


def test_observing_own_co_facilitation_is_refused(client, factory):
    from lms.certificates.models import CoFacilitation

    person = factory.user("tot1", "trainer", "trainee", full_name="Bahar Gurbanowa")
    factory.cohort("TOT-S", programme="tot", trainers=[person], trainees=[person])
    login(client, "tot1")
    form = {"trainee": str(person.id), "held_on": "2026-10-01", "topic": "Ethics", "rating": "5"}
    response = post_form(client, "/certificates/co-facilitation", form)
    assert response.status_code in (403, 422, 200) and response.status_code != 302
    with factory.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CoFacilitation)) == 0


def test_issuing_or_reissuing_a_certificate_to_oneself_is_refused(app, factory):
    from certificate_helpers import qualify

    from lms.certificates.issuing import issue_certificate, reissue_certificate

    admin = factory.user("boss", "admin", "trainee")
    with app.app_context():
        programme = catalogue().programme("foundational")
        qualify(admin, "foundational")
        with pytest.raises(SelfDecisionError):
            issue_certificate(admin, programme, actor_id=admin.id)
        certificate = issue_certificate(admin, programme, actor_id=None).certificate
        with pytest.raises(SelfDecisionError):
            reissue_certificate(certificate, "Name corrected", actor_id=admin.id)


def test_a_trainer_cannot_mark_their_own_quiz_attempt_in_code(app, factory):
    from lms.quizzes.marking import NewMark, set_mark
    from lms.quizzes.models import QuizAttempt

    person = factory.user("qq", "trainer", "trainee")
    with app.app_context():
        attempt = QuizAttempt(user_id=person.id, programme="foundational", module="intro")
        with pytest.raises(SelfDecisionError):
            set_mark(attempt, 0, NewMark(1.0), actor_id=person.id)


def test_the_cohort_trainer_still_decides_for_the_dual_trainee(client, world, dual):
    entry = _own_entry(world, dual)
    login(client, "merdan")
    token = csrf_token(client, "/practice/queue")
    data = {"csrf_token": token, "entry_ids": [str(entry.id)], "approve": "Approve"}
    assert client.post("/practice/queue/decide", data=data).status_code == 302
    with world.app.app_context():
        assert db.session.get(PracticeEntry, entry.id).status == "approved"
