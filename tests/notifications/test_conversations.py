"""The conversation on a practice entry and on a field evaluation: trainee and supervisor write
back and forth, each message notifies the other, text is shown escaped and passes the privacy
guard, messages stay after approval, and only people who may see the subject read or write."""

import pytest
from practice.world import practice_world, submitted
from sqlalchemy import select
from support import login, post_form

from lms.core.extensions import db
from lms.notifications.models import ConversationMessage, Notification
from lms.practice.signoff import approve_entries


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _client(app, username):
    client = app.test_client()
    login(client, username)
    return client


def _say(client, entry_id, body, **extra):
    path = f"/practice/entries/{entry_id}"
    return post_form(client, f"{path}/messages", {"body": body, **extra}, token_from=path)


def _notified(app, user):
    with app.app_context():
        return db.session.scalars(
            select(Notification.kind).where(Notification.recipient_id == user.id)
        ).all()


def test_trainee_and_supervisor_write_back_and_forth_and_each_is_notified(app, world):
    entry = submitted(world)
    trainee, supervisor = _client(app, "yazgul"), _client(app, "merdan")
    answer = _say(trainee, entry.id, "Should I count the travel time too?")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("#conversation")
    assert _notified(app, world.supervisor) == ["message"]
    assert _say(supervisor, entry.id, "No: travel is logged, never counted.").status_code == 303
    assert _notified(app, world.trainee) == ["message"]
    html = trainee.get(f"/practice/entries/{entry.id}").get_data(as_text=True)
    assert "Should I count the travel time too?" in html
    assert "No: travel is logged, never counted." in html and "Merdan Annaýew" in html


def test_messages_are_shown_escaped_and_kept_after_approval(app, world):
    entry = submitted(world)
    trainee = _client(app, "yazgul")
    _say(trainee, entry.id, "<script>alert(1)</script> **bold**")
    with app.app_context():
        approve_entries(world.supervisor, [entry.id])
        db.session.commit()
    html = trainee.get(f"/practice/entries/{entry.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in html
    assert "<script>alert(1)" not in html
    # still possible to write after approval: the conversation is part of the entry's history
    assert _say(trainee, entry.id, "Thank you.").status_code == 303


def test_identifying_text_needs_a_confirmation(app, world):
    entry = submitted(world)
    trainee = _client(app, "yazgul")
    answer = _say(trainee, entry.id, "Call the mother on +993 65 123456 tomorrow.")
    assert answer.status_code == 422
    assert "could identify someone" in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ConversationMessage.id)) is None
    answer = _say(
        trainee, entry.id, "Call the mother on +993 65 123456 tomorrow.", confirm_privacy="y"
    )
    assert answer.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(ConversationMessage.privacy_confirmed)) is True


def test_an_empty_or_too_long_message_is_refused(app, world):
    entry = submitted(world)
    trainee = _client(app, "yazgul")
    assert _say(trainee, entry.id, "   ").status_code == 422
    assert _say(trainee, entry.id, "x" * 2001).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(ConversationMessage.id)) is None


def test_people_who_may_not_see_the_entry_can_neither_read_nor_write(app, factory, world):
    entry = submitted(world)
    _say(_client(app, "yazgul"), entry.id, "A question for my supervisor.")
    factory.user("aman", "trainee")
    for username in ("serdar", "aman"):  # a trainer of another cohort, another trainee
        client = _client(app, username)
        assert client.get(f"/practice/entries/{entry.id}").status_code == 404
        answer = post_form(
            client,
            f"/practice/entries/{entry.id}/messages",
            {"body": "Let me in."},
            token_from="/notifications",
        )
        assert answer.status_code == 404
    with app.app_context():
        assert len(db.session.scalars(select(ConversationMessage)).all()) == 1


def test_notes_on_a_draft_notify_nobody(app, world):
    from practice.world import log_entry

    draft = log_entry(world)
    assert _say(_client(app, "yazgul"), draft.id, "Note to self.").status_code == 303
    assert _notified(app, world.supervisor) == []
    assert _client(app, "merdan").get(f"/practice/entries/{draft.id}").status_code == 404


def _evaluation(app, world):
    from lms.practice.evaluations import save_evaluation
    from lms.practice.models import Placement
    from lms.practice.programme import programme_competencies

    with app.app_context():
        placement = db.session.get(Placement, world.placement.id)
        codes = [c.code for c in programme_competencies(placement.programme)]
        evaluation = save_evaluation(
            world.supervisor,
            placement,
            "mid",
            dict.fromkeys(codes, 3),
            strengths="Listens well.",
            areas_to_develop="Plans.",
        )
        db.session.commit()
        return evaluation


def test_a_completed_evaluation_asks_the_trainee_and_has_a_conversation(app, world):
    evaluation = _evaluation(app, world)
    assert _notified(app, world.trainee) == ["evaluation_to_acknowledge"]
    path = f"/practice/evaluations/{evaluation.id}"
    trainee = _client(app, "yazgul")
    answer = post_form(
        trainee, f"{path}/messages", {"body": "What did you mean by plans?"}, token_from=path
    )
    assert answer.status_code == 303
    assert _notified(app, world.supervisor) == ["message"]
    assert "What did you mean by plans?" in _client(app, "merdan").get(path).get_data(as_text=True)
    outsider = _client(app, "serdar")
    assert outsider.get(path).status_code == 404
    answer = post_form(outsider, f"{path}/messages", {"body": "Hello"}, token_from="/notifications")
    assert answer.status_code == 404
