"""A trainee takes a quiz: start, answer page by page, resume, submit, review."""

import re

from sqlalchemy import func, select
from support import csrf_token, login

from lms.core.extensions import db
from lms.quizzes.models import QuizAttempt, QuizResponse

QUIZ = "/learn/foundational/intro/quiz"


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_quiz_page_shows_the_settings_and_a_start_button(taker):
    html = taker.client.get(QUIZ).get_data(as_text=True)
    assert "Pass mark" in html and "60%" in html and "10 minutes" in html
    assert "Start the quiz" in html


def test_module_page_links_to_its_quiz(taker):
    html = taker.client.get("/learn/foundational/intro/").get_data(as_text=True)
    assert 'href="/learn/foundational/intro/quiz"' in html
    # the quiz's settings are sentences, each after a space (not "3.Time limit")
    settings = html.split("Pass mark", 1)[1].split("</p>", 1)[0]
    assert "Time limit" in settings and not re.search(r"\.\S", settings.replace("%.", "% "))


def test_starting_serves_a_snapshot_and_the_first_page(taker):
    attempt_id = taker.start()
    attempt = taker.attempt(attempt_id)
    assert attempt.state == "in_progress" and attempt.number == 1
    assert [q["id"] for q in attempt.questions] == [f"T-INT-0{i}" for i in range(1, 8)]
    assert attempt.deadline is not None
    html = taker.client.get(f"/quiz/attempts/{attempt_id}").get_data(as_text=True)
    assert "Which is right?" in html and "Choose two." in html
    assert "Listening matters" not in html  # on page 2
    assert "Page 1 of 4" in html


def test_answers_are_saved_on_each_page_and_an_attempt_resumes(taker):
    attempt_id = taker.start()
    response = taker.save(attempt_id, 1, {"q0": "0", "q1": ["0", "1"]}, go=2)
    assert response.status_code == 302 and response.location.endswith("page=2")
    assert taker.start() == attempt_id  # starting again resumes the same attempt
    page = taker.client.get(f"/quiz/attempts/{attempt_id}?page=1").get_data(as_text=True)
    assert 'value="0" checked' in page and 'value="1" checked' in page
    attempt = taker.attempt(attempt_id)
    assert attempt.response_at(0).response == 0 and attempt.response_at(1).response == [0, 1]


def test_unticking_everything_on_a_page_clears_the_saved_answer(taker):
    attempt_id = taker.start()
    taker.save(attempt_id, 1, {"q0": "1", "q1": ["2"]})
    taker.save(attempt_id, 1, {})
    attempt = taker.attempt(attempt_id)
    assert attempt.response_at(0).response is None and attempt.response_at(1).response is None


def test_submitting_everything_right_with_an_essay_awaits_a_trainer(taker):
    attempt_id = taker.start()
    taker.answer_everything_right(attempt_id)
    response = taker.submit(attempt_id, 4, {"q6": "I listen first, then plan with the family."})
    assert (
        response.status_code == 302 and response.location == f"/quiz/attempts/{attempt_id}/review"
    )
    attempt = taker.attempt(attempt_id)
    assert attempt.state == "needs_grading" and attempt.grade_percent is None
    assert attempt.marks == 6 and attempt.max_marks == 7
    html = taker.client.get(response.location).get_data(as_text=True)
    assert "Your attempt has been submitted." in html
    assert "Awaiting a trainer" in html


def test_submitting_without_the_essay_grades_at_once(taker):
    attempt_id = taker.start()
    taker.answer_everything_right(attempt_id, essay=False)
    taker.submit(attempt_id, 4)
    attempt = taker.attempt(attempt_id)
    assert attempt.state == "finished"
    assert attempt.grade_percent == round(600 / 7, 2) and attempt.passed is True


