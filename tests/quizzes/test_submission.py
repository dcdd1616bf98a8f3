"""Submitting is idempotent: a double click, a second tab, a retried request and concurrent
requests each give one finished attempt and one grade; concurrent starts keep the limits.

The concurrent tests need real commits, so they run against a fresh database of each backend
with threads, each thread a browser of its own.
"""

from __future__ import annotations

import re
import threading

from sqlalchemy import func, select
from support import csrf_token

from lms.core.extensions import db
from lms.quizzes.grading import grade
from lms.quizzes.models import QuizAttempt

QUIZ = "/learn/foundational/intro/quiz"
THREADS = 6  # the clients of the real_quiz fixture


def test_a_double_submit_gives_one_grade(taker):
    attempt_id = taker.start()
    taker.save(attempt_id, 1, {"q0": "0"})
    token = taker.token(attempt_id)
    first = taker.submit(attempt_id, 4, token=token)
    graded = taker.attempt(attempt_id)
    second = taker.submit(attempt_id, 4, {"q6": "A second click"}, token=token)
    assert first.location == second.location == f"/quiz/attempts/{attempt_id}/review"
    again = taker.attempt(attempt_id)
    assert (again.state, again.grade_percent, again.finished_at) == (
        graded.state,
        graded.grade_percent,
        graded.finished_at,
    )
    assert again.response_at(6).response is None
    html = taker.client.get(second.location).get_data(as_text=True)
    assert "This attempt has already been submitted." in html


def test_a_second_tab_cannot_change_a_submitted_attempt(taker):
    attempt_id = taker.start()
    token = taker.token(attempt_id)  # both tabs hold the page with its form
    taker.save(attempt_id, 1, {"q0": "1"}, token=token)
    taker.submit(attempt_id, 4, token=token)  # the first tab submits
    response = taker.save(attempt_id, 1, {"q0": "0"}, go=2, token=token)  # the second saves
    assert response.location == f"/quiz/attempts/{attempt_id}/review"
    attempt = taker.attempt(attempt_id)
    assert attempt.response_at(0).response == 1 and attempt.response_at(0).fraction == 0.0
    assert taker.client.get(f"/quiz/attempts/{attempt_id}").location.endswith("/review")


# --- concurrent requests against a real database -------------------------------------------


def _all_at_once(work, drivers):
    """Run work(driver) in one thread per driver, released together; return the results."""
    barrier = threading.Barrier(len(drivers))
    results: list = [None] * len(drivers)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = work(drivers[index])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(drivers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _attempts(app) -> list[QuizAttempt]:
    with app.app_context():
        return list(db.session.scalars(select(QuizAttempt).order_by(QuizAttempt.number)))


def test_concurrent_starts_make_one_attempt(real_quiz):
    app, drivers = real_quiz
    tokens = [csrf_token(d.client, QUIZ) for d in drivers]

    def start(driver):
        token = tokens[drivers.index(driver)]
        return driver.client.post(QUIZ + "/start", data={"csrf_token": token})

    responses = _all_at_once(start, drivers)
    locations = {r.location for r in responses}
    assert [r.status_code for r in responses] == [302] * THREADS
    attempts = _attempts(app)
    assert len(attempts) == 1 and attempts[0].in_progress
    assert locations == {f"/quiz/attempts/{attempts[0].id}"}


def test_concurrent_starts_never_pass_the_attempt_limit(real_quiz):
    app, drivers = real_quiz
    first = drivers[0].start()
    drivers[0].submit(first, 4)  # one of the two attempts allowed is used
    tokens = [csrf_token(d.client, QUIZ) for d in drivers]

    def start(driver):
        token = tokens[drivers.index(driver)]
        return driver.client.post(QUIZ + "/start", data={"csrf_token": token})

    responses = _all_at_once(start, drivers)
    attempts = _attempts(app)
    assert [a.number for a in attempts] == [1, 2]
    assert {r.location for r in responses} == {f"/quiz/attempts/{attempts[1].id}"}
    drivers[0].submit(attempts[1].id, 4)
    responses = _all_at_once(start, drivers)  # no attempts left now: nobody gets a third
    assert {r.location for r in responses} == {QUIZ}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 2


def test_concurrent_submits_grade_once_with_one_set_of_answers(real_quiz):
    app, drivers = real_quiz
    attempt_id = drivers[0].start()
    tokens = [d.token(attempt_id) for d in drivers]

    def submit(driver):
        index = drivers.index(driver)
        answer = {"q6": f"Essay from tab {index}"} if index % 2 else {}
        return driver.submit(attempt_id, 4, answer, token=tokens[index])

    responses = _all_at_once(submit, drivers)
    assert {r.location for r in responses} == {f"/quiz/attempts/{attempt_id}/review"}
    flashes = [
        re.search(r"submitted", d.client.get(r.location).get_data(as_text=True)) is not None
        for d, r in zip(drivers, responses, strict=True)
    ]
    assert all(flashes)
    (attempt,) = _attempts(app)
    assert attempt.state in ("finished", "needs_grading")
    essay = attempt.response_at(6)
    # The stored answers and the grade belong to the one request that won.
    assert attempt.state == ("needs_grading" if essay.response else "finished")
    assert essay.needs_grading == grade(attempt.questions[6], essay.response).needs_grading
