"""Bounces and failures: a mail server's final refusal (5xx) bounces the e-mail at once (never
tried again) and flags the recipient's address, which they see on their settings page; a refusal
for now (4xx) is tried again after a back-off; admins see both on the outbox page with the
server's answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from notifications.smtp_sink import Sink, free_port
from practice.world import practice_world, submitted
from sqlalchemy import select
from support import csrf_token, login

from lms.accounts.models import User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.mail import parse_mail_url
from lms.notifications.models import MailBounce, OutboxEmail
from lms.notifications.outbox import send_due
from lms.practice.signoff import return_entries

ADDRESS = "yazgul@example.tm"


@pytest.fixture
def port():
    return free_port()


@pytest.fixture
def sink(app, port, monkeypatch):
    monkeypatch.setitem(
        app.config, "MAIL", parse_mail_url(f"smtp://127.0.0.1:{port}?from=lms@example.tm")
    )
    found = Sink(port)
    found.controller.start()
    yield found
    found.controller.stop()


@pytest.fixture
def world(factory, app):
    built = practice_world(factory)
    with app.app_context():
        found = db.session.get(User, built.trainee.id)
        found.email, found.language = ADDRESS, "en"
        db.session.commit()
    return built


def _one_email(world) -> None:
    entry = submitted(world)
    with world.app.app_context():
        return_entries(world.supervisor, [entry.id], "Say more.")
        db.session.commit()


def _rows(app) -> list[OutboxEmail]:
    with app.app_context():
        rows = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
        db.session.expunge_all()
        return rows


def _send(app, now=None):
    with app.app_context():
        counts = send_due(now)
        db.session.remove()
        return counts


def _page(client, url: str) -> str:
    return client.get(url).get_data(as_text=True)


def test_a_final_refusal_bounces_flags_the_address_and_is_never_tried_again(app, world, sink):
    _one_email(world)
    sink.refuse.add(ADDRESS)
    counts = _send(app)
    assert (counts.sent, counts.retrying, counts.failed, counts.bounced) == (0, 0, 0, 1)
    (row,) = _rows(app)
    assert row.status == "bounced" and row.attempts == 1 and row.next_attempt_at is None
    assert "550" in row.last_error
    assert _send(app, utcnow() + timedelta(days=2)).bounced == 0  # not tried again
    assert sink.received == []
    with app.app_context():
        flag = db.session.get(MailBounce, world.trainee.id)
        assert flag.address == ADDRESS and "no such mailbox" in flag.error

    client = app.test_client()
    login(client, world.trainee.username)
    for url in ("/notifications/settings", "/notifications"):
        html = _page(client, url)
        assert f"E-mails to {ADDRESS} are not arriving" in html
        assert "no such mailbox" not in html  # the server's answer is for admins


def test_the_flag_goes_when_the_person_gives_another_address(app, world, sink):
    _one_email(world)
    sink.refuse.add(ADDRESS)
    _send(app)
    client = app.test_client()
    login(client, world.trainee.username)
    token = csrf_token(client, "/notifications/settings")
    answer = client.post(
        "/notifications/settings", data={"csrf_token": token, "email": "new@example.tm"}
    )
    assert answer.status_code == 303
    assert "are not arriving" not in _page(client, "/notifications/settings")


def test_a_refusal_for_now_is_tried_again_after_a_back_off_then_sent(app, world, sink):
    _one_email(world)
    sink.defer.add(ADDRESS)
    now = utcnow()
    counts = _send(app, now)
    assert (counts.sent, counts.retrying, counts.bounced) == (0, 1, 0)
    (row,) = _rows(app)
    assert row.status == "queued" and "451" in row.last_error
    assert row.next_attempt_at == now + timedelta(minutes=1)
    assert _send(app, now + timedelta(seconds=30)).retrying == 0  # still waiting its turn
    sink.defer.clear()
    assert _send(app, now + timedelta(minutes=2)).sent == 1
    assert [m["To"] for m in sink.received] == [ADDRESS]
    with app.app_context():
        assert db.session.get(MailBounce, world.trainee.id) is None


def test_admins_see_bounced_and_failing_emails_with_the_servers_answer(app, world, factory, sink):
    _one_email(world)
    sink.refuse.add(ADDRESS)
    _send(app)
    (row,) = _rows(app)
    factory.user("root", "admin")
    client = app.test_client()
    login(client, "root")
    html = _page(client, "/admin/outbox")
    assert "refused by the mail server: 1" in html
    assert ADDRESS in html and "550" in html and "no such mailbox" in html
    # The address works again (the mailbox was made): an admin sends it again.
    sink.refuse.clear()
    token = csrf_token(client, "/admin/outbox")
    answer = client.post(f"/admin/outbox/{row.id}/retry", data={"csrf_token": token})
    assert answer.status_code == 303
    assert _send(app).sent == 1
    assert _rows(app)[0].status == "sent"
    with app.app_context():
        assert db.session.get(MailBounce, world.trainee.id) is None
