"""Racing practice sign-off on each database: four submissions of one draft (two tabs, a double
tap) and four decisions on one pending entry (approve, or return). Exactly one goes through and
is audited once; the others are told it is already done; no error escapes."""

import threading
import time

import pytest
from flask_migrate import upgrade
from practice.world import entry_fields, log_entry, practice_world, submitted
from races import audit_count, kept_loaded, race
from support import Factory, dispose, make_app_for

from lms.accounts.models import User
from lms.accounts.regions import sync_regions
from lms.core.extensions import db
from lms.practice.entries import update_entry
from lms.practice.errors import NotADraft, PracticeError
from lms.practice.models import PracticeEntry
from lms.practice.signoff import approve_entries, return_entries, submit_entries

N = 4


@pytest.fixture
def world(empty_database):
    app = make_app_for(empty_database)
    with app.app_context():
        upgrade()
        sync_regions()
        db.session.commit()
        db.session.remove()
    with kept_loaded(app):
        built = practice_world(Factory(app))
    yield built
    dispose(app)


def _entry_and(world, user_id, entry_id):
    return db.session.get(User, user_id), db.session.get(PracticeEntry, entry_id)


def test_racing_submissions_send_the_draft_once(world):
    with kept_loaded(world.app):
        entry_id = log_entry(world).id
    outcome = race(
        world.app,
        N,
        lambda: _entry_and(world, world.trainee.id, entry_id),
        lambda loaded: submit_entries(loaded[0], [loaded[1]], confirmed=True),
        PracticeError,
    )
    assert outcome.errors == []
    assert len(outcome.successes) == 1
    message = f"The entry of {world.day(1).isoformat()} has already been submitted."
    assert outcome.refusals == [message] * (N - 1)
    with world.app.app_context():
        trainee, entry = _entry_and(world, world.trainee.id, entry_id)
        assert entry.status == "submitted"
        with pytest.raises(PracticeError, match=message):
            submit_entries(trainee, [entry], confirmed=True)


@pytest.mark.parametrize(
    ("decide", "action", "status"),
    [
        (lambda who, ids: approve_entries(who, ids), "practice_entry.approved", "approved"),
        (
            lambda who, ids: return_entries(who, ids, "Add the reflection."),
            "practice_entry.returned",
            "returned",
        ),
    ],
    ids=["approve", "return"],
)
def test_racing_decisions_decide_once(world, decide, action, status):
    with kept_loaded(world.app):
        entry_id = submitted(world).id
    outcome = race(
        world.app,
        N,
        lambda: db.session.get(User, world.supervisor.id),
        lambda supervisor: decide(supervisor, [entry_id]),
        PracticeError,
    )
    assert outcome.errors == []
    assert len(outcome.successes) == 1
    assert len(outcome.refusals) == N - 1
    message = f"is not waiting for sign-off (its status: {status.title()})"
    assert all(message in refusal for refusal in outcome.refusals), outcome.refusals
    assert audit_count(world.app, action, entry_id) == 1
    with world.app.app_context():
        supervisor, entry = _entry_and(world, world.supervisor.id, entry_id)
        assert entry.status == status
        with pytest.raises(PracticeError, match=message.replace("(", r"\(").replace(")", r"\)")):
            decide(supervisor, [entry_id])


def test_racing_evaluation_acknowledgements_acknowledge_once(world):
    from lms.practice.evaluations import acknowledge_evaluation, save_evaluation
    from lms.practice.models import FieldEvaluation, Placement
    from lms.practice.programme import programme_competencies

    with kept_loaded(world.app), world.app.app_context():
        ratings = {c.code: 3 for c in programme_competencies("foundational")}
        placement = db.session.get(Placement, world.placement.id)
        evaluation_id = save_evaluation(
            world.supervisor, placement, "mid", ratings, strengths="", areas_to_develop=""
        ).id
        db.session.commit()

    def acknowledge(loaded):
        return acknowledge_evaluation(loaded[0], loaded[1], "I plan visits better now.")

    outcome = race(
        world.app,
        N,
        lambda: (
            db.session.get(User, world.trainee.id),
            db.session.get(FieldEvaluation, evaluation_id),
        ),
        acknowledge,
        PracticeError,
    )
    assert outcome.errors == []
    assert len(outcome.successes) == 1
    assert outcome.refusals == ["You have already acknowledged this evaluation."] * (N - 1)
    assert audit_count(world.app, "practice_evaluation.acknowledged", evaluation_id) == 1
    with world.app.app_context():
        trainee = db.session.get(User, world.trainee.id)
        with pytest.raises(PracticeError, match="You have already acknowledged"):
            acknowledge((trainee, db.session.get(FieldEvaluation, evaluation_id)))


