"""Quiz close dates: a cohort's trainer sets the last day to start each module's quiz; after it
a trainee cannot start a new attempt (an attempt already started goes on); the close date is on
/deadlines and in the calendar feed; trainees who have not passed are told QUIZ_CLOSING_DAYS
days before, once, by the minute's hook, in their chosen delivery."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import select
from support import login, post_form

from lms.core.database import local_today
from lms.core.extensions import db
from lms.notifications.models import Notification, NotificationChoice, OutboxEmail
from lms.quizzes.closing_notices import tell_quizzes_closing
from lms.quizzes.models import QuizCloseDate

QUIZ = "/learn/foundational/intro/quiz"


@pytest.fixture
def page(people):
    return f"/quiz/cohorts/{people['cohort'].id}/close-dates"


def _set(client, page, **dates):
    data = {"close_intro": "", "close_later": ""}
    data.update({f"close_{slug}": day.isoformat() if day else "" for slug, day in dates.items()})
    return post_form(client, page, data)


def _rows(app):
    with app.app_context():
        rows = db.session.scalars(select(QuizCloseDate).order_by(QuizCloseDate.module)).all()
        return [(r.module, r.closes_on) for r in rows]


def test_the_trainer_sets_and_clears_close_dates_audited(app, trainer, page, quiz_content, audited):
    html = trainer.get(page).get_data(as_text=True)
    assert 'type="date"' in html and "Intro" in html and "Later" in html
    day = local_today() + timedelta(days=5)
    answer = _set(trainer, page, intro=day)
    assert answer.status_code == 303
    assert _rows(app) == [("intro", day)]
    shown = trainer.get(page).get_data(as_text=True)
    assert day.isoformat() in shown and "1 close date changed." in shown
    _set(trainer, page, intro=day)  # the same again: nothing changes
    _set(trainer, page)  # cleared
    assert _rows(app) == []
    events = audited("quiz.close_date_set")
    assert [(e.details["before"], e.details["after"]) for e in events] == [
        (None, day.isoformat()),
        (day.isoformat(), None),
    ]


def test_a_bad_date_is_refused_and_changes_nothing(app, trainer, page, quiz_content):
    answer = post_form(trainer, page, {"close_intro": "2026-13-40", "close_later": ""})
    assert answer.status_code == 422
    assert "Not a valid date value." in answer.get_data(as_text=True)
    assert _rows(app) == []


def test_only_the_cohorts_trainers_and_admins_set_them(app, factory, people, page, quiz_content):
    factory.user("serdar", "trainer")
    factory.user("root", "admin")
    for username, status in (("serdar", 404), ("ayna", 403), ("root", 200)):
        client = app.test_client()
        login(client, username)
        assert client.get(page).status_code == status, username
    assert app.test_client().get(page).status_code == 302  # to the login page


def test_after_the_close_date_no_new_attempt_but_a_started_one_goes_on(app, trainer, page, taker):
    started = taker.start()
    _set(trainer, page, intro=local_today() - timedelta(days=1))
    assert taker.start() == started  # the attempt in progress resumes
    with app.app_context():
        from lms.quizzes.models import QuizAttempt

        db.session.delete(db.session.get(QuizAttempt, started))
        db.session.commit()
    html = taker.client.get(QUIZ).get_data(as_text=True)
    assert "This quiz closed on" in html and "Start the quiz" not in html
    answer = post_form(taker.client, QUIZ + "/start", {}, token_from=QUIZ)
    assert answer.status_code == 302 and answer.location.endswith(QUIZ)
    followed = taker.client.get(QUIZ).get_data(as_text=True)
    assert "no new attempt can be started" in followed
    with app.app_context():
        assert db.session.scalar(select(QuizAttempt.id)) is None


def test_the_close_day_itself_is_still_open(app, trainer, page, taker):
    _set(trainer, page, intro=local_today())
    html = taker.client.get(QUIZ).get_data(as_text=True)
    assert "Last day to start an attempt" in html and "Start the quiz" in html
    assert taker.start()


def test_the_close_date_is_a_deadline_and_in_the_calendar_feed(app, trainer, page, taker):
    day = local_today() + timedelta(days=3)
    _set(trainer, page, intro=day)
    html = taker.client.get("/deadlines").get_data(as_text=True)
    assert "Quiz closes: Intro" in html
    assert "Quiz closes: Intro (Cohort FND-Q)" in trainer.get("/deadlines").get_data(as_text=True)
    post_form(taker.client, "/deadlines/feed", {}, token_from="/deadlines")
    from lms.notifications.models import CalendarFeed

    with app.app_context():
        token = db.session.scalar(select(CalendarFeed.token))
    calendar = icalendar.Calendar.from_ical(app.test_client().get(f"/deadlines/{token}.ics").data)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["summary"]) == "Quiz closes: Intro"]
    assert event.decoded("dtstart") == day
    assert str(event["url"]).endswith(QUIZ)


def test_a_passed_quiz_is_not_a_deadline_nor_told(app, trainer, page, people, finish_attempt):
    finish_attempt(people["trainee"], {0: True}, module="later")  # passed
    _set(trainer, page, later=local_today() + timedelta(days=1))
    client = app.test_client()
    login(client, "ayna")
    assert "Quiz closes" not in client.get("/deadlines").get_data(as_text=True)
    with app.app_context():
        assert tell_quizzes_closing() == 0


def test_trainees_are_told_days_before_once_in_their_delivery(
    app, trainer, page, people, quiz_content
):
    trainee = people["trainee"]
    with app.app_context():
        from lms.accounts.models import User

        found = db.session.get(User, trainee.id)
        found.email, found.language = "ayna@example.tm", "ru"
        db.session.commit()
    today = local_today()
    _set(trainer, page, intro=today + timedelta(days=3), later=today + timedelta(days=2))
    with app.app_context():
        assert tell_quizzes_closing(today) == 1  # "later" only: within 2 days
        assert tell_quizzes_closing(today) == 0  # a rerun tells nobody twice
        assert tell_quizzes_closing(today + timedelta(days=1)) == 1  # now "intro" too
        db.session.commit()
        told = db.session.scalars(
            select(Notification).where(Notification.kind == "quiz_closing")
        ).all()
        assert [n.recipient_id for n in told] == [trainee.id, trainee.id]
        emails = db.session.scalars(select(OutboxEmail)).all()
        assert len(emails) == 2 and all(e.language == "ru" for e in emails)
        assert all(any("\u0400" <= c <= "\u04ff" for c in e.subject) for e in emails)
    client = app.test_client()
    login(client, "ayna")
    html = client.get("/notifications").get_data(as_text=True)
    assert "finish it before it closes" not in html  # Russian
    opened = post_form(client, f"/notifications/{told[0].id}/open", {}, token_from="/notifications")
    assert opened.status_code == 303 and opened.location.endswith("/quiz")


def test_a_trainee_who_chose_off_is_not_told(app, trainer, page, people, quiz_content):
    with app.app_context():
        db.session.add(
            NotificationChoice(user_id=people["trainee"].id, kind="quiz_closing", delivery="off")
        )
        db.session.commit()
    _set(trainer, page, intro=local_today())
    with app.app_context():
        tell_quizzes_closing()
        assert db.session.scalar(select(Notification.id)) is None
