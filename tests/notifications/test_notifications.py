"""Notifications: told when an entry is returned or approved, in the reader's language, with a
link to the entry; nothing leaked about what the reader may no longer see; the menu's count;
per-kind choices; one e-mail per event in the outbox, without a family's details."""

import pytest
from practice.world import practice_world, submitted
from sqlalchemy import func, select
from support import csrf_token, login, post_form

from lms.core.extensions import db
from lms.notifications.models import Notification, NotificationChoice, OutboxEmail
from lms.notifications.sending import notify, write_digests
from lms.practice.signoff import approve_entries, return_entries


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _returned(world, **extra):
    entry = submitted(world, **extra)
    with world.app.app_context():
        return_entries(world.supervisor, [entry.id], "Add what you agreed with the family.")
        db.session.commit()
    return entry


def _client(app, username):
    client = app.test_client()
    login(client, username)
    return client


def _outbox(app):
    with app.app_context():
        return db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()


def test_a_returned_entry_is_listed_and_opens_the_entry(app, world):
    entry = _returned(world)
    client = _client(app, "yazgul")
    html = client.get("/notifications").get_data(as_text=True)
    assert "Your supervisor returned the practice entry of" in html
    assert "1 new" in client.get("/").get_data(as_text=True)  # the menu's count
    with app.app_context():
        notification_id = db.session.scalar(select(Notification.id))
    token = csrf_token(client, "/notifications")
    answer = client.post(f"/notifications/{notification_id}/open", data={"csrf_token": token})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/practice/entries/{entry.id}")
    assert "1 new" not in client.get("/").get_data(as_text=True)


def test_an_approval_is_worded_in_the_readers_language(app, world):
    entry = submitted(world)
    with app.app_context():
        world.trainee.language = "ru"
        db.session.merge(world.trainee)
        approve_entries(world.supervisor, [entry.id])
        db.session.commit()
    client = _client(app, "yazgul")
    client.post(
        "/language", data={"language": "ru", "csrf_token": csrf_token(client, "/notifications")}
    )
    html = client.get("/notifications").get_data(as_text=True)
    assert "Your supervisor approved" not in html
    assert "Уведомления" in html


def test_opening_someone_elses_notification_is_404(app, world):
    _returned(world)
    with app.app_context():
        notification_id = db.session.scalar(select(Notification.id))
    client = _client(app, "serdar")
    token = csrf_token(client, "/notifications")
    assert (
        client.post(
            f"/notifications/{notification_id}/open", data={"csrf_token": token}
        ).status_code
        == 404
    )


def test_a_subject_the_reader_cannot_see_is_not_named_and_its_link_is_404(app, world):
    entry = submitted(world)
    with app.app_context():  # the other trainer does not train this cohort
        found = notify(world.other_trainer.id, "message", "practice_entry", entry.id)
        db.session.commit()
        notification_id = found.id
    client = _client(app, "serdar")
    html = client.get("/notifications").get_data(as_text=True)
    assert "something you can no longer see" in html and "practice entry of" not in html
    token = csrf_token(client, "/notifications")
    assert (
        client.post(
            f"/notifications/{notification_id}/open", data={"csrf_token": token}
        ).status_code
        == 404
    )
    with app.app_context():
        assert db.session.get(Notification, notification_id).read_at is None


def test_opening_needs_a_post_with_the_csrf_token(app, world):
    _returned(world)
    with app.app_context():
        notification_id = db.session.scalar(select(Notification.id))
    client = _client(app, "yazgul")
    assert client.get(f"/notifications/{notification_id}/open").status_code == 405
    assert client.post(f"/notifications/{notification_id}/open").status_code == 400


def test_mark_all_read(app, world):
    _returned(world)
    client = _client(app, "yazgul")
    post_form(client, "/notifications/read", {}, token_from="/notifications")
    with app.app_context():
        assert db.session.scalar(select(Notification.read_at)) is not None


