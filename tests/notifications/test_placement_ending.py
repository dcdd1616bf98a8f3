"""A placement ending in a week: its trainee is told once (in-app and by e-mail in their
language), whichever days and how often the minute's hook runs; the notification opens the
placement; someone who may not see the placement is not told its agency."""

from __future__ import annotations

from datetime import timedelta

import pytest
from practice.world import practice_world
from sqlalchemy import select
from support import csrf_token, login

from lms.core.database import local_today
from lms.core.extensions import db
from lms.notifications.models import Notification, OutboxEmail
from lms.notifications.subjects import subject_link
from lms.practice.ending import tell_placements_ending


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _set_email(app, user, address, language):
    from lms.accounts.models import User

    with app.app_context():
        found = db.session.get(User, user.id)
        found.email, found.language = address, language
        db.session.commit()


def _tell(app, day) -> int:
    with app.app_context():
        told = tell_placements_ending(day)
        db.session.remove()
        return told


def test_the_trainee_is_told_once_a_week_ahead(app, world):
    _set_email(app, world.trainee, "yazgul@example.tm", "tk")
    ends = world.placement.ends_on
    assert ends == local_today() + timedelta(days=20)
    assert _tell(app, ends - timedelta(days=8)) == 0  # too early
    assert _tell(app, ends - timedelta(days=7)) == 1
    assert _tell(app, ends - timedelta(days=7)) == 0  # the same minute again, another worker
    for days in range(6, -2, -1):
        assert _tell(app, ends - timedelta(days=days)) == 0
    with app.app_context():
        (notification,) = db.session.scalars(select(Notification)).all()
        assert (notification.recipient_id, notification.kind) == (
            world.trainee.id,
            "placement_ending",
        )
        (email,) = db.session.scalars(select(OutboxEmail)).all()
        assert email.language == "tk" and "ends in a week" not in email.subject
        assert "Etrap social protection department" in email.subject
        notification_id = notification.id
    client = app.test_client()
    login(client, "yazgul")
    token = csrf_token(client, "/notifications")
    answer = client.post(f"/notifications/{notification_id}/open", data={"csrf_token": token})
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/practice/placements/{world.placement.id}")


def test_a_placement_told_late_is_told_once_and_an_ended_one_never(app, world):
    ends = world.placement.ends_on
    assert _tell(app, ends) == 0  # ends today: too late to be useful
    assert _tell(app, ends - timedelta(days=2)) == 1  # the worker was away until then
    assert _tell(app, ends - timedelta(days=1)) == 0


def test_someone_who_may_not_see_the_placement_is_not_told_its_agency(app, world):
    from lms.accounts.models import User

    with app.test_request_context():
        outsider = db.session.get(User, world.other_trainer.id)
        assert subject_link(outsider, "placement", world.placement.id) is None
        trainee = db.session.get(User, world.trainee.id)
        assert subject_link(trainee, "placement", world.placement.id) is not None
