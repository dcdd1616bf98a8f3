"""Sending the outbox: a local SMTP sink (aiosmtpd) receives exactly one e-mail per outbox row, in
the recipient's language and without a family's details, however often the sending runs and
however many workers run it; a mail server that is down loses nothing; failures are shown to
admins, who send them again (audited); the daily digest is written once a day from the minute's
hook; a malformed LMS_MAIL_URL stops the app at start-up."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

import pytest
from flask_migrate import upgrade
from jobs.consumer import STORAGES, queue_app, queue_url, running_consumer
from notifications.smtp_sink import Sink, free_port
from practice.world import practice_world, submitted
from races import kept_loaded
from sqlalchemy import select
from support import Factory, csrf_token, dispose, login, make_app_for

from lms import create_app
from lms.accounts.regions import sync_regions
from lms.core.audit import AuditEvent
from lms.core.config import ConfigError
from lms.core.database import LOCAL_TIMEZONE, utcnow
from lms.core.extensions import db
from lms.core.mail import parse_mail_url
from lms.jobs.periodic import write_daily_digests
from lms.jobs.queue import queue
from lms.notifications.models import NotificationChoice, OutboxEmail
from lms.notifications.outbox import INTERRUPTED, send_due
from lms.practice.signoff import return_entries

SENDER = "lms@example.tm"


@pytest.fixture
def port():
    return free_port()


@pytest.fixture
def mail_on(app, port, monkeypatch):
    """The app sends to 127.0.0.1:``port`` (nothing listens there until a sink is started)."""
    monkeypatch.setitem(
        app.config, "MAIL", parse_mail_url(f"smtp://127.0.0.1:{port}?from={SENDER}&timeout=5")
    )


@pytest.fixture
def sink(port):
    found = Sink(port)
    found.controller.start()
    yield found
    found.controller.stop()


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _set_email(app, user, address, language):
    from lms.accounts.models import User

    with app.app_context():
        found = db.session.get(User, user.id)
        found.email, found.language = address, language
        db.session.commit()


def _returned(world, **extra):
    entry = submitted(world, **extra)
    with world.app.app_context():
        return_entries(world.supervisor, [entry.id], "Add what you agreed with the family.")
        db.session.commit()
    return entry


def _outbox(app) -> list[OutboxEmail]:
    with app.app_context():
        rows = db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
        db.session.expunge_all()
        return rows


def _send(app, now: datetime | None = None):
    with app.app_context():
        counts = send_due(now)
        db.session.remove()
        return counts


def _queued_emails(app, world, count: int, language: str = "ru") -> None:
    _set_email(app, world.trainee, "yazgul@example.tm", language)
    for offset in range(count):
        _returned(world, offset=offset)
    assert len(_outbox(app)) == count


def test_mail_off_keeps_the_emails_queued_and_admins_see_it(app, world, factory):
    _queued_emails(app, world, 1)
    assert app.config["MAIL"] is None
    assert _send(app).sent == 0
    (row,) = _outbox(app)
    assert row.status == "queued" and row.attempts == 0 and row.sent_at is None
    factory.user("root", "admin")
    client = app.test_client()
    login(client, "root")
    html = client.get("/admin/outbox").get_data(as_text=True)
    assert "E-mail is off" in html and "waiting: 1" in html


def test_each_email_is_sent_once_in_its_language_without_family_details(app, world, sink, mail_on):
    _set_email(app, world.trainee, "yazgul@example.tm", "ru")
    _returned(world, client_code="F-777", reflection="Visited the family of case F-777.")
    counts = _send(app)
    assert (counts.sent, counts.retrying, counts.failed) == (1, 0, 0)
    assert _send(app).sent == 0  # run again: nothing more
    (message,) = sink.received
    assert message["To"] == "yazgul@example.tm" and message["From"] == SENDER
    assert message["Content-Language"] == "ru"
    text = message["Subject"] + message.get_content()
    assert "F-777" not in text and "agreed with the family" not in text
    assert "returned" not in message["Subject"]  # Russian, not English
    assert any("\u0400" <= c <= "\u04ff" for c in message["Subject"])  # Cyrillic
    assert "/notifications" in message.get_content()
    (row,) = _outbox(app)
    assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None


def test_turkmen_recipient_gets_turkmen(app, world, sink, mail_on):
    _queued_emails(app, world, 1, language="tk")
    _send(app)
    (message,) = sink.received
    assert message["Content-Language"] == "tk"
    (row,) = _outbox(app)
    assert message["Subject"] == row.subject and "returned" not in row.subject


def test_smtp_down_loses_nothing_and_a_later_attempt_sends_exactly_once(app, world, port, mail_on):
    _queued_emails(app, world, 3)
    counts = _send(app)  # nothing listens on the port
    assert counts.sent == 0 and counts.retrying == 1  # the rest wait: the server is away
    rows = _outbox(app)
    assert [r.status for r in rows] == ["queued"] * 3
    assert rows[0].attempts == 1 and "Connection refused" in rows[0].last_error
    assert rows[0].next_attempt_at > utcnow()
    assert _send(app).retrying == 1  # the second row now; the first waits for its back-off
    sink = Sink(port)
    sink.controller.start()
    try:
        later = utcnow() + timedelta(minutes=5)
        assert _send(app, later).sent == 3
        assert _send(app, later + timedelta(minutes=30)).sent == 0
    finally:
        sink.controller.stop()
    assert len(sink.received) == 3
    assert [r.status for r in _outbox(app)] == ["sent"] * 3
    assert all(r.last_error is None for r in _outbox(app))


def test_after_the_last_attempt_it_fails_and_an_admin_sends_it_again(
    app, world, factory, port, mail_on, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_ATTEMPTS", 2)
    _queued_emails(app, world, 1)
    now = utcnow()
    _send(app, now)
    _send(app, now + timedelta(minutes=10))
    (row,) = _outbox(app)
    assert row.status == "failed" and row.attempts == 2 and row.last_error
    assert _send(app, now + timedelta(hours=5)).retrying == 0  # given up

    factory.user("root", "admin")
    client = app.test_client()
    login(client, "root")
    html = client.get("/admin/outbox").get_data(as_text=True)
    assert "Connection refused" in html and "failed: 1" in html
    token = csrf_token(client, "/admin/outbox")
    assert client.post(f"/admin/outbox/{row.id}/retry").status_code == 400  # no CSRF token
    answer = client.post(f"/admin/outbox/{row.id}/retry", data={"csrf_token": token})
    assert answer.status_code == 303
    again = client.post(
        f"/admin/outbox/{row.id}/retry", data={"csrf_token": token}, follow_redirects=True
    )
    assert "Only a failed e-mail can be sent again." in again.get_data(as_text=True)
    assert client.post("/admin/outbox/999999/retry", data={"csrf_token": token}).status_code == 404
    with app.app_context():
        audits = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "email.retried")
        ).all()
        assert [a.target_id for a in audits] == [str(row.id)]

    sink = Sink(port)
    sink.controller.start()
    try:
        assert _send(app).sent == 1
        assert _send(app).sent == 0
    finally:
        sink.controller.stop()
    assert len(sink.received) == 1
    assert _outbox(app)[0].status == "sent"


def test_a_refused_address_bounces_at_once_and_the_others_are_sent(
    app, world, factory, sink, mail_on
):
    _queued_emails(app, world, 2)
    other = factory.user("other", "trainee")
    _set_email(app, other, "gone@example.tm", "en")
    with app.app_context():
        from lms.accounts.models import User
        from lms.notifications.sending import _write_outbox

        _write_outbox(
            "test:gone", db.session.get(User, other.id), "en", subject="Hello", body="Text"
        )
        db.session.commit()
    sink.refuse.add("gone@example.tm")
    counts = _send(app)
    assert (counts.sent, counts.failed, counts.bounced) == (2, 0, 1)
    statuses = {r.to_address: r.status for r in _outbox(app)}
    assert statuses == {"yazgul@example.tm": "sent", "gone@example.tm": "bounced"}
    assert len(sink.received) == 2


@pytest.fixture
def world_apart(empty_database, port):
    """A practice world on a database of its own, with real commits (no test transaction), so
    that each worker thread has its own connection; mail goes to ``port``."""
    app = make_app_for(empty_database)
    app.config["MAIL"] = parse_mail_url(f"smtp://127.0.0.1:{port}?from={SENDER}&timeout=5")
    with app.app_context():
        upgrade()
        sync_regions()
        db.session.commit()
        db.session.remove()
    with kept_loaded(app):
        built = practice_world(Factory(app))
    yield built
    dispose(app)


def test_three_workers_at_once_send_each_email_once(world_apart, sink):
    app = world_apart.app
    with kept_loaded(app):
        _queued_emails(app, world_apart, 8)
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def worker():
        try:
            barrier.wait(20)
            _send(app)
        except BaseException as exc:  # shown by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(sink.received) == 8
    assert sorted(m["Subject"] for m in sink.received) == sorted(r.subject for r in _outbox(app))
    assert [r.status for r in _outbox(app)] == ["sent"] * 8
    assert [r.attempts for r in _outbox(app)] == [1] * 8


def test_an_email_interrupted_mid_way_is_failed_not_sent_twice(app, world, sink, mail_on):
    _queued_emails(app, world, 1)
    (row,) = _outbox(app)
    with app.app_context():
        db.session.get(OutboxEmail, row.id).status = "sending"  # a worker killed after claiming
        db.session.get(OutboxEmail, row.id).claimed_at = utcnow()
        db.session.commit()
    assert _send(app).sent == 0  # another worker's, still
    _send(app, utcnow() + timedelta(hours=1))
    assert sink.received == []
    (row,) = _outbox(app)
    assert row.status == "failed" and row.last_error == INTERRUPTED


def _local(hour: int) -> datetime:
    return datetime.now(LOCAL_TIMEZONE).replace(hour=hour, minute=30)


def test_the_daily_digest_is_written_once_a_day_from_its_hour(app, world, monkeypatch):
    monkeypatch.setitem(app.config, "DIGEST_HOUR", 8)
    _set_email(app, world.trainee, "yazgul@example.tm", "en")
    with app.app_context():
        db.session.add(
            NotificationChoice(user_id=world.trainee.id, kind="entry_returned", delivery="digest")
        )
        db.session.commit()
    _returned(world)
    with app.app_context():
        assert write_daily_digests(_local(7)) is None  # too early
        assert write_daily_digests(_local(8)) == 1
        assert write_daily_digests(_local(9)) is None  # done today
        db.session.remove()
    _returned(world, offset=3)  # waits for tomorrow's digest
    with app.app_context():
        assert write_daily_digests(_local(23)) is None
        assert write_daily_digests(_local(8) + timedelta(days=1)) == 1
        db.session.remove()
    assert [r.event_key.split(":")[0] for r in _outbox(app)] == ["digest", "digest"]


@pytest.mark.parametrize(
    "url",
    [
        "http://mail.example.tm?from=a@b.tm",
        "smtp://?from=a@b.tm",
        "smtp://mail.example.tm:port?from=a@b.tm",
        "smtp://mail.example.tm",
        "smtp://mail.example.tm?from=nobody",
        "smtp://mail.example.tm?from=a@b.tm&starttls=maybe",
        "smtp://mail.example.tm?from=a@b.tm&timeout=soon",
        "smtp://mail.example.tm?from=a@b.tm&tls=1",
        "smtps://mail.example.tm?from=a@b.tm&starttls=1",
    ],
)
def test_a_malformed_mail_url_stops_the_app_at_start(url):
    with pytest.raises(ConfigError, match="LMS_MAIL_URL"):
        create_app({"TESTING": True, "MAIL_URL": url})


def test_a_mail_url_is_read_and_its_password_never_shown():
    settings = parse_mail_url(
        "smtp://user%40x:p%40ss@mail.example.tm:587?starttls=1&from=LMS%20<lms@example.tm>"
    )
    assert (settings.host, settings.port, settings.starttls) == ("mail.example.tm", 587, True)
    assert (settings.username, settings.password) == ("user@x", "p@ss")
    assert settings.sender == "LMS <lms@example.tm>"
    assert "p@ss" not in repr(settings)
    assert parse_mail_url("smtps://mail.example.tm?from=a@b.tm").port == 465
    assert parse_mail_url("") is None


@pytest.mark.parametrize("storage", STORAGES)
def test_a_real_workers_minute_hook_sends_the_outbox_once(storage, empty_database, tmp_path, sink):
    """The worker's every-minute task, run twice by a real Huey consumer (threads): the sink
    gets each e-mail once."""
    import lms.jobs.periodic  # noqa: F401 (the worker imports it: declares the minute's work)

    app = queue_app(
        empty_database,
        queue_url(storage, tmp_path),
        MAIL_URL=f"smtp://127.0.0.1:{sink.controller.port}?from={SENDER}&timeout=5",
    )
    with kept_loaded(app):
        world = practice_world(Factory(app))
        _queued_emails(app, world, 3)
    with running_consumer(app, workers=2):
        queue(app).every_minute()
        queue(app).every_minute()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if {r.status for r in _outbox(app)} == {"sent"} and len(sink.received) == 3:
                break
            time.sleep(0.1)
        time.sleep(0.5)  # the second run, had it sent anything again, has done so now
    assert len(sink.received) == 3
    assert [r.status for r in _outbox(app)] == ["sent"] * 3
    dispose(app)


def test_a_failing_piece_of_minute_work_does_not_stop_the_others(monkeypatch, caplog):
    from lms.jobs import kinds

    ran = []

    def broken():
        raise OSError("mail server gone")

    monkeypatch.setattr(kinds, "_PERIODIC", [broken, lambda: ran.append("digest")])
    kinds.run_periodic()
    assert ran == ["digest"]
    assert "mail server gone" in caplog.text