def test_review_follows_the_after_submit_options(taker):
    attempt_id = taker.start()
    taker.save(attempt_id, 1, {"q0": "1"})
    taker.submit(attempt_id, 4)
    html = taker.client.get(f"/quiz/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "Grade" in html and "not passed" in html  # marks are shown after submitting
    assert "Incorrect" in html
    assert "The right answer" not in html  # right answers only once the quiz is closed
    assert "Well done." not in html and "No." not in html  # no feedback after submit here


def test_review_after_close_shows_right_answers_and_feedback(taker):
    for _ in range(2):  # the limit is 2 attempts: after the second the quiz is closed
        attempt_id = taker.start()
        taker.save(attempt_id, 1, {"q0": "1"})
        taker.submit(attempt_id, 4)
    html = taker.client.get(f"/quiz/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "The right answer:" in html and "Right" in html
    assert "No." in html  # the feedback of the option chosen
    quiz_page = taker.client.get(QUIZ).get_data(as_text=True)
    assert "You have used all your attempts at this quiz." in quiz_page


def test_starting_beyond_the_limit_is_refused_and_creates_nothing(app, taker):
    for _ in range(2):
        attempt_id = taker.start()
        taker.submit(attempt_id, 4)
    before = _count(app, QuizAttempt)
    token = csrf_token(taker.client, QUIZ)
    response = taker.client.post(QUIZ + "/start", data={"csrf_token": token})
    assert response.status_code == 302 and response.location == QUIZ
    assert "You have used all your attempts" in taker.client.get(QUIZ).get_data(as_text=True)
    assert _count(app, QuizAttempt) == before


def test_a_passed_quiz_is_closed_for_the_trainee(taker):
    attempt_id = taker.start()
    taker.answer_everything_right(attempt_id, essay=False)
    taker.submit(attempt_id, 4)
    html = taker.client.get(QUIZ).get_data(as_text=True)
    assert "You have passed this quiz." in html and "Best grade: 85.7%" in html
    token = csrf_token(taker.client, QUIZ)
    taker.client.post(QUIZ + "/start", data={"csrf_token": token})
    assert taker.attempt(attempt_id).number == 1
    assert "closed for you" in taker.client.get(QUIZ).get_data(as_text=True)


def test_a_locked_module_cannot_be_attempted(app, taker):
    later = "/learn/foundational/later/quiz"
    html = taker.client.get(later).get_data(as_text=True)
    assert "This quiz opens when you have completed: Intro." in html
    assert "Start the quiz" not in html
    response = taker.client.post(
        later + "/start", data={"csrf_token": csrf_token(taker.client, later)}
    )
    assert response.status_code == 302
    assert _count(app, QuizAttempt) == 0


def test_a_quiz_of_a_programme_not_enrolled_in_is_404(app, client, factory, quiz_content):
    factory.user("outsider", "trainee")
    login(client, "outsider")
    assert client.get(QUIZ).status_code == 404
    response = client.post(QUIZ + "/start", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404


def test_staff_see_the_quiz_page_but_cannot_start(client, people, quiz_content):
    login(client, "merdan")
    html = client.get(QUIZ).get_data(as_text=True)
    assert "Item statistics" in html and "Start the quiz" not in html
    response = client.post(QUIZ + "/start", data={"csrf_token": csrf_token(client, QUIZ)})
    assert response.status_code == 403


def test_a_forged_choice_is_refused_and_nothing_is_saved(taker):
    attempt_id = taker.start()
    taker.save(attempt_id, 1, {"q0": "1"})
    for forged in ({"q0": "7"}, {"q0": "-1"}, {"q0": "x"}, {"q1": ["0", "9"]}):
        assert taker.save(attempt_id, 1, forged).status_code == 400
    assert taker.attempt(attempt_id).response_at(0).response == 1


def test_answers_for_questions_not_on_the_page_or_not_in_the_attempt_are_refused(taker):
    attempt_id = taker.start()
    for forged in ({"q2": "true"}, {"q99": "0"}, {"qx": "0"}, {"q5-0": "0"}):
        assert taker.save(attempt_id, 1, forged).status_code == 400, forged
    assert taker.save(attempt_id, 3, {"q5-7": "0"}).status_code == 400
    assert taker.save(attempt_id, 9, {}).status_code == 400
    assert taker.submit(attempt_id, 1, {"q0": "5"}).status_code == 400
    attempt = taker.attempt(attempt_id)
    assert attempt.state == "in_progress"
    assert all(r.response is None for r in attempt.responses)


def test_someone_elses_attempt_is_404(app, taker, factory, people):
    attempt_id = taker.start()
    other = factory.user("other", "trainee")
    factory.cohort("FND-O", trainees=[other])
    client = app.test_client()
    login(client, "other")
    token = csrf_token(client, QUIZ)
    assert client.get(f"/quiz/attempts/{attempt_id}").status_code == 404
    assert client.get(f"/quiz/attempts/{attempt_id}/review").status_code == 404
    data = {"csrf_token": token, "page": "1", "q0": "0"}
    assert client.post(f"/quiz/attempts/{attempt_id}", data=data).status_code == 404
    assert client.post(f"/quiz/attempts/{attempt_id}/submit", data=data).status_code == 404
    assert taker.attempt(attempt_id).state == "in_progress"


def test_saving_needs_the_csrf_token(taker):
    attempt_id = taker.start()
    response = taker.client.post(f"/quiz/attempts/{attempt_id}", data={"page": "1", "q0": "0"})
    assert response.status_code == 400
    assert taker.attempt(attempt_id).response_at(0).response is None


def test_autosave_answers_with_json(taker):
    attempt_id = taker.start()
    response = taker.save(attempt_id, 2, {"q2": "false", "q3": "assets", "autosave": "1"})
    assert response.status_code == 200 and response.get_json() == {"saved": True, "closed": False}
    attempt = taker.attempt(attempt_id)
    assert attempt.response_at(2).response is False and attempt.response_at(3).response == "assets"


def test_every_served_question_gets_one_response_row(app, taker):
    attempt_id = taker.start()
    with app.app_context():
        positions = db.session.scalars(
            select(QuizResponse.position).where(QuizResponse.attempt_id == attempt_id)
        ).all()
    assert sorted(positions) == list(range(7))
