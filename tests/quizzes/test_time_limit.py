"""The deadline is the server's: late answers are not counted, abandoned attempts close."""

from datetime import timedelta

from sqlalchemy import update
from support import login

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.quizzes.models import QuizAttempt

QUIZ = "/learn/foundational/intro/quiz"


def _time_runs_out(app, attempt_id: int) -> None:
    with app.app_context():
        db.session.execute(
            update(QuizAttempt)
            .where(QuizAttempt.id == attempt_id)
            .values(deadline=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
        db.session.expire_all()


def test_the_deadline_is_the_start_plus_the_time_limit(taker):
    attempt = taker.attempt(taker.start())
    assert attempt.deadline - attempt.started_at == timedelta(minutes=10)


def test_a_save_after_the_deadline_closes_the_attempt_without_the_late_answers(app, taker):
    attempt_id = taker.start()
    taker.save(attempt_id, 1, {"q0": "0"})
    token = taker.token(attempt_id)
    _time_runs_out(app, attempt_id)
    response = taker.save(attempt_id, 2, {"q2": "true"}, go=3, token=token)
    assert response.location == f"/quiz/attempts/{attempt_id}/review"
    attempt = taker.attempt(attempt_id)
    assert attempt.state == "finished"
    assert attempt.finished_by == "deadline" and attempt.late_answers_ignored
    assert attempt.response_at(0).fraction == 1.0  # saved before the deadline: counted
    assert attempt.response_at(2).response is None  # sent late: not counted
    html = taker.client.get(response.location).get_data(as_text=True)
    assert "the late answers were not counted" in html
    assert "Answers sent after the time limit were not counted." in html


def test_a_submit_after_the_deadline_grades_what_was_saved_before(app, taker):
    attempt_id = taker.start()
    taker.save(attempt_id, 1, {"q0": "0", "q1": ["0", "1"]})
    token = taker.token(attempt_id)
    _time_runs_out(app, attempt_id)
    response = taker.submit(attempt_id, 4, {"q6": "Written too late."}, token=token)
    assert response.location == f"/quiz/attempts/{attempt_id}/review"
    attempt = taker.attempt(attempt_id)
    assert attempt.state == "finished" and attempt.late_answers_ignored
    assert attempt.response_at(6).response is None
    assert attempt.marks == 2 and attempt.grade_percent == round(200 / 7, 2)


def test_an_autosave_after_the_deadline_says_the_attempt_is_closed(app, taker):
    attempt_id = taker.start()
    token = taker.token(attempt_id)
    _time_runs_out(app, attempt_id)
    response = taker.save(attempt_id, 1, {"q0": "0", "autosave": "1"}, token=token)
    assert response.get_json() == {"saved": False, "closed": True}
    assert taker.attempt(attempt_id).response_at(0).response is None


def test_an_abandoned_attempt_is_closed_when_the_trainee_comes_back(app, taker):
    attempt_id = taker.start()
    taker.save(attempt_id, 1, {"q0": "0"})
    _time_runs_out(app, attempt_id)
    html = taker.client.get(QUIZ).get_data(as_text=True)
    assert "time ran out" in html and "Start attempt 2" in html
    attempt = taker.attempt(attempt_id)
    assert attempt.state == "finished" and attempt.finished_by == "deadline"
    assert not attempt.late_answers_ignored
    assert attempt.finished_at == attempt.deadline and attempt.marks == 1


def test_opening_an_attempt_whose_time_ran_out_shows_its_review(app, taker):
    attempt_id = taker.start()
    _time_runs_out(app, attempt_id)
    response = taker.client.get(f"/quiz/attempts/{attempt_id}")
    assert response.location == f"/quiz/attempts/{attempt_id}/review"
    assert taker.attempt(attempt_id).state == "finished"


def test_a_trainer_opening_an_abandoned_attempt_closes_it(app, taker):
    attempt_id = taker.start()
    _time_runs_out(app, attempt_id)
    trainer = app.test_client()
    login(trainer, "merdan")
    html = trainer.get(f"/quiz/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "Time ran out" in html
    assert taker.attempt(attempt_id).state == "finished"


def test_starting_again_after_an_abandoned_attempt_opens_a_new_one(app, taker):
    first = taker.start()
    _time_runs_out(app, first)
    second = taker.start()
    assert second != first
    assert taker.attempt(first).state == "finished"
    assert taker.attempt(second).number == 2 and taker.attempt(second).in_progress
