"""``lms quiz regrade`` carries a fixed answer key into submitted attempts, audited."""

from support import login, post_form

from lms.core.extensions import db
from lms.quizzes.models import QuizAttempt

FIXED_KEY = (
    "{=Right#Well done. ~Wrong#No. ~Also wrong#No.}",
    "{~Right#No. =Wrong#Yes. ~Also wrong#No.}",
)


def _edit_quiz(quiz_content, old: str, new: str) -> None:
    path = quiz_content / "foundational/01-intro/quiz.gift"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _regrade(runner, module: str = "intro"):
    return runner.invoke(
        args=["quiz", "regrade", "--programme", "foundational", "--module", module]
    )


def _get(app, attempt_id) -> QuizAttempt:
    with app.app_context():
        db.session.expire_all()
        return db.session.get(QuizAttempt, attempt_id)


def test_regrade_applies_the_fixed_key_and_audits_each_attempt(
    app, runner, people, quiz_content, finish_attempt, audited
):
    attempt = finish_attempt(people["trainee"], {0: 1, 2: True})
    assert _get(app, attempt.id).marks == 1
    _edit_quiz(quiz_content, *FIXED_KEY)
    result = _regrade(runner)
    assert result.exit_code == 0, result.output
    assert "Regraded 1 attempt of" in result.output and "ayna" in result.output
    regraded = _get(app, attempt.id)
    assert regraded.marks == 2 and regraded.response_at(0).fraction == 1.0
    assert regraded.response_at(0).competencies == "ETH-1"  # the served tags are kept
    assert regraded.questions[0]["answers"][1] == {
        "text": "Wrong",
        "fraction": 1.0,
        "feedback": "Yes.",
    }
    (event,) = audited("quiz.regraded")
    assert event.details["before"] == round(100 / 7, 2) and event.details["after"] == round(
        200 / 7, 2
    )
    again = _regrade(runner)  # nothing differs any more
    assert "Regraded 0 attempts of" in again.output and len(audited("quiz.regraded")) == 1


def test_regrade_keeps_trainers_marks_and_attempts_in_progress(
    app, runner, people, quiz_content, finish_attempt, taker
):
    attempt = finish_attempt(people["trainee"], {0: 1})
    trainer = app.test_client()
    login(trainer, "merdan")
    url = f"/quiz/attempts/{attempt.id}/questions/0/mark"
    post_form(trainer, url, {"mark": "0.5", "reason": "Partly right, explained in class."})
    ongoing = taker.start()
    _edit_quiz(quiz_content, *FIXED_KEY)
    assert _regrade(runner).exit_code == 0
    assert _get(app, attempt.id).response_at(0).fraction == 0.5  # the trainer's mark stays
    assert _get(app, ongoing).questions[0]["answers"][0]["fraction"] == 1.0  # served key kept


def test_reworded_options_are_reported_and_left_alone(
    app, runner, people, quiz_content, finish_attempt
):
    attempt = finish_attempt(people["trainee"], {0: 0})
    _edit_quiz(quiz_content, "~Also wrong#No.", "~Quite wrong#No.")
    result = _regrade(runner)
    assert "T-INT-01: options changed" in result.output
    assert _get(app, attempt.id).questions[0]["answers"][2]["text"] == "Also wrong"


def test_regrade_of_an_unknown_quiz_or_a_broken_file_fails_clearly(runner, quiz_content):
    result = _regrade(runner, module="nope")
    assert result.exit_code == 1 and "no quiz for programme" in result.output
    _edit_quiz(quiz_content, "::Choice::Which is right?{", "::Choice::Which is right?")
    result = _regrade(runner)
    assert result.exit_code == 1 and "quiz.gift:" in result.output
    assert "Traceback" not in result.output
