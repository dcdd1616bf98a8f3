"""The trainers' daily e-mail of what waits for them: the home page's counts with links, in the
trainer's language, once per trainer and day (however often the minute's hook or ``lms
notifications digest`` runs), nothing when nothing waits, and nothing for a trainer who chose
no such e-mail."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from notifications.smtp_sink import Sink, free_port
from practice.world import practice_world, submitted
from sqlalchemy import select
from support import csrf_token, login

from lms.accounts.models import User
from lms.core.database import LOCAL_TIMEZONE
from lms.core.extensions import db
from lms.core.mail import parse_mail_url
from lms.jobs.periodic import write_daily_digests
from lms.notifications.models import OutboxEmail
from lms.notifications.outbox import send_due


@pytest.fixture
def world(factory, app, monkeypatch):
    monkeypatch.setitem(app.config, "DIGEST_HOUR", 8)
    built = practice_world(factory)
    with app.app_context():
        for person, address, language in (
            (built.supervisor, "merdan@example.tm", "ru"),
            (built.other_trainer, "serdar@example.tm", "tk"),  # nothing waits for him
        ):
            found = db.session.get(User, person.id)
            found.email, found.language = address, language
        db.session.commit()
    return built


def _morning(days: int = 0) -> datetime:
    return datetime.now(LOCAL_TIMEZONE).replace(hour=8, minute=30) + timedelta(days=days)


def _waiting_rows(app) -> list[OutboxEmail]:
    with app.app_context():
        rows = db.session.scalars(
            select(OutboxEmail)
            .where(OutboxEmail.event_key.like("waiting:%"))
            .order_by(OutboxEmail.id)
        ).all()
        db.session.expunge_all()
        return rows


def test_a_trainer_gets_one_email_a_day_with_the_counts_in_their_language(app, world):
    submitted(world)
    submitted(world, offset=2)
    with app.app_context():
        assert write_daily_digests(_morning()) == 1
        assert write_daily_digests(_morning() + timedelta(hours=2)) is None  # done today
        db.session.remove()
    (row,) = _waiting_rows(app)
    assert row.recipient_id == world.supervisor.id and row.language == "ru"
    assert row.event_key.endswith(_morning().date().isoformat())
    assert any("\u0400" <= c <= "\u04ff" for c in row.subject)  # Russian
    assert "2\n" in row.body and "http://" in row.body and "/practice/queue" in row.body
    assert "F-014" not in row.body and "ecomap" not in row.body  # no family's details
    with app.app_context():  # the next day, still waiting: a new e-mail
        assert write_daily_digests(_morning(1)) == 1
        db.session.remove()
    assert len(_waiting_rows(app)) == 2


def test_nothing_waiting_writes_nothing(app, world):
    """Serdar trains no one with anything waiting (all his counts are zero); Merdan, whose
    placement's mid-term evaluation is due, has no address this time."""
    with app.app_context():
        db.session.get(User, world.supervisor.id).email = None
        db.session.commit()
        assert write_daily_digests(_morning()) == 0
        db.session.remove()
    assert _waiting_rows(app) == []


def test_the_command_writes_it_once_however_often_it_runs(app, world):
    submitted(world)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["notifications", "digest"])
    assert first.exit_code == 0, first.output
    assert "1 trainer's e-mail of what waits written to the outbox." in first.output
    runner.invoke(args=["notifications", "digest"])
    assert len(_waiting_rows(app)) == 1


def test_a_trainer_who_chose_no_email_gets_none_and_trainees_are_not_asked(app, world):
    submitted(world)
    client = app.test_client()
    login(client, world.trainee.username)
    assert "what waits for you" not in client.get("/notifications/settings").get_data(True)
    client = app.test_client()
    login(client, world.supervisor.username)
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert 'name="waiting"' in page
    token = csrf_token(client, "/notifications/settings")
    answer = client.post(
        "/notifications/settings",
        data={"csrf_token": token, "email": "merdan@example.tm", "waiting": "off"},
    )
    assert answer.status_code == 303
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert '<option selected value="off">' in page or 'value="off" selected' in page
    with app.app_context():
        assert write_daily_digests(_morning()) == 0
        db.session.remove()
    assert _waiting_rows(app) == []
    bad = client.post(
        "/notifications/settings",
        data={"csrf_token": token, "email": "merdan@example.tm", "waiting": "hourly"},
    )
    assert bad.status_code == 422


def test_the_email_reaches_the_mail_server_and_the_home_page_shows_the_same_count(
    app, world, monkeypatch
):
    port = free_port()
    monkeypatch.setitem(
        app.config, "MAIL", parse_mail_url(f"smtp://127.0.0.1:{port}?from=lms@example.tm")
    )
    submitted(world)
    with app.app_context():
        write_daily_digests(_morning())
        db.session.commit()
    sink = Sink(port)
    sink.controller.start()
    try:
        with app.app_context():
            assert send_due().sent == 1
    finally:
        sink.controller.stop()
    (message,) = sink.received
    assert message["To"] == "merdan@example.tm" and message["Content-Language"] == "ru"
    client = app.test_client()
    login(client, world.supervisor.username)
    home = client.get("/").get_data(as_text=True)
    assert "<strong>1</strong>" in home and "/practice/queue" in home
