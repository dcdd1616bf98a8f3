"""Logging practice: drafts from the form, and every kind of bad input refused with a clear
message and nothing changed."""

import re
from datetime import timedelta

import pytest
from practice.world import entry_fields, entry_form, log_entry, practice_world, submitted
from sqlalchemy import func, select
from support import csrf_token, login

from lms.core.database import local_today
from lms.core.extensions import db
from lms.practice.entries import create_entry
from lms.practice.errors import PracticeError
from lms.practice.models import PracticeEntry


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(PracticeEntry))


def _post(client, data, path="/practice/entries/new"):
    token = csrf_token(client, "/practice/entries/new")
    return client.post(path, data={**data, "csrf_token": token})


def test_trainee_logs_a_draft_with_times(client, world, app):
    login(client, "yazgul")
    response = _post(client, entry_form(world))
    assert response.status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(PracticeEntry))
        assert (entry.status, entry.minutes, entry.start_minute, entry.end_minute) == (
            "draft",
            90,
            540,
            630,
        )
        assert entry.kind == "direct" and entry.competency_codes == ["ASM-1", "COM-2"]
    page = client.get(response.location).get_data(as_text=True)
    assert "Draft" in page and "F-014" in page


def test_trainee_logs_a_draft_with_only_a_duration(client, world, app):
    login(client, "yazgul")
    data = entry_form(world, start="", end="", hours="2", quarter="45", category="travel")
    assert _post(client, data).status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(PracticeEntry))
        assert (entry.minutes, entry.start_minute, entry.kind) == (165, None, "travel")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start": "", "end": "", "hours": "0", "quarter": "0"}, "more than zero"),
        ({"start": "", "end": "", "hours": "", "quarter": "0"}, "Give the start and end times"),
        ({"start": "10:00", "end": "09:00"}, "end time must be after the start"),
        ({"start": "09:00", "end": "09:00"}, "end time must be after the start"),
        ({"start": "", "end": "", "hours": "25"}, "largest number allowed here is 24"),
        ({"start": "", "end": "", "hours": "24", "quarter": "15"}, "longer than 24 hours"),
        ({"start": "", "end": "", "hours": "-1"}, "digits 0–9"),
        ({"start": "", "end": "", "hours": "1_0"}, "digits 0–9"),
        ({"start": "", "end": "", "hours": "８"}, "digits 0–9"),
        ({"start": "", "end": "", "hours": "١٢"}, "digits 0–9"),
        ({"start": "", "end": "", "hours": "NaN"}, "digits 0–9"),
        ({"start": "", "end": "", "hours": "inf"}, "digits 0–9"),
        ({"start": "", "end": "", "hours": "1", "quarter": "10"}, "Not a valid choice"),
        ({"start": "０９:00"}, "HH:MM"),
        ({"start": "09:00", "end": "09:50"}, "steps of 15 minutes"),
        ({"start": "09:00", "end": "10:00", "hours": "2"}, "does not match"),
        ({"start": "09:00", "end": ""}, "both the start and the end"),
        ({"day": "２０２６-11-02"}, "YYYY-MM-DD"),
        ({"placement": "1_0"}, "could not coerce"),
        ({"category": "sleeping"}, "Not a valid choice"),
        ({"client_code": "Aýna Orazowa"}, "never a name"),
        ({"client_code": "F-014-AAAAAAAAAAAAAAAAAA"}, "longer than 20"),
        ({"target_group": "teenager"}, "Not a valid choice"),
        ({"competencies": ["EDU-1"]}, "not a valid choice"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(client, world, app, overrides, message):
    login(client, "yazgul")
    response = _post(client, entry_form(world, **overrides))
    assert response.status_code == 422
    assert message.lower() in response.get_data(as_text=True).lower()
    assert _count(app) == 0


def test_a_future_date_is_refused(client, world, app):
    login(client, "yazgul")
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    response = _post(client, entry_form(world, day=tomorrow))
    assert "date in the future" in response.get_data(as_text=True)
    assert _count(app) == 0


def test_a_date_outside_the_placement_is_refused(client, world, app):
    login(client, "yazgul")
    before = (world.placement.starts_on - timedelta(days=1)).isoformat()
    response = _post(client, entry_form(world, day=before))
    assert "outside the placement" in response.get_data(as_text=True)
    assert _count(app) == 0


def _error_beside_the_day(page: str) -> str:
    """The message shown under the date field (the field's own error block), or ''."""
    found = re.search(r'<div class="error" id="day-error">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_date_outside_the_placement_is_refused_beside_the_field(client, world, app, where):
    with app.app_context():  # the placement ended three days after it began
        placement = db.session.get(type(world.placement), world.placement.id)
        placement.ends_on = world.day(3)
        db.session.commit()
    login(client, "yazgul")
    day = world.day(-1) if where == "before" else world.day(4)
    response = _post(client, entry_form(world, day=day.isoformat()))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The date is outside the placement" in _error_beside_the_day(page)
    assert 'href="#day"' in page  # listed at the top too, linking to the field
    assert 'aria-invalid="true"' in re.search(r"<input[^>]*name=\"day\"[^>]*>", page).group(0)
    assert _count(app) == 0


def test_a_future_date_is_refused_beside_the_field(client, world, app):
    login(client, "yazgul")
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    page = _post(client, entry_form(world, day=tomorrow)).get_data(as_text=True)
    assert "date in the future" in _error_beside_the_day(page)


def _day_input(page: str) -> str:
    return re.search(r"<input[^>]*name=\"day\"[^>]*>", page).group(0)


def test_the_date_input_offers_only_the_placement_up_to_today(client, world, app):
    login(client, "yazgul")
    page = client.get("/practice/entries/new").get_data(as_text=True)
    day = _day_input(page)
    assert f'min="{world.placement.starts_on.isoformat()}"' in day
    assert f'max="{local_today().isoformat()}"' in day  # the placement runs on after today
    option = re.search(rf'<option[^>]*value="{world.placement.id}"[^>]*>', page).group(0)
    assert f'data-min="{world.placement.starts_on.isoformat()}"' in option
    with app.app_context():  # once it has ended, its last day is the last one offered
        placement = db.session.get(type(world.placement), world.placement.id)
        placement.ends_on = world.day(3)
        db.session.commit()
    day = _day_input(client.get("/practice/entries/new").get_data(as_text=True))
    assert f'max="{world.day(3).isoformat()}"' in day


def test_overlapping_entries_are_refused(world, app):
    log_entry(world, offset=2, start="09:00", minutes=120)
    with app.app_context():
        with pytest.raises(PracticeError, match="overlaps another entry"):
            create_entry(world.trainee, entry_fields(world, 2, start="10:45", minutes=60))
        # touching end to start is fine
        create_entry(world.trainee, entry_fields(world, 2, start="11:00", minutes=60))


def test_more_than_24_hours_in_one_day_is_refused(world, app):
    log_entry(world, offset=3, start=None, minutes=12 * 60)
    log_entry(world, offset=3, start=None, minutes=11 * 60)
    with app.app_context():
        with pytest.raises(PracticeError, match="more than 24 hours on one day"):
            create_entry(world.trainee, entry_fields(world, 3, start=None, minutes=75))
        create_entry(world.trainee, entry_fields(world, 3, start=None, minutes=60))  # exactly 24


def test_zero_and_negative_durations_are_refused_by_the_service(world, app):
    with app.app_context():
        for minutes in (0, -15, 24 * 60 + 15, 10):
            with pytest.raises(PracticeError):
                create_entry(world.trainee, entry_fields(world, 4, start=None, minutes=minutes))


def test_a_placement_of_someone_else_is_refused(factory, world, app):
    from practice.world import make_placement

    other = factory.user("aygul", "trainee")
    cohort = factory.cohort("FND-Q", trainers=[world.supervisor], trainees=[other])
    theirs = make_placement(app, other, world.supervisor, cohort)
    with app.app_context(), pytest.raises(PracticeError, match="one of your placements"):
        create_entry(world.trainee, entry_fields(world, 1, placement_id=theirs.id))


def test_mass_assignment_is_ignored(client, world, app, factory):
    login(client, "yazgul")
    data = entry_form(
        world,
        status="approved",
        supervisor_id=str(world.other_trainer.id),
        reviewed_by_id=str(world.supervisor.id),
        trainee_id=str(world.supervisor.id),
        amends_id="1",
        kind="supervision",
        privacy_confirmed="y",
    )
    assert _post(client, data).status_code == 302
    with app.app_context():
        entry = db.session.scalar(select(PracticeEntry))
        assert entry.status == "draft"
        assert entry.trainee_id == world.trainee.id
        assert entry.reviewed_by_id is None and entry.amends_id is None
        assert entry.kind == "direct" and entry.privacy_confirmed is False
        assert entry.placement.supervisor_id == world.supervisor.id


def test_a_script_in_the_reflection_is_never_run(client, world, app):
    login(client, "yazgul")
    reflection = "Good visit.<script>alert('x')</script> <img src=x onerror=alert(1)> **bold**"
    response = _post(client, entry_form(world, reflection=reflection))
    page = client.get(response.location).get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    # User text is shown as written, escaped, never as Markdown (finding 5).
    assert "&lt;script&gt;" in page and "**bold**" in page and "<strong>bold" not in page


def test_someone_elses_entry_is_not_found(client, world, factory):
    entry = log_entry(world)
    factory.user("aygul", "trainee")
    login(client, "aygul")
    for path in (f"/practice/entries/{entry.id}", f"/practice/entries/{entry.id}/edit"):
        assert client.get(path).status_code == 404


def test_a_trainer_of_another_cohort_cannot_see_the_entry(client, world, app):
    entry = submitted(world)  # a draft the supervisor may not see either (finding 2)
    login(client, "serdar")
    assert client.get(f"/practice/entries/{entry.id}").status_code == 404
    supervisor = app.test_client()
    login(supervisor, "merdan")
    assert supervisor.get(f"/practice/entries/{entry.id}").status_code == 200


def test_editing_a_draft_keeps_one_entry(client, world, app):
    entry = log_entry(world)
    login(client, "yazgul")
    path = f"/practice/entries/{entry.id}/edit"
    form = client.get(path).get_data(as_text=True)
    assert 'value="09:00"' in form and "F-014" in form
    response = _post(client, entry_form(world, reflection="Changed text."), path=path)
    assert response.status_code == 302
    assert _count(app) == 1
    with app.app_context():
        assert db.session.get(PracticeEntry, entry.id).reflection == "Changed text."


def test_autosave_answers_json_and_then_updates_the_same_draft(client, world, app):
    login(client, "yazgul")
    token = csrf_token(client, "/practice/entries/new")
    headers = {"X-Requested-With": "fetch"}
    data = {**entry_form(world), "csrf_token": token}
    first = client.post("/practice/entries/new", data=data, headers=headers)
    assert first.status_code == 200 and first.json["saved"] is True
    edit_url = first.json["edit_url"]
    second = client.post(edit_url, data={**data, "reflection": "More."}, headers=headers)
    assert second.json["saved"] is True and second.json["id"] == first.json["id"]
    half_typed = client.post(edit_url, data={**data, "start": "09:3"}, headers=headers)
    assert half_typed.status_code == 422 and half_typed.json["saved"] is False
    assert _count(app) == 1
    with app.app_context():
        assert db.session.get(PracticeEntry, first.json["id"]).reflection == "More."


def test_a_trainee_without_a_placement_is_told_what_to_do(client, factory):
    factory.user("new", "trainee")
    login(client, "new")
    page = client.get("/practice/entries/new").get_data(as_text=True)
    assert "You have no placement yet" in page
    assert "You have no placement yet" in client.get("/practice/").get_data(as_text=True)
