"""What other packages read: best result per quiz, and question outcomes of latest attempts."""

from lms.core.extensions import db
from lms.quizzes.models import QuizAttempt
from lms.quizzes.results import (
    QuizResult,
    best_results,
    best_results_for,
    question_outcomes,
)

WRONG = {0: 1, 1: [2], 2: False}
RIGHT = {0: 0, 1: [0, 1], 2: True, 3: "strengths", 4: "7"}


def test_best_results_per_module(app, people, finish_attempt):
    trainee = people["trainee"]
    finish_attempt(trainee, WRONG)
    finish_attempt(trainee, RIGHT)
    finish_attempt(trainee, {0: 0}, module="later")
    with app.app_context():
        results = best_results(trainee.id, "foundational")
    assert results["intro"] == QuizResult(best_percent=round(500 / 7, 2), passed=True, attempts=2)
    assert results["later"] == QuizResult(best_percent=0.0, passed=False, attempts=1)
    with app.app_context():
        assert best_results(trainee.id, "advanced") == {}
        others = best_results_for([trainee.id, people["trainer"].id], "foundational")
    assert others == {trainee.id: results}  # someone without attempts is left out


def test_an_attempt_awaiting_a_trainer_has_no_final_grade_yet(app, people, finish_attempt):
    trainee = people["trainee"]
    finish_attempt(trainee, {**RIGHT, 6: "My essay."})
    with app.app_context():
        result = best_results(trainee.id, "foundational")["intro"]
    assert result == QuizResult(best_percent=0.0, passed=False, attempts=1)


def test_question_outcomes_come_from_the_latest_attempt_only(app, people, finish_attempt):
    trainee = people["trainee"]
    finish_attempt(trainee, WRONG)
    latest = finish_attempt(trainee, {**RIGHT, 6: "My essay."})
    with app.app_context():
        outcomes = question_outcomes(trainee.id)
    assert {o.attempt_id for o in outcomes} == {latest.id}
    by_id = {o.question_id: o for o in outcomes}
    assert set(by_id) == {f"T-INT-0{n}" for n in range(1, 7)}  # the essay awaits its mark
    assert by_id["T-INT-01"].fraction == 1.0 and by_id["T-INT-01"].competencies == ("ETH-1",)
    assert by_id["T-INT-06"].fraction == 0.0 and by_id["T-INT-06"].competencies == ("COM-1",)
    assert by_id["T-INT-01"].programme == "foundational" and by_id["T-INT-01"].module == "intro"


def test_no_outcomes_without_a_submitted_attempt(app, people, taker):
    taker.start()
    with app.app_context():
        assert question_outcomes(people["trainee"].id) == []


def test_outcomes_read_the_codes_stored_with_each_answer_not_the_snapshot(
    app, people, finish_attempt
):
    attempt = finish_attempt(people["trainee"], RIGHT)
    with app.app_context():
        stored = db.session.get(QuizAttempt, attempt.id)
        codes = [response.competencies for response in stored.responses]
        assert codes == ["ETH-1", "COM-1"] * 3 + ["ETH-1"]  # copied when the attempt started
        stored.set_questions([{**q, "tags": []} for q in stored.questions])
        db.session.commit()
        outcomes = question_outcomes(people["trainee"].id)
    assert {o.question_id: o.competencies for o in outcomes}["T-INT-01"] == ("ETH-1",)