def test_an_invalid_email_address_is_refused_and_nothing_saved(app, world):
    client = _client(app, "yazgul")
    for address in ("name@mail", "name mail.tm", "@mail.tm", "a..b@mail.tm", "x" * 250 + "@a.tm"):
        answer = post_form(
            client,
            "/notifications/settings",
            {"email": address, "kind_entry_returned": "off"},
            token_from="/notifications/settings",
        )
        assert answer.status_code == 422
        assert "Enter an e-mail address such as" in answer.get_data(as_text=True) or (
            "254" in answer.get_data(as_text=True)
        )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NotificationChoice)) == 0


def test_settings_are_saved_and_off_means_not_notified(app, world):
    client = _client(app, "yazgul")
    data = {
        "email": "yazgul@example.tm",
        "kind_entry_returned": "off",
        "kind_entry_approved": "digest",
    }
    answer = post_form(
        client, "/notifications/settings", data, token_from="/notifications/settings"
    )
    assert answer.status_code == 303
    html = client.get("/notifications/settings").get_data(as_text=True)
    assert "yazgul@example.tm" in html
    _returned(world)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
    assert _outbox(app) == []


def _set_email(app, user, address, language="en"):
    from lms.accounts.models import User

    with app.app_context():
        found = db.session.get(User, user.id)
        found.email = address
        found.language = language
        db.session.commit()


def test_at_once_writes_one_email_in_the_recipients_language_without_family_details(app, world):
    _set_email(app, world.trainee, "yazgul@example.tm", "ru")
    _returned(world, client_code="F-777", reflection="Visited the family of case F-777.")
    (email,) = _outbox(app)
    assert email.to_address == "yazgul@example.tm" and email.language == "ru"
    assert email.event_key.startswith("notification:")
    assert "F-777" not in email.body + email.subject
    assert "returned" not in email.subject  # Russian, not English
    assert "/notifications" in email.body


def test_a_digest_is_one_email_per_person_per_day_however_often_it_runs(app, world):
    _set_email(app, world.trainee, "yazgul@example.tm")
    with app.app_context():
        db.session.add(
            NotificationChoice(user_id=world.trainee.id, kind="entry_returned", delivery="digest")
        )
        db.session.add(
            NotificationChoice(user_id=world.trainee.id, kind="entry_approved", delivery="digest")
        )
        db.session.commit()
    _returned(world)
    second = submitted(world, offset=2)
    with app.app_context():
        approve_entries(world.supervisor, [second.id])
        db.session.commit()
    assert _outbox(app) == []  # nothing at once
    with app.app_context():
        assert write_digests() == 1
        db.session.commit()
        assert write_digests() == 0  # nothing new since
        db.session.commit()
    (email,) = _outbox(app)
    assert email.event_key.startswith(f"digest:{world.trainee.id}:")
    assert "2 new notifications" in email.subject
    assert email.body.count("\n- ") + email.body.startswith("- ") == 2


def test_the_outbox_holds_one_email_per_event_key(app, world):
    from lms.accounts.models import User
    from lms.notifications.sending import _write_outbox

    _set_email(app, world.trainee, "yazgul@example.tm")
    with app.app_context():
        trainee = db.session.get(User, world.trainee.id)
        for _ in range(3):  # a rerun of the same event
            _write_outbox("notification:42", trainee, "en", subject="s", body="b")
        db.session.commit()
    assert len(_outbox(app)) == 1


def test_nobody_is_notified_of_their_own_action(app, world):
    entry = submitted(world)
    with app.app_context():
        assert (
            notify(
                world.trainee.id, "message", "practice_entry", entry.id, actor_id=world.trainee.id
            )
            is None
        )


def test_the_digest_command_writes_each_digest_once(app, runner, world):
    _set_email(app, world.trainee, "yazgul@example.tm")
    with app.app_context():
        db.session.add(
            NotificationChoice(user_id=world.trainee.id, kind="entry_returned", delivery="digest")
        )
        db.session.commit()
    _returned(world)
    result = runner.invoke(args=["notifications", "digest"])
    assert result.exit_code == 0 and "1 digest written" in result.output, result.output
    again = runner.invoke(args=["notifications", "digest"])
    assert again.exit_code == 0 and "0 digests written" in again.output
    assert len(_outbox(app)) == 1
