"""The pages around the log: the trainee's progress with charts, the week view, and what
trainers see of each trainee."""

import re

import pytest
from practice.world import approved, log_entry, practice_world, submitted
from support import QueryCounter, login

from lms.practice.signoff import week_of


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _main(html: str) -> str:
    return html.split('<main id="main">', 1)[1]


def test_the_trainee_sees_progress_against_each_requirement_with_a_chart(client, world):
    approved(world, offset=1, start=None, minutes=600)
    approved(world, offset=2, start=None, minutes=120, category="documentation")
    submitted(world, offset=3, minutes=60)
    login(client, "yazgul")
    page = _main(client.get("/practice/").get_data(as_text=True))
    assert "Counted practice hours" in page and "12 h" in page and "240 h" in page
    assert "Share of direct practice" in page and "83%" in page and "50%" in page
    assert "Supervision hours" in page
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<rect" in svg
    assert "style" not in page  # the CSP forbids inline styles and scripts
    assert not re.search(r"<script(?![^>]* src=)", page)  # the outbox's script is a file
    assert "Home visit" in page and "Waiting for sign-off" in page


def test_the_week_view_shows_seven_days_and_their_entries(client, world):
    monday_offset = (week_of(world.day(10)) - world.placement.starts_on).days
    log_entry(world, offset=monday_offset + 1, start="09:00", minutes=90)
    log_entry(world, offset=monday_offset + 1, start="11:00", minutes=30, category="travel")
    login(client, "yazgul")
    monday = world.day(monday_offset).isoformat()
    page = _main(client.get(f"/practice/week?start={monday}").get_data(as_text=True))
    assert len(re.findall(r'<li class="day[ "]', page)) == 7
    assert "09:00–10:30" in page and "Travel" in page and "Total: 2 hr" in page


def test_a_bad_week_start_falls_back_to_this_week_with_a_message(client, world):
    login(client, "yazgul")
    response = client.get("/practice/week?start=２０２６-11-02")
    assert response.status_code == 200
    assert "That is not a date" in response.get_data(as_text=True)


def test_trainers_see_each_trainees_hours_and_supervision_record(client, world, app):
    approved(world, offset=1, minutes=120)
    submitted(world, offset=2, minutes=60)
    login(client, "merdan")
    cohort = _main(client.get(f"/practice/cohorts/{world.cohort.id}").get_data(as_text=True))
    assert "Ýazgül Saparowa" in cohort and "2 / 240" in cohort
    record = _main(client.get(f"/practice/trainees/{world.trainee.id}").get_data(as_text=True))
    assert "Supervision record" in record and "Field evaluations" in record
    assert "Etrap social protection department" in record
    other = app.test_client()
    login(other, "serdar")
    assert other.get(f"/practice/trainees/{world.trainee.id}").status_code == 404
    assert other.get(f"/practice/cohorts/{world.cohort.id}").status_code == 404


def test_the_trainee_log_costs_the_same_queries_for_few_or_many_entries(client, app, world):
    login(client, "yazgul")
    approved(world, offset=1, minutes=60)
    with QueryCounter(app) as few:
        client.get("/practice/")
    for offset in range(2, 14):
        approved(world, offset=offset, minutes=60)
        submitted(world, offset=offset, start="12:00", minutes=60, category="documentation")
    with QueryCounter(app) as many:
        client.get("/practice/")
    assert few.count == many.count


def test_the_navigation_leads_each_role_to_practice(client, world, app):
    login(client, "yazgul")
    assert "/practice/" in client.get("/").get_data(as_text=True)
    trainer = app.test_client()
    login(trainer, "merdan")
    home = trainer.get("/").get_data(as_text=True)
    assert "/practice/queue" in home and "/practice/cohorts/" in home
    admin = app.test_client()
    login(admin, "gozel")
    assert "/practice/reports" in admin.get("/").get_data(as_text=True)
