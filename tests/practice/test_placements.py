"""Placements: created by admins, or by trainers for trainees of their own cohorts."""

from datetime import timedelta

import pytest
from practice.world import region_id
from sqlalchemy import select
from support import csrf_token, login

from lms.core.audit import AuditEvent
from lms.core.database import local_today
from lms.core.extensions import db
from lms.practice.models import Placement


@pytest.fixture
def people(factory):
    trainee = factory.user("yazgul", "trainee", region="AH-GOK")
    trainer = factory.user("merdan", "trainer")
    other = factory.user("serdar", "trainer")
    factory.user("gozel", "admin")
    cohort = factory.cohort("FND-P", trainers=[trainer], trainees=[trainee])
    other_cohort = factory.cohort("FND-O", trainers=[other])
    return {"trainee": trainee, "trainer": trainer, "other": other, "cohort": cohort,
            "other_cohort": other_cohort}  # fmt: skip


def _form(app, people, **overrides):
    today = local_today()
    data = {
        "cohort": str(people["cohort"].id),
        "region": str(region_id(app, "AH-GOK")),
        "agency": "Etrap social protection department",
        "supervisor": str(people["trainer"].id),
        "starts_on": (today - timedelta(days=7)).isoformat(),
        "ends_on": (today + timedelta(days=50)).isoformat(),
        "required_hours": "240",
    }
    data.update(overrides)
    return data


def _post(client, people, data):
    path = f"/practice/trainees/{people['trainee'].id}/placements/new"
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def _placements(app) -> list[Placement]:
    with app.app_context():
        return list(db.session.scalars(select(Placement)).unique())


def test_a_trainer_creates_a_placement_for_a_trainee_of_their_cohort(client, app, people):
    login(client, "merdan")
    form = client.get(f"/practice/trainees/{people['trainee'].id}/placements/new")
    assert "Gökdepe" in form.get_data(as_text=True)
    response = _post(client, people, _form(app, people, trainee_id="999", created_by_id="1"))
    assert response.status_code == 302
    (placement,) = _placements(app)
    assert placement.trainee_id == people["trainee"].id
    assert placement.created_by_id == people["trainer"].id
    with app.app_context():
        assert (
            db.session.scalar(
                select(AuditEvent.action).where(AuditEvent.target_type == "practice_placement")
            )
            == "practice_placement.created"
        )


def test_an_admin_may_name_another_trainer_as_supervisor(client, app, people):
    login(client, "gozel")
    response = _post(client, people, _form(app, people, supervisor=str(people["other"].id)))
    assert response.status_code == 302
    assert _placements(app)[0].supervisor_id == people["other"].id


def test_a_trainer_of_another_cohort_cannot_add_a_placement(client, app, people):
    login(client, "serdar")
    path = f"/practice/trainees/{people['trainee'].id}/placements/new"
    assert client.get(path).status_code == 404
    assert _placements(app) == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_on": "2020-01-01"}, "cannot end before it starts"),
        ({"required_hours": "2_40"}, "digits 0–9"),
        ({"required_hours": "５"}, "digits 0–9"),
        ({"required_hours": "9999"}, "largest number allowed here is 5000"),
        ({"required_hours": ""}, "Give the required hours"),
        ({"starts_on": "2026-13-01"}, "There is no such date"),
        ({"agency": ""}, "This field is required"),
        ({"supervisor": "1_0"}, "could not coerce"),
    ],
)
def test_bad_placements_are_refused(client, app, people, overrides, message):
    login(client, "gozel")
    response = _post(client, people, _form(app, people, **overrides))
    assert message in response.get_data(as_text=True)
    assert _placements(app) == []


def test_the_supervisor_must_be_a_trainer(client, app, people, factory):
    coordinator = factory.user("ogul", "coordinator")
    login(client, "gozel")
    response = _post(client, people, _form(app, people, supervisor=str(coordinator.id)))
    assert response.status_code == 200  # the choice list holds trainers only
    assert _placements(app) == []


