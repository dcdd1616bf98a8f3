"""Deadlines: the page lists what is due (placement end, evaluations, cohort dates, supervision
sessions); the calendar feed at a secret, rotatable address parses as RFC 5545 iCalendar; the
trainer's home page counts what waits."""

import re

import icalendar
import pytest
from practice.world import practice_world, submitted
from support import login, post_form

from lms.core.database import local_today


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _client(app, username):
    client = app.test_client()
    login(client, username)
    return client


def _feed_path(client) -> str | None:
    found = re.search(
        r'href="http://[^/"]+(/deadlines/[^"]+\.ics)"',
        client.get("/deadlines").get_data(as_text=True),
    )
    return found.group(1) if found else None


def test_the_page_lists_the_placement_end_and_the_evaluations_due(app, world):
    html = _client(app, "yazgul").get("/deadlines").get_data(as_text=True)
    assert "Your placement ends: Etrap social protection department" in html
    assert "Due: End-of-placement evaluation" in html
    assert world.placement.ends_on.isoformat() in html
    supervisor = _client(app, "merdan").get("/deadlines").get_data(as_text=True)
    assert "Placement of Ýazgül Saparowa ends" in supervisor
    assert "The course of Cohort FND-P ends" in supervisor


def test_the_menu_links_the_deadlines_page(app, world):
    assert 'href="/deadlines"' in _client(app, "yazgul").get("/").get_data(as_text=True)


def test_the_feed_is_icalendar_with_all_day_events_in_the_owners_language(app, world):
    client = _client(app, "yazgul")
    assert _feed_path(client) is None  # no address until the person asks for one
    post_form(client, "/deadlines/feed", {}, token_from="/deadlines")
    path = _feed_path(client)
    anonymous = app.test_client()  # a phone calendar: no session
    answer = anonymous.get(path)
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(answer.data)
    assert calendar["version"] == "2.0" and calendar["x-wr-timezone"] == "Asia/Ashgabat"
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    end = events["Your placement ends: Etrap social protection department"]
    assert end.decoded("dtstart") == world.placement.ends_on
    assert all(e.decoded("dtstart") >= local_today() for e in events.values())
    assert len({str(e["uid"]) for e in events.values()}) == len(events)


def test_rotating_the_feed_makes_the_old_address_404(app, world):
    client = _client(app, "yazgul")
    post_form(client, "/deadlines/feed", {}, token_from="/deadlines")
    old = _feed_path(client)
    post_form(client, "/deadlines/feed", {}, token_from="/deadlines")
    new = _feed_path(client)
    assert new != old
    anonymous = app.test_client()
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200


def test_a_guessed_feed_address_is_404(app, world):
    anonymous = app.test_client()
    for token in ("guess", "a" * 43, "x" * 200):
        assert anonymous.get(f"/deadlines/{token}.ics").status_code == 404


def test_rotating_needs_a_post_with_the_csrf_token(app, world):
    client = _client(app, "yazgul")
    assert client.get("/deadlines/feed").status_code == 405
    assert client.post("/deadlines/feed").status_code == 400 or _feed_path(client) is None


def test_the_trainers_home_page_counts_what_waits(app, world):
    submitted(world)
    submitted(world, offset=2)
    html = _client(app, "merdan").get("/").get_data(as_text=True)
    assert re.search(r"<strong>2</strong> Entries waiting for your sign-off", html)
    assert re.search(r"<strong>0</strong> Quiz attempts with essays to grade", html)
    # the placement started 40 days ago and ends in 20: the mid-placement evaluation is due
    assert re.search(r"<strong>1</strong> Field evaluations due", html)
    assert "Entries waiting for your sign-off" not in _client(app, "yazgul").get("/").get_data(
        as_text=True
    )
