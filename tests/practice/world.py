"""Records the practice tests build on: a foundational cohort, its trainee and supervisor, a
placement that started 40 days ago, and helpers that log and decide entries via the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from lms.accounts.models import Region
from lms.core.database import local_today
from lms.core.extensions import db

ENTRY_DEFAULTS = {
    "category": "home-visit",
    "client_code": "F-014",
    "target_group": "family",
    "competencies": ("ASM-1",),
    "reflection": "Assessed the family's needs with the ecomap.",
}


@dataclass
class World:
    app: object
    trainee: object
    supervisor: object
    other_trainer: object
    admin: object
    cohort: object
    placement: object

    def day(self, offset: int) -> date:
        """A date counted from the placement's start."""
        return self.placement.starts_on + timedelta(days=offset)


def region_id(app, code: str = "AH-GOK") -> int:
    with app.app_context():
        return db.session.scalar(select(Region.id).where(Region.code == code))


def make_placement(app, trainee, supervisor, cohort, *, start=None, end=None, actor=None):
    from lms.practice.placements import PlacementFields, create_placement

    today = local_today()
    with app.app_context():
        placement = create_placement(
            PlacementFields(
                trainee_id=trainee.id,
                cohort_id=cohort.id,
                region_id=region_id(app),
                agency="Etrap social protection department",
                supervisor_id=supervisor.id,
                starts_on=start or today - timedelta(days=40),
                ends_on=end or today + timedelta(days=20),
                required_hours=240,
            ),
            actor=actor or supervisor,
        )
        db.session.commit()
        return placement


def practice_world(factory, prefix: str = "") -> World:
    trainee = factory.user(f"{prefix}yazgul", "trainee", full_name="Ýazgül Saparowa")
    supervisor = factory.user(f"{prefix}merdan", "trainer", full_name="Merdan Annaýew")
    other = factory.user(f"{prefix}serdar", "trainer", full_name="Serdar Berdiýew")
    admin = factory.user(f"{prefix}gozel", "admin", full_name="Gözel Muhammedowa")
    cohort = factory.cohort(f"{prefix}FND-P", trainers=[supervisor], trainees=[trainee])
    placement = make_placement(factory.app, trainee, supervisor, cohort)
    return World(factory.app, trainee, supervisor, other, admin, cohort, placement)


def entry_fields(world: World, offset: int = 1, start: str | None = "09:00", minutes=60, **extra):
    from lms.practice.entries import EntryFields

    start_minute = None
    if start is not None:
        hours, mins = start.split(":")
        start_minute = int(hours) * 60 + int(mins)
    values = {**ENTRY_DEFAULTS, **extra}
    return EntryFields(
        placement_id=values.pop("placement_id", world.placement.id),
        day=values.pop("day", world.day(offset)),
        minutes=minutes,
        start_minute=start_minute,
        end_minute=start_minute + minutes if start_minute is not None else None,
        **values,
    )


def log_entry(world: World, offset: int = 1, start="09:00", minutes=60, trainee=None, **extra):
    """A committed draft entry."""
    from lms.practice.entries import create_entry

    with world.app.app_context():
        entry = create_entry(
            trainee or world.trainee, entry_fields(world, offset, start, minutes, **extra)
        )
        db.session.commit()
        return entry


def submitted(world: World, *args, **kwargs):
    from lms.practice.models import PracticeEntry
    from lms.practice.signoff import submit_entries

    entry = log_entry(world, *args, **kwargs)
    with world.app.app_context():  # each app context has its own session: fetch again
        entry = db.session.get(PracticeEntry, entry.id)
        submit_entries(kwargs.get("trainee") or world.trainee, [entry], confirmed=True)
        db.session.commit()
        return entry


def approved(world: World, *args, **kwargs):
    from lms.practice.signoff import approve_entries

    entry = submitted(world, *args, **kwargs)
    with world.app.app_context():
        (entry,) = approve_entries(world.supervisor, [entry.id])
        db.session.commit()
        return entry


def entry_form(world: World, offset: int = 1, **overrides) -> dict:
    """What the entry form posts (without the CSRF token)."""
    data = {
        "placement": str(world.placement.id),
        "day": world.day(offset).isoformat(),
        "start": "09:00",
        "end": "10:30",
        "hours": "",
        "quarter": "0",
        "category": "home-visit",
        "client_code": "F-014",
        "target_group": "family",
        "competencies": ["ASM-1", "COM-2"],
        "reflection": "Home visit; assessed the family's needs.",
        "save": "Save draft",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