def test_the_region_must_exist_on_the_start_date(client, app, people):
    login(client, "gozel")
    abolished = region_id(app, "DZ-GUB")  # Gubadag, abolished in November 2022
    response = _post(client, people, _form(app, people, region=str(abolished)))
    assert "did not exist on" in response.get_data(as_text=True)
    velayat = region_id(app, "AH")
    response = _post(client, people, _form(app, people, region=str(velayat)))
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert _placements(app) == []


def _create(client, app, people) -> Placement:
    login(client, "merdan")
    assert _post(client, people, _form(app, people)).status_code == 302
    (placement,) = _placements(app)
    return placement


def _edit(client, placement, data):
    path = f"/practice/placements/{placement.id}/edit"
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def test_a_placement_is_corrected_and_the_change_audited(client, app, people, factory):
    """New dates, agency and supervisor: the waiting entry moves to the new supervisor's queue
    and the audit log keeps the old and new values."""
    from practice.world import World, submitted

    placement = _create(client, app, people)
    page = client.get(f"/practice/placements/{placement.id}/edit").get_data(as_text=True)
    assert 'value="Etrap social protection department"' in page and "Save changes" in page
    world = World(app, people["trainee"], people["trainer"], people["other"], None,
                  people["cohort"], placement)  # fmt: skip
    waiting = submitted(world, offset=2)
    new_supervisor = factory.user("aman", "trainer")
    today = local_today()
    data = _form(app, people, agency="  Mary etrap family support centre ",
                 supervisor=str(new_supervisor.id),
                 ends_on=(today + timedelta(days=60)).isoformat())  # fmt: skip
    response = _edit(client, placement, data)
    assert response.status_code == 302
    assert "Placement updated." in client.get(response.location).get_data(as_text=True)
    (placement,) = _placements(app)
    assert placement.agency == "Mary etrap family support centre"
    assert placement.supervisor_id == new_supervisor.id
    assert placement.ends_on == today + timedelta(days=60)
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "practice_placement.updated")
        )
        changes = event.details["changes"]
    assert set(changes) == {"agency", "supervisor_id", "ends_on"}
    assert changes["supervisor_id"] == [people["trainer"].id, new_supervisor.id]
    aman = app.test_client()
    login(aman, "aman")
    queue = aman.get("/practice/queue").get_data(as_text=True)
    assert f'value="{waiting.id}"' in queue
    # aman supervises the placement now, but is no trainer of its cohort
    assert aman.get(f"/practice/placements/{placement.id}/edit").status_code == 403


def test_dates_that_leave_out_logged_days_are_refused(client, app, people):
    from practice.world import World, log_entry

    placement = _create(client, app, people)
    world = World(app, people["trainee"], people["trainer"], people["other"], None,
                  people["cohort"], placement)  # fmt: skip
    log_entry(world, offset=5)  # five days after the start
    late_start = (placement.starts_on + timedelta(days=6)).isoformat()
    response = _edit(client, placement, _form(app, people, starts_on=late_start))
    assert response.status_code == 200
    assert "1 logged entry falls outside these dates" in response.get_data(as_text=True)
    assert _placements(app)[0].starts_on == placement.starts_on
    nothing = _edit(client, placement, _form(app, people))
    assert "Nothing was changed." in client.get(nothing.location).get_data(as_text=True)


@pytest.mark.parametrize("who", ["serdar", "yazgul"])
def test_only_the_cohorts_trainers_and_admins_correct_a_placement(client, app, people, who):
    placement = _create(client, app, people)
    other, admin = app.test_client(), app.test_client()
    login(other, who)
    expected = 404 if who == "serdar" else 403  # serdar may not even see it
    assert other.get(f"/practice/placements/{placement.id}/edit").status_code == expected
    assert "Correct the placement" not in other.get(f"/practice/placements/{placement.id}").text
    login(admin, "gozel")
    page = admin.get(f"/practice/placements/{placement.id}").get_data(as_text=True)
    assert "Correct the placement" in page
    assert admin.get(f"/practice/placements/{placement.id}/edit").status_code == 200
