"""A quiz's questions as a phone keeps them for offline reading: never with their answer keys."""

from __future__ import annotations

import json

from support import csrf_token, login

URL = "/learn/foundational/intro/quiz/questions.json"
REAL = "/learn/foundational/what-is-social-work/quiz/questions.json"
FORBIDDEN_KEYS = {"fraction", "feedback", "general_feedback", "correct", "feedback_true",
                  "feedback_false", "numerical", "pairs", "answers", "tolerance",
                  "value"}  # fmt: skip
# Feedback and accepted answers of the test quiz (conftest.INTRO_QUIZ) that must not travel.
SECRETS = ("Well done", "Think again", "strength", "assets", "Close.", "Yes.", "-100", "50")


def _keys(value) -> set:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_the_kept_questions_carry_no_answer_keys(taker):
    response = taker.client.get(URL)
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    text = json.dumps(data, ensure_ascii=False)
    assert not _keys(data) & FORBIDDEN_KEYS
    for secret in SECRETS:
        assert secret not in text, secret
    by_type = {q["type"]: q for q in data["questions"]}
    assert set(by_type) == {
        "multichoice", "multiresponse", "truefalse", "shortanswer", "numerical", "matching", "essay"
    }  # fmt: skip
    options = by_type["multichoice"]["options"]
    assert sorted(options) == ["Also wrong", "Right", "Wrong"]
    assert options != ["Right", "Wrong", "Also wrong"]  # the file's order puts the right one first
    assert by_type["matching"]["items"] == ["Cat", "Dog", "Cow"]
    assert sorted(by_type["matching"]["choices"]) == ["Meow", "Moo", "Quack", "Woof"]
    assert "Which is right?" in by_type["multichoice"]["html"]
    assert data["settings"] == {
        "pass_mark": 60, "attempts": 2, "time_limit_minutes": 10, "questions": None
    }  # fmt: skip
    assert taker.client.get(URL).get_json() == data  # the same order every time


def test_the_kept_questions_are_in_the_readers_language(client, factory):
    trainee = factory.user("keeper", "trainee")
    factory.cohort("C-keeper", trainees=[trainee])
    login(client, "keeper")
    english = client.get(REAL).get_json()
    client.post("/language", data={"language": "ru", "csrf_token": csrf_token(client, "/")})
    russian = client.get(REAL).get_json()
    assert english["language"] == "en" and russian["language"] == "ru"
    assert len(english["questions"]) == len(russian["questions"]) > 0
    assert english["questions"][0]["html"] != russian["questions"][0]["html"]
    assert not _keys(russian) & FORBIDDEN_KEYS


def test_only_readers_of_the_programme_get_the_questions(app, client, factory, quiz_content):
    assert app.test_client().get(URL).status_code == 302  # to the login page
    factory.user("outsider", "trainee")
    login(client, "outsider")
    assert client.get(URL).status_code == 404
    assert client.get("/learn/foundational/nope/quiz/questions.json").status_code == 404
