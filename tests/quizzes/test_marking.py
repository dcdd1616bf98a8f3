"""Trainers grade essays from their queue and override marks with a reason; all audited."""

import pytest
from support import login, post_form

QUIZ = "/learn/foundational/intro/quiz"


@pytest.fixture
def essay_attempt(taker):
    attempt_id = taker.start()
    taker.answer_everything_right(attempt_id)
    taker.submit(attempt_id, 4, {"q6": "I listen first, then plan with the family."})
    return attempt_id


def _mark_url(attempt_id: int, position: int) -> str:
    return f"/quiz/attempts/{attempt_id}/questions/{position}/mark"


def test_the_trainer_sees_the_essay_in_the_queue(trainer, essay_attempt):
    html = trainer.get("/quiz/grading").get_data(as_text=True)
    assert "Aýna Meredowa" in html and "Essay" in html
    assert _mark_url(essay_attempt, 6) in html


def test_a_trainer_of_another_cohort_sees_nothing_and_gets_404(app, factory, essay_attempt):
    factory.user("serdar", "trainer")
    client = app.test_client()
    login(client, "serdar")
    assert "Nothing is waiting for a mark." in client.get("/quiz/grading").get_data(as_text=True)
    assert client.get(f"/quiz/attempts/{essay_attempt}/review").status_code == 404
    assert client.get(_mark_url(essay_attempt, 6)).status_code == 404


def test_coordinators_get_404_and_the_trainee_cannot_mark(app, factory, taker, essay_attempt):
    factory.user("ogul", "coordinator")
    client = app.test_client()
    login(client, "ogul")
    assert client.get(f"/quiz/attempts/{essay_attempt}/review").status_code == 404
    assert taker.client.get(_mark_url(essay_attempt, 6)).status_code == 403


def test_grading_the_essay_finishes_the_attempt_and_is_audited(
    trainer, taker, essay_attempt, audited
):
    response = post_form(
        trainer,
        _mark_url(essay_attempt, 6),
        {"mark": "0.5", "comment": "Good start. **Add** the family's view.<script>x()</script>"},
    )
    assert response.status_code == 302
    attempt = taker.attempt(essay_attempt)
    assert attempt.state == "graded" and attempt.marks == 6.5
    assert attempt.grade_percent == round(650 / 7, 2) and attempt.passed
    (event,) = audited("quiz.essay_graded")
    assert event.details["after"] == 0.5 and event.details["question"] == "T-INT-07"
    html = taker.client.get(f"/quiz/attempts/{essay_attempt}/review").get_data(as_text=True)
    # A trainer's comment is user text: escaped, as written, never Markdown (finding 5).
    assert "**Add**" in html and "<script>" not in html and "&lt;script&gt;" in html
    assert "Nothing is waiting" in trainer.get("/quiz/grading").get_data(as_text=True)


def test_an_override_needs_a_reason(trainer, taker, essay_attempt, audited):
    response = post_form(trainer, _mark_url(essay_attempt, 0), {"mark": "0.5", "reason": " "})
    assert response.status_code == 200
    assert "Give a reason for changing the mark." in response.get_data(as_text=True)
    assert taker.attempt(essay_attempt).response_at(0).fraction == 1.0
    assert audited("quiz.mark_overridden") == []


@pytest.mark.parametrize("mark", ["-0.5", "1.5", "nan", "inf", "lots", ""])
def test_an_override_outside_zero_to_max_changes_nothing(trainer, taker, essay_attempt, mark):
    response = post_form(trainer, _mark_url(essay_attempt, 0), {"mark": mark, "reason": "Typo"})
    assert response.status_code == 200
    assert 'class="error' in response.get_data(as_text=True) or "must be from 0" in (
        response.get_data(as_text=True)
    )
    assert taker.attempt(essay_attempt).response_at(0).fraction == 1.0


def test_an_override_with_a_reason_changes_the_grade_and_is_audited(
    trainer, taker, essay_attempt, audited
):
    post_form(trainer, _mark_url(essay_attempt, 6), {"mark": "1"})
    response = post_form(
        trainer,
        _mark_url(essay_attempt, 0),
        {"mark": "0", "reason": "The trainee copied a colleague's answer."},
    )
    assert response.status_code == 302
    attempt = taker.attempt(essay_attempt)
    assert attempt.response_at(0).fraction == 0.0 and attempt.marks == 6
    (event,) = audited("quiz.mark_overridden")
    assert event.details["before"] == 1.0 and event.details["after"] == 0.0
    assert event.details["reason"] == "The trainee copied a colleague's answer."
    assert event.details["grade_before"] == 100.0 and event.details["grade_after"] == round(
        600 / 7, 2
    )


def test_an_attempt_in_progress_cannot_be_marked(trainer, taker):
    attempt_id = taker.start()
    response = post_form(trainer, _mark_url(attempt_id, 0), {"mark": "1", "reason": "Early"})
    assert "still in progress" in response.get_data(as_text=True)
    assert taker.attempt(attempt_id).response_at(0).fraction is None


def test_trainers_review_shows_everything_and_mark_links(trainer, essay_attempt):
    html = trainer.get(f"/quiz/attempts/{essay_attempt}/review").get_data(as_text=True)
    assert "The right answer:" in html and "Give a mark" in html and "Change the mark" in html
    assert "Aýna Meredowa" in html


def test_the_grader_sees_the_essays_model_answer_and_rubric(taker, trainer, quiz_content):
    quiz = quiz_content / "foundational" / "01-intro" / "quiz.gift"
    rubric = "####Model answer: listen first, then plan. Rubric: 1 mark for listening first."
    quiz.write_text(
        quiz.read_text().replace("Describe your practice.{}", f"Describe it.{{{rubric}}}")
    )
    attempt_id = taker.start()
    taker.answer_everything_right(attempt_id)
    taker.submit(attempt_id, 4, {"q6": "I listen first, then plan with the family."})
    html = trainer.get(_mark_url(attempt_id, 6)).get_data(as_text=True)
    assert "Model answer and marking rubric" in html and "1 mark for listening first" in html


def test_an_identifying_comment_or_reason_needs_a_confirmation(trainer, taker, essay_attempt):
    """A trainer's feedback and a mark's reason pass the privacy guard (issue 16)."""
    url = _mark_url(essay_attempt, 6)
    texts = {"mark": "0.5", "comment": "Like the case of Ogulgerek Annaýewa, tel 865123456."}
    refused = post_form(trainer, url, texts)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Could this identify someone?" in html
    assert "Ogulgerek Annaýewa, tel 865123456." in html
    assert taker.attempt(essay_attempt).state == "needs_grading"
    assert post_form(trainer, url, {**texts, "confirm_privacy": "y"}).status_code == 302
    assert taker.attempt(essay_attempt).state == "graded"
    change = {"mark": "1", "reason": "Discussed with Maral Orazowa's family.", "comment": ""}
    refused = post_form(trainer, url, change)
    assert refused.status_code == 422 and "Maral Orazowa" in refused.get_data(as_text=True)
    assert taker.attempt(essay_attempt).marks == 6.5
    assert post_form(trainer, url, {**change, "confirm_privacy": "y"}).status_code == 302
    assert taker.attempt(essay_attempt).marks == 7
