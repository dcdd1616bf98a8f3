"""The trainee is told when their essay is graded (once: a changed mark is no new event), and
follows the notification to the attempt's review."""

import pytest
from sqlalchemy import select
from support import csrf_token, post_form

from lms.core.extensions import db
from lms.notifications.models import Notification


@pytest.fixture
def essay_attempt(taker):
    attempt_id = taker.start()
    taker.answer_everything_right(attempt_id)
    taker.submit(attempt_id, 4, {"q6": "I listen first, then plan with the family."})
    return attempt_id


def _kinds(app, user_id):
    with app.app_context():
        return db.session.scalars(
            select(Notification.kind).where(Notification.recipient_id == user_id)
        ).all()


def test_grading_an_essay_notifies_the_trainee_once(app, people, trainer, taker, essay_attempt):
    mark = f"/quiz/attempts/{essay_attempt}/questions/6/mark"
    assert post_form(trainer, mark, {"mark": "0.5"}).status_code == 302
    assert _kinds(app, people["trainee"].id) == ["essay_graded"]
    post_form(trainer, mark, {"mark": "1", "reason": "Read again"})
    assert _kinds(app, people["trainee"].id) == ["essay_graded"]
    html = taker.client.get("/notifications").get_data(as_text=True)
    assert "Your essay was graded: the quiz of" in html and "attempt 1" in html
    with app.app_context():
        notification_id = db.session.scalar(select(Notification.id))
    token = csrf_token(taker.client, "/notifications")
    answer = taker.client.post(f"/notifications/{notification_id}/open", data={"csrf_token": token})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/quiz/attempts/{essay_attempt}/review")


def test_trainee_and_trainer_talk_about_the_essay(
    app, factory, people, trainer, taker, essay_attempt
):
    review = f"/quiz/attempts/{essay_attempt}/review"
    messages = f"/quiz/attempts/{essay_attempt}/messages"
    answer = post_form(
        taker.client, messages, {"body": "Was my plan too short?"}, token_from=review
    )
    assert answer.status_code == 303
    assert _kinds(app, people["trainer"].id) == ["message"]
    answer = post_form(trainer, messages, {"body": "Add <b>one</b> more step."}, token_from=review)
    assert answer.status_code == 303
    assert _kinds(app, people["trainee"].id) == ["message"]
    html = taker.client.get(review).get_data(as_text=True)
    assert "Was my plan too short?" in html and "Add &lt;b&gt;one&lt;/b&gt; more step." in html
    # a trainer of another cohort neither reads nor writes
    from support import login

    factory.user("serdar", "trainer")
    outsider = app.test_client()
    login(outsider, "serdar")
    assert outsider.get(review).status_code == 404
    answer = post_form(outsider, messages, {"body": "Hello"}, token_from="/notifications")
    assert answer.status_code == 404


def test_an_attempt_in_progress_has_no_conversation(app, people, taker):
    attempt_id = taker.start()
    answer = post_form(
        taker.client,
        f"/quiz/attempts/{attempt_id}/messages",
        {"body": "Hello"},
        token_from="/notifications",
    )
    assert answer.status_code == 404
