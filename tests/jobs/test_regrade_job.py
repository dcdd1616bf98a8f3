"""Regrading a quiz as a job, with a real Huey consumer (SQLite storage always, Redis when
LMS_TEST_REDIS_URL is set): started from the quiz's statistics page, a trainer's regrade
changes their cohorts' attempts only, the job's page ends with a summary of what changed, and
running the job again changes nothing more and reports the same."""

from __future__ import annotations

from datetime import date

import pytest
from jobs.consumer import STORAGES, queue_app, queue_url, running_consumer, wait_for
from quizzes.conftest import write_quiz_content
from sqlalchemy import func, select
from support import PASSWORD, dispose, login, post_form

from lms.accounts.cohorts import CohortFields, create_cohort, set_cohort_people
from lms.accounts.users import NewUser, create_user
from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.courses.programmes import programme_codes
from lms.jobs.models import Job
from lms.jobs.running import execute
from lms.quizzes.attempts import QuizKey, start_attempt, submit_attempt
from lms.quizzes.bank import question_bank
from lms.quizzes.models import QuizAttempt

STATISTICS = "/learn/foundational/intro/quiz/statistics"
REGRADE = "/learn/foundational/intro/quiz/regrade"
OLD_KEY = "{=Right#Well done. ~Wrong#No. ~Also wrong#No.}"
NEW_KEY = "{~Right#No. =Wrong#Yes. ~Also wrong#No.}"


@pytest.fixture(params=STORAGES)
def live(request, empty_database, tmp_path):
    """Trainees ayna and merjen in the trainer's cohort, bahar in no cohort of his; each has
    submitted the intro quiz (ayna and bahar chose "Wrong", merjen "Right")."""
    content = write_quiz_content(tmp_path / "content")
    app = queue_app(empty_database, queue_url(request.param, tmp_path), CONTENT_DIR=content)
    attempts = {}
    with app.app_context():
        people = {
            name: create_user(NewUser(name, name.title(), PASSWORD, (role,)), actor_id=None)
            for name, role in (
                ("merdan", "trainer"),
                ("boss", "admin"),
                ("ayna", "trainee"),
                ("merjen", "trainee"),
                ("bahar", "trainee"),
            )
        }
        for code, trainers, trainees in (
            ("FND-A", ["merdan"], ["ayna", "merjen"]),
            ("FND-B", [], ["bahar"]),
        ):
            cohort = create_cohort(
                CohortFields(code, code, "foundational", date(2026, 9, 1), date(2026, 12, 1)),
                programmes=programme_codes(),
                actor_id=None,
            )
            set_cohort_people(
                cohort,
                trainer_ids=[people[n].id for n in trainers],
                trainee_ids=[people[n].id for n in trainees],
                actor_id=None,
            )
        module = catalogue().programme("foundational").module("intro")
        for name, choice in (("ayna", 1), ("merjen", 0), ("bahar", 1)):
            attempt = start_attempt(
                people[name].id, QuizKey("foundational", "intro"), module.quiz,
                question_bank(module),
            )  # fmt: skip
            submit_attempt(attempt, {0: choice, 2: True})
            attempts[name] = attempt.id
        db.session.commit()
        db.session.remove()
    gift = content / "foundational/01-intro/quiz.gift"
    gift.write_text(gift.read_text(encoding="utf-8").replace(OLD_KEY, NEW_KEY), encoding="utf-8")
    yield app, attempts, gift
    dispose(app)


def _client(app, username):
    client = app.test_client()
    login(client, username)
    return client


def _marks(app, attempts) -> dict[str, float]:
    with app.app_context():
        found = {n: db.session.get(QuizAttempt, i).marks for n, i in attempts.items()}
        db.session.remove()
        return found


def _regraded_events(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).where(AuditEvent.action == "quiz.regraded"))


def test_a_trainer_regrades_their_cohorts_attempts_with_a_summary(live):
    app, attempts, _gift = live
    before = _marks(app, attempts)
    client = _client(app, "merdan")
    assert "Regrade the attempts" in client.get(STATISTICS).get_data(as_text=True)
    with running_consumer(app):
        answer = post_form(client, REGRADE, {}, token_from=STATISTICS)
        assert answer.status_code == 302
        job_id = int(answer.location.rsplit("/", 1)[1])
        states = wait_for(client, job_id)
    assert [s["done"] for s in states] == sorted(s["done"] for s in states)
    last = states[-1]
    assert last["status"] == "done" and last["total"] == 2 and last["download"] is None
    assert last["summary"] == (
        "2 attempts changed: 1 now with more marks, 1 with fewer, 0 with as many. "
        "2 attempts checked."
    )
    after = _marks(app, attempts)
    assert after["ayna"] == before["ayna"] + 1 and after["merjen"] == before["merjen"] - 1
    assert after["bahar"] == before["bahar"]  # not in his cohorts
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)  # after a reload
    assert "Regrading a quiz" in page and "1 now with more marks" in page

    # A rerun (a retry, a worker killed after its last step): nothing more changes, the same
    # summary.
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.status = "queued"
        db.session.commit()
        execute(job_id)
        db.session.remove()
    assert _marks(app, attempts) == after
    assert _regraded_events(app) == 2
    assert client.get(f"/jobs/{job_id}.json").get_json()["summary"] == last["summary"]


def test_an_admin_regrades_every_attempt(live):
    app, attempts, _gift = live
    client = _client(app, "boss")
    with running_consumer(app):
        answer = post_form(client, REGRADE, {}, token_from=STATISTICS)
        job_id = int(answer.location.rsplit("/", 1)[1])
        last = wait_for(client, job_id)[-1]
    assert last["summary"].startswith("3 attempts changed: 2 now with more marks, 1 with fewer")


def test_a_broken_quiz_file_starts_nothing_and_trainees_cannot_start_it(live):
    app, _attempts, gift = live
    gift.write_text("::Broken::{=A ~B", encoding="utf-8")
    client = _client(app, "merdan")
    answer = post_form(client, REGRADE, {}, token_from=STATISTICS)
    assert answer.status_code == 302 and answer.location.endswith(STATISTICS)
    assert "cannot be read now" in client.get(STATISTICS).get_data(as_text=True)
    trainee = _client(app, "ayna")
    assert trainee.post(REGRADE, data={}).status_code in (400, 403)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job)) == 0