def test_racing_session_acknowledgements_are_audited_once(world):
    from lms.practice.models import SupervisionSession
    from lms.practice.sessions import SessionFields, acknowledge_session, record_session

    with kept_loaded(world.app), world.app.app_context():
        fields = SessionFields((world.placement.id,), world.day(3), 60, "individual", "phone")
        session_id = record_session(world.supervisor, fields).id
        db.session.commit()
    outcome = race(
        world.app,
        N,
        lambda: (
            db.session.get(User, world.trainee.id),
            db.session.get(SupervisionSession, session_id),
        ),
        lambda loaded: acknowledge_session(*loaded),
        PracticeError,
    )
    # Acknowledging is idempotent by design (a second tap changes nothing, no error): one call
    # acknowledges, the others are told it already is; audited once.
    assert outcome.errors == [] and outcome.refusals == []
    assert sorted(outcome.successes) == [False] * (N - 1) + [True]
    assert audit_count(world.app, "practice_session.acknowledged", session_id) == 1


def _reflection_and_status(world, entry_id):
    with world.app.app_context():
        entry = db.session.get(PracticeEntry, entry_id)
        found = entry.reflection, entry.status
        db.session.remove()
        return found


def test_an_edit_from_a_page_loaded_before_the_submission_changes_nothing(world):
    """Edit-vs-submit (issue 16): a tab that loaded the draft before another tab submitted it
    cannot change the submitted entry afterwards; it is told the entry is no longer a draft."""
    with kept_loaded(world.app):
        entry_id = log_entry(world, reflection="Met the family; agreed a plan.").id
    with world.app.app_context():
        stale = db.session.get(PracticeEntry, entry_id)  # the edit page, before the submission
        db.session.expunge(stale)
        db.session.remove()
    with world.app.app_context():
        trainee, entry = _entry_and(world, world.trainee.id, entry_id)
        submit_entries(trainee, [entry], confirmed=True)
        db.session.commit()
        db.session.remove()
    with world.app.app_context():
        trainee = db.session.get(User, world.trainee.id)
        typed = entry_fields(world, 1, reflection="Typed after the submission.")
        with pytest.raises(NotADraft, match="This entry is no longer a draft."):
            update_entry(trainee, stale, typed)
        db.session.rollback()
        db.session.remove()
    assert _reflection_and_status(world, entry_id) == (
        "Met the family; agreed a plan.",
        "submitted",
    )


def test_an_autosave_racing_a_submission_waits_and_is_refused(world):
    """On PostgreSQL with real threads: the submission holds the row while an autosave of the
    same draft arrives; the autosave waits for it, sees it submitted and changes nothing."""
    if world.app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite takes the write lock when a writing request begins")
    with kept_loaded(world.app):
        entry_id = log_entry(world, reflection="Met the family; agreed a plan.").id
    loaded, claimed = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def submitter():
        with world.app.app_context():
            try:
                trainee, entry = _entry_and(world, world.trainee.id, entry_id)
                loaded.wait(10)
                submit_entries(trainee, [entry], confirmed=True)
                claimed.set()
                time.sleep(0.5)  # the autosave now reaches the row and must wait
                db.session.commit()
                outcome["submit"] = "sent"
            except Exception as exc:
                outcome["submit"] = repr(exc)
            finally:
                claimed.set()
                db.session.remove()

    def autosave():
        with world.app.app_context():
            try:
                trainee, entry = _entry_and(world, world.trainee.id, entry_id)
                assert entry.editable  # the page was loaded while it was a draft
                loaded.set()
                claimed.wait(10)
                update_entry(trainee, entry, entry_fields(world, 1, reflection="Typed later."))
                db.session.commit()
                outcome["autosave"] = "saved"
            except NotADraft:
                db.session.rollback()
                outcome["autosave"] = "refused"
            except Exception as exc:
                outcome["autosave"] = repr(exc)
            finally:
                loaded.set()
                db.session.remove()

    threads = [threading.Thread(target=submitter), threading.Thread(target=autosave)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome == {"submit": "sent", "autosave": "refused"}
    assert _reflection_and_status(world, entry_id) == (
        "Met the family; agreed a plan.",
        "submitted",
    )
