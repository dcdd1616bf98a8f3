"""A quiz page costs a fixed number of SQL queries, however many attempts the database holds."""

from support import QUERY_BUDGET, QueryCounter, login


def _count(app, client, url: str) -> int:
    with QueryCounter(app) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def _more_attempts(factory, people, finish_attempt, many: int = 6) -> None:
    trainees = [factory.user(f"busy{n}", "trainee") for n in range(many)]
    factory.cohort("FND-BUSY", trainers=[people["trainer"]], trainees=trainees)
    for trainee in trainees:
        finish_attempt(trainee, {0: 1, 6: "An essay to grade."})
        finish_attempt(trainee, {0: 0})


def test_take_page_costs_a_fixed_number_of_queries(app, taker, factory, people, finish_attempt):
    attempt_id = taker.start()
    taker.save(attempt_id, 1, {"q0": "0"})
    urls = [f"/quiz/attempts/{attempt_id}?page={page}" for page in (1, 4)]
    before = [_count(app, taker.client, url) for url in urls]
    _more_attempts(factory, people, finish_attempt)
    assert [_count(app, taker.client, url) for url in urls] == before


def test_review_pages_cost_a_fixed_number_of_queries(app, taker, factory, people, finish_attempt):
    attempt_id = taker.start()
    taker.answer_everything_right(attempt_id)
    taker.submit(attempt_id, 4, {"q6": "My essay."})
    trainer = app.test_client()
    login(trainer, "merdan")
    review = f"/quiz/attempts/{attempt_id}/review"
    before = (_count(app, taker.client, review), _count(app, trainer, review))
    _more_attempts(factory, people, finish_attempt)
    after = (_count(app, taker.client, review), _count(app, trainer, review))
    assert after == before


def test_quiz_page_and_grading_queue_cost_a_fixed_number_of_queries(
    app, taker, factory, people, finish_attempt
):
    trainer = app.test_client()
    login(trainer, "merdan")
    finish_attempt(people["trainee"], {6: "My essay."})
    before = (_count(app, taker.client, taker.START), _count(app, trainer, "/quiz/grading"))
    _more_attempts(factory, people, finish_attempt)
    finish_attempt(people["trainee"], {})
    after = (_count(app, taker.client, taker.START), _count(app, trainer, "/quiz/grading"))
    assert after == before
    assert max(after) <= QUERY_BUDGET
    assert "Busy5" in trainer.get("/quiz/grading").get_data(as_text=True)
