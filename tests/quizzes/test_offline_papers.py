"""Offline papers: reserved online (the drawn questions kept on the server, no answer keys on
the page), answered on the phone, sent once when the connection returns. A repeat gives the same
result; timed quizzes are not offered; refusals are problem+json with the reason."""

from __future__ import annotations

import re

import pytest
from content_tree import use_content
from quizzes.conftest import RIGHT, QuizDriver, write_quiz_content
from sqlalchemy import func, select
from support import csrf_token, login

from lms.core.extensions import db
from lms.quizzes.models import QuizAttempt

QUIZ = "/learn/foundational/intro/quiz"


@pytest.fixture
def untimed(app, tmp_path):
    root = write_quiz_content(tmp_path / "content")
    module = root / "foundational" / "01-intro" / "module.md"
    module.write_text(module.read_text().replace("time_limit_minutes: 10, ", ""))
    restore = use_content(app, root)
    yield root
    restore()


@pytest.fixture
def paper_taker(app, client, people, untimed):
    login(client, "ayna")
    return QuizDriver(app, client)


def _reserve(client) -> int:
    response = client.post(QUIZ + "/paper", data={"csrf_token": csrf_token(client, QUIZ)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/quiz/papers/(\d+)$", response.location).group(1))


def _answers(taker, attempt_id) -> dict:
    return {
        **{k: v for k, v in RIGHT.items() if v is not None},
        **taker.right_matching(attempt_id),
    }


def _sync(client, attempt_id, answers, user_id, **more):
    token = csrf_token(client, "/")  # the logout form's: the session's token
    body = {"user_id": user_id, "answers": answers, **more}
    return client.post(f"/quiz/papers/{attempt_id}/sync", json=body, headers={"X-CSRFToken": token})


def _attempts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(QuizAttempt))


def test_a_paper_shows_every_question_and_no_answer_key(paper_taker, client):
    attempt_id = _reserve(client)
    page = client.get(f"/quiz/papers/{attempt_id}").get_data(as_text=True)
    for position in range(7):
        assert f'id="q{position}"' in page
    assert "Well done" not in page and "fraction" not in page  # no feedback, no key
    assert _reserve(client) == attempt_id  # reserving again gives the same paper


def test_a_paper_is_submitted_and_graded_once(paper_taker, client, app, people):
    attempt_id = _reserve(client)
    answers = _answers(paper_taker, attempt_id)
    first = _sync(client, attempt_id, answers, people["trainee"].id)
    assert first.status_code == 200 and first.json["submitted_now"] is True
    graded = paper_taker.attempt(attempt_id)
    assert graded.state == "needs_grading" and graded.finished_at is not None
    again = _sync(client, attempt_id, {"q0": "1"}, people["trainee"].id)  # a retry, a 2nd tab
    assert again.status_code == 200 and again.json["submitted_now"] is False
    assert again.json["state"] == first.json["state"] and again.json["url"] == first.json["url"]
    later = paper_taker.attempt(attempt_id)
    assert later.response_at(0).response == 0 and later.finished_at == graded.finished_at
    assert _attempts(app) == 1


def test_without_javascript_the_paper_posts_as_a_form(paper_taker, client):
    attempt_id = _reserve(client)
    token = csrf_token(client, f"/quiz/papers/{attempt_id}")
    response = client.post(
        f"/quiz/papers/{attempt_id}/sync", data={"csrf_token": token, "q0": "0", "q2": "true"}
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/quiz/attempts/{attempt_id}/review")
    assert paper_taker.attempt(attempt_id).response_at(2).response is True


def test_an_identifying_essay_comes_back_with_the_warning(paper_taker, client, people):
    attempt_id = _reserve(client)
    essay = {"q6": "I visited the family; her number is +993 65 123456."}
    response = _sync(client, attempt_id, essay, people["trainee"].id)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "phone" in {w["kind"] for w in response.json["warnings"]}
    attempt = paper_taker.attempt(attempt_id)
    assert attempt.in_progress and attempt.response_at(6).response == essay["q6"]  # kept
    confirmed = _sync(client, attempt_id, essay, people["trainee"].id, confirm_privacy=True)
    assert confirmed.status_code == 200 and confirmed.json["submitted_now"] is True


def test_timed_quizzes_are_not_offered_as_papers(taker, client, app):
    page = client.get(QUIZ).get_data(as_text=True)
    assert "/quiz/paper" not in page and "cannot be taken offline" in page
    response = client.post(QUIZ + "/paper", data={"csrf_token": csrf_token(client, QUIZ)})
    assert response.status_code == 302 and response.location.endswith(QUIZ)
    assert _attempts(app) == 0
    attempt_id = taker.start()  # a timed attempt started online is not synced as a paper
    response = _sync(client, attempt_id, {"q0": "0"}, taker.attempt(attempt_id).user_id)
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert taker.attempt(attempt_id).in_progress
    assert client.get(f"/quiz/papers/{attempt_id}").location.endswith(f"/attempts/{attempt_id}")


def test_another_persons_paper_or_work_is_refused(paper_taker, client, app, factory, people):
    attempt_id = _reserve(client)
    wrong_user = _sync(client, attempt_id, {"q0": "0"}, people["trainee"].id + 1000)
    assert wrong_user.status_code == 403
    other = factory.user("aylar", "trainee")
    people["cohort"]  # noqa: B018 - the fixture's cohort; aylar is not in it, and needs not be
    stranger = app.test_client()
    login(stranger, "aylar")
    token = csrf_token(stranger, "/")
    response = stranger.post(
        f"/quiz/papers/{attempt_id}/sync",
        json={"user_id": other.id, "answers": {"q0": "0"}},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert stranger.get(f"/quiz/papers/{attempt_id}").status_code == 404
    assert paper_taker.attempt(attempt_id).in_progress


@pytest.mark.parametrize(
    "answers", [{"q0": "9"}, {"q9": "0"}, {"q0": ["0", "1"]}, {"q0": 1}, "x", {"x" * 3: "y"}]
)
def test_forged_answers_are_refused_and_nothing_changes(paper_taker, client, people, answers):
    attempt_id = _reserve(client)
    response = _sync(client, attempt_id, answers, people["trainee"].id)
    # A field that is not a question is refused too: the outbox sends only the answers (the
    # paper's form without JavaScript may carry other fields, which are ignored there).
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert paper_taker.attempt(attempt_id).in_progress


def test_without_a_session_the_paper_waits(paper_taker, client, app, people):
    attempt_id = _reserve(client)
    token = csrf_token(client, "/")
    client.post("/logout", data={"csrf_token": token})
    token = csrf_token(client, "/login")
    response = client.post(
        f"/quiz/papers/{attempt_id}/sync",
        json={"user_id": people["trainee"].id, "answers": {}},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 401
    assert paper_taker.attempt(attempt_id).in_progress
