"""Item statistics: first attempts of the viewer's cohorts, facility, discrimination, flags."""

import csv
import io

import pytest
from support import QueryCounter, login

STATS = "/learn/foundational/intro/quiz/statistics"

# Question 1 is answered right by the trainees who did worst on the rest: negative
# discrimination. Question 3 is right for everyone (too easy); question 6 for nobody (broken).
ANSWERS = {
    "a": {0: 1, 1: [0, 1], 2: True, 3: "strengths", 4: "7"},
    "b": {0: 1, 1: [0, 1], 2: True, 3: "strengths"},
    "c": {0: 0, 1: [2], 2: True, 3: "no idea"},
    "d": {0: 0, 1: [2], 2: True, 3: "no idea"},
}


@pytest.fixture
def cohort_attempts(factory, people, finish_attempt):
    trainees = [factory.user(name, "trainee") for name in ANSWERS]
    factory.cohort("FND-S", trainers=[people["trainer"]], trainees=trainees)
    for trainee, answers in zip(trainees, ANSWERS.values(), strict=True):
        finish_attempt(trainee, answers)
    finish_attempt(trainees[0], {0: 0, 1: [0, 1], 2: True, 3: "strengths", 4: "7"})  # 2nd
    outsider = factory.user("outsider", "trainee")
    factory.cohort("FND-X", trainees=[outsider])
    finish_attempt(outsider, {})
    return trainees


def _rows(html: str) -> dict[str, str]:
    rows = {}
    for chunk in html.split("<li")[1:]:
        if "T-INT-" in chunk:
            rows[chunk.split("<strong>")[1].split("</strong>")[0]] = chunk
    return rows


def test_statistics_count_first_attempts_of_the_trainers_cohorts(trainer, cohort_attempts):
    html = trainer.get(STATS).get_data(as_text=True)
    assert "<dt>Attempts</dt><dd>4</dd>" in html.split("Score distribution")[0]
    rows = _rows(html)
    assert "negative discrimination" in rows["T-INT-01"]
    assert "<dd>50</dd>" in rows["T-INT-01"] and "<dd>-" in rows["T-INT-01"]
    assert "too easy" in rows["T-INT-03"] and "<dd>100</dd>" in rows["T-INT-03"]
    assert "looks broken" in rows["T-INT-06"] and "<dd>0</dd>" in rows["T-INT-06"]
    assert "⚠" not in rows["T-INT-02"]


def test_admins_see_every_trainee(app, factory, cohort_attempts):
    factory.user("boss", "admin")
    client = app.test_client()
    login(client, "boss")
    html = client.get(STATS).get_data(as_text=True)
    assert "<dt>Attempts</dt><dd>5</dd>" in html.split("Score distribution")[0]


def test_discrimination_is_the_correlation_with_the_rest_of_the_test(app, people, cohort_attempts):
    from lms.quizzes.attempts import QuizKey
    from lms.quizzes.statistics import quiz_statistics

    with app.app_context():
        stats = quiz_statistics(QuizKey("foundational", "intro"), people["trainer"], {})
    by_id = {q.question_id: q for q in stats.questions}
    # Question 1: scores (0, 0, 1, 1) against the rest (4, 3, 1, 1); question 2: (1, 1, 0, 0)
    # against (3, 2, 2, 2).
    assert by_id["T-INT-01"].discrimination == pytest.approx(-96.23, abs=0.01)
    assert by_id["T-INT-02"].discrimination == pytest.approx(57.74, abs=0.01)
    assert by_id["T-INT-03"].discrimination is None  # no spread: nothing to correlate
    assert stats.bands == [0, 0, 2, 0, 1, 1, 0, 0, 0, 0]
    assert stats.mean_grade == pytest.approx(100 * (4 + 3 + 2 + 2) / 4 / 7, abs=0.01)


def test_statistics_csv(trainer, cohort_attempts):
    response = trainer.get(STATS + ".csv")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffquestion_id,title,attempts,facility,discrimination,flags")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    first = next(r for r in rows if r["question_id"] == "T-INT-01")
    assert first["title"] == "Choice" and first["attempts"] == "4" and first["facility"] == "50.0"
    assert "negative discrimination" in first["flags"]


def test_statistics_page_costs_the_same_queries_with_more_attempts(
    app, trainer, factory, people, finish_attempt
):
    def count() -> int:
        with QueryCounter(app) as counter:
            assert trainer.get(STATS).status_code == 200
        return counter.count

    trainees = [factory.user(f"t{n}", "trainee") for n in range(6)]
    factory.cohort("FND-Q2", trainers=[people["trainer"]], trainees=trainees)
    finish_attempt(trainees[0], {0: 0})
    few = count()
    for trainee in trainees[1:]:
        finish_attempt(trainee, {0: 1, 2: True})
    assert count() == few


def test_trainees_cannot_see_statistics(taker):
    assert taker.client.get(STATS).status_code == 403
