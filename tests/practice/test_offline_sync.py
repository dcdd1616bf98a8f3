"""Entries written offline and sent by the phone's outbox (POST /practice/entries/sync):
stored exactly once per phone-made id, flagged text kept as a draft with the warning, refusals
answered as problem+json with the reason and nothing stored, and nobody's work sent as
someone else's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_migrate import upgrade
from practice.world import entry_fields, entry_form, practice_world
from races import kept_loaded, race
from sqlalchemy import func, select
from support import Factory, csrf_token, dispose, login, make_app_for

from lms.accounts.models import User
from lms.accounts.regions import sync_regions
from lms.core.database import local_today
from lms.core.extensions import db
from lms.practice.errors import PracticeError
from lms.practice.models import PracticeEntry
from lms.practice.sync import sync_entry

URL = "/practice/entries/sync"


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(PracticeEntry))


def _fields(world, offset=1, **overrides) -> dict:
    data = entry_form(world, offset, **overrides)
    data.pop("save", None)
    return data


def _sync(client, world, client_id="phone-0001", user_id=None, **body):
    token = csrf_token(client, "/practice/entries/new")
    payload = {
        "client_id": client_id,
        "user_id": world.trainee.id if user_id is None else user_id,
        "submit": False,
        "fields": _fields(world),
        **body,
    }
    return client.post(URL, json=payload, headers={"X-CSRFToken": token})


def test_an_offline_entry_is_stored_once_however_often_it_is_sent(client, world, app):
    login(client, "yazgul")
    first = _sync(client, world)
    assert first.status_code == 201
    again = _sync(client, world)
    assert again.status_code == 200
    assert first.json["id"] == again.json["id"] and again.json["created"] is False
    assert first.json["status"] == "draft" and first.json["url"].endswith(f"/{first.json['id']}")
    assert _count(app) == 1
    with app.app_context():
        entry = db.session.get(PracticeEntry, first.json["id"])
        assert (entry.client_id, entry.minutes, entry.start_minute) == ("phone-0001", 90, 540)


def test_a_submitted_entry_goes_to_the_supervisor(client, world, app):
    login(client, "yazgul")
    response = _sync(client, world, submit=True)
    assert response.status_code == 201
    assert response.json["status"] == "submitted" and response.json["warnings"] == []


def test_two_devices_each_store_their_own_entries(client, world, app):
    login(client, "yazgul")
    phone = _sync(client, world, "phone-aaaa-1", fields=_fields(world, 1))
    tablet = _sync(client, world, "tablet-bbbb-1", fields=_fields(world, 2))
    assert (phone.status_code, tablet.status_code) == (201, 201)
    for repeat in ("phone-aaaa-1", "tablet-bbbb-1"):  # each resends after a dropped answer
        assert _sync(client, world, repeat).status_code == 200
    assert _count(app) == 2


def test_flagged_text_is_kept_as_a_draft_with_the_warning(client, world, app):
    login(client, "yazgul")
    reflection = "Visited the family; her number is +993 65 123456."
    response = _sync(client, world, submit=True, fields=_fields(world, reflection=reflection))
    assert response.status_code == 201
    assert response.json["status"] == "draft"
    assert "phone" in {w["kind"] for w in response.json["warnings"]}
    assert "identify" in response.json["detail"]
    with app.app_context():
        entry = db.session.get(PracticeEntry, response.json["id"])
        assert entry.reflection == reflection and entry.status == "draft"


def test_a_confirmed_flagged_entry_is_submitted(client, world):
    login(client, "yazgul")
    reflection = "Her number is +993 65 123456."
    response = _sync(
        client,
        world,
        submit=True,
        confirm_privacy=True,
        fields=_fields(world, reflection=reflection),
    )
    assert response.json["status"] == "submitted"


def _assert_problem(response, status: int, detail: str | None = None):
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == status and response.json["title"]
    if detail is not None:
        assert detail in response.json["detail"]


def test_an_entry_outside_a_placement_that_ended_is_refused_with_the_reason(client, world, app):
    login(client, "yazgul")
    day = (local_today() + timedelta(days=30)).isoformat()
    _assert_problem(
        _sync(client, world, fields=_fields(world, day=day)), 422, "Practice cannot be logged"
    )
    with app.app_context():  # the placement was closed early while the phone was offline
        placement = db.session.get(type(world.placement), world.placement.id)
        placement.ends_on = world.day(3)
        db.session.commit()
    response = _sync(client, world, fields=_fields(world, 5))
    _assert_problem(response, 422, "The date is outside the placement")
    assert "The date is outside the placement" in response.json["errors"]["day"][0]
    assert _count(app) == 0


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"start": "", "end": "", "hours": "1.5", "quarter": "0"}, "hours"),
        ({"start": "25:00"}, "start"),
        ({"day": "2026-02-30"}, "day"),
        ({"day": "31.12.2026"}, "day"),
        ({"hours": "١", "start": "", "end": ""}, "hours"),
    ],
)
def test_invalid_hours_or_dates_are_refused_field_by_field(client, world, app, overrides, field):
    login(client, "yazgul")
    response = _sync(client, world, fields=_fields(world, **overrides))
    _assert_problem(response, 422)
    assert field in response.json["errors"]
    assert _count(app) == 0


def test_an_unknown_placement_is_refused(client, world, app, factory):
    theirs = practice_world(factory, "b").placement
    login(client, "yazgul")
    for placement in ("999999", str(theirs.id)):
        response = _sync(client, world, fields=_fields(world, placement=placement))
        _assert_problem(response, 422, "Choose one of your placements")
    assert _count(app) == 0


def test_work_kept_for_another_person_is_never_stored_as_this_ones(client, world, app, factory):
    factory.user("aylar", "trainee")
    login(client, "aylar")
    _assert_problem(_sync(client, world), 403)
    assert _count(app) == 0


def test_another_trainees_client_id_never_reaches_their_entry(client, world, app, factory):
    other = practice_world(factory, "b")
    login(client, "yazgul")
    mine = _sync(client, world).json["id"]
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    login(client, "byazgul")
    response = _sync(client, other, fields=_fields(other))  # the same id, made on their phone
    assert response.status_code == 201 and response.json["id"] != mine
    assert _count(app) == 2


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"fields": "x"}', b'{"fields": {"day": 3}}', b'{"fields": {}}'],
)
def test_unreadable_bodies_are_refused(client, world, app, body):
    login(client, "yazgul")
    token = csrf_token(client, "/practice/entries/new")
    response = client.post(
        URL, data=body, headers={"X-CSRFToken": token, "Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    assert _count(app) == 0


def test_a_bad_client_id_is_refused(client, world, app):
    login(client, "yazgul")
    for bad in ("", "short", "x" * 65, "<script>alert(1)</script>", 12345678):
        _assert_problem(_sync(client, world, client_id=bad), 422)
    assert _count(app) == 0


def test_without_a_session_the_work_waits(client, world, app):
    token = csrf_token(client, "/login")
    response = client.post(URL, json={}, headers={"X-CSRFToken": token})
    _assert_problem(response, 401)


def test_without_the_csrf_header_nothing_is_stored(client, world, app):
    login(client, "yazgul")
    response = client.post(URL, json={"client_id": "phone-0001", "fields": _fields(world)})
    assert response.status_code == 400
    assert _count(app) == 0


@pytest.fixture
def committed_world(empty_database):
    app = make_app_for(empty_database)
    with app.app_context():
        upgrade()
        sync_regions()
        db.session.commit()
        db.session.remove()
    with kept_loaded(app):
        built = practice_world(Factory(app))
    yield built
    dispose(app)


def test_racing_sends_of_one_entry_store_it_once(committed_world):
    world = committed_world
    outcome = race(
        world.app,
        4,
        lambda: db.session.get(User, world.trainee.id),
        lambda trainee: (
            sync_entry(
                trainee, "phone-race-1", entry_fields(world), submit=True, confirmed=False
            ).entry.id
        ),
        PracticeError,
    )
    assert outcome.errors == [] and outcome.refusals == []
    assert len(set(outcome.successes)) == 1
    assert _count(world.app) == 1
