"""Placements: who may create them, who may see them. Services flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, or_, select

from lms.accounts.cohorts import can_see_trainee
from lms.accounts.models import Cohort, Region, User, cohort_members
from lms.accounts.trainers import trains_cohort
from lms.core import audit
from lms.core.extensions import db
from lms.i18n.language import language
from lms.practice.errors import PracticeError
from lms.practice.models import Placement, PracticeEntry

MAX_REQUIRED_HOURS = 5000


@dataclass(frozen=True)
class PlacementFields:
    trainee_id: int
    cohort_id: int
    region_id: int
    agency: str
    supervisor_id: int
    starts_on: date
    ends_on: date
    required_hours: int


def _may_create_for(actor: User, cohort: Cohort) -> bool:
    if actor.has_role("admin"):
        return True
    return trains_cohort(actor, cohort)


def _check_people(fields: PlacementFields, cohort: Cohort) -> None:
    member = db.session.scalar(
        select(cohort_members.c.user_id).where(
            cohort_members.c.cohort_id == cohort.id, cohort_members.c.user_id == fields.trainee_id
        )
    )
    if member is None:
        raise PracticeError(_("The trainee is not a member of that cohort."))
    supervisor = db.session.get(User, fields.supervisor_id)
    if supervisor is None or not supervisor.active or not supervisor.has_role("trainer"):
        raise PracticeError(_("The supervisor must be an active user with the trainer role."))
    if fields.supervisor_id == fields.trainee_id:
        raise PracticeError(_("Nobody can supervise their own placement."))


def _check_region(fields: PlacementFields) -> None:
    region = db.session.get(Region, fields.region_id)
    if region is None or region.parent_id is None or region.kind not in ("etrap", "city"):
        raise PracticeError(_("Choose an etrap or a city."))
    if not region.is_valid_on(fields.starts_on):
        raise PracticeError(
            _(
                "%(region)s did not exist on %(day)s; choose the etrap or city as it was on the "
                "start date.",
                region=region.name(language()),
                day=fields.starts_on.isoformat(),
            )
        )


def _check_fields(fields: PlacementFields) -> None:
    if not fields.agency.strip() or len(fields.agency) > 200:
        raise PracticeError(_("Name the agency or service (at most 200 characters)."))
    if fields.ends_on < fields.starts_on:
        raise PracticeError(_("A placement cannot end before it starts."))
    if not 0 <= fields.required_hours <= MAX_REQUIRED_HOURS:
        raise PracticeError(_("Required hours are between 0 and %(max)d.", max=MAX_REQUIRED_HOURS))


def create_placement(fields: PlacementFields, *, actor: User) -> Placement:
    """A new placement; admins create any, trainers only for trainees of their own cohorts."""
    cohort = db.session.get(Cohort, fields.cohort_id)
    if cohort is None or not _may_create_for(actor, cohort):
        raise PracticeError(_("You can add placements only for trainees of your own cohorts."))
    _check_fields(fields)
    _check_people(fields, cohort)
    _check_region(fields)
    placement = Placement(**{**fields.__dict__, "agency": fields.agency.strip()})
    placement.created_by_id = actor.id
    db.session.add(placement)
    db.session.flush()
    audit.record(
        "practice_placement.created",
        actor_id=actor.id,
        target_type="practice_placement",
        target_id=placement.id,
        trainee_id=fields.trainee_id,
        supervisor_id=fields.supervisor_id,
        cohort=cohort.code,
    )
    return placement


def may_edit_placement(actor: User, placement: Placement) -> bool:
    """Whoever may create a placement for its cohort: admins and the cohort's trainers."""
    return _may_create_for(actor, placement.cohort)


EDITABLE = ("cohort_id", "region_id", "agency", "supervisor_id", "starts_on", "ends_on",
            "required_hours")  # fmt: skip


def update_placement(placement: Placement, fields: PlacementFields, *, actor: User) -> list[str]:
    """Correct a placement's details (not its trainee); the names of the fields changed.

    The dates must still hold every entry already logged, and pending entries go to the new
    supervisor's queue (the queue follows the placement). Audited with old and new values.
    """
    cohort = db.session.get(Cohort, fields.cohort_id)
    if (
        not may_edit_placement(actor, placement)
        or cohort is None
        or not _may_create_for(actor, cohort)
    ):
        raise PracticeError(_("You can change placements only for trainees of your own cohorts."))
    if fields.trainee_id != placement.trainee_id:
        raise PracticeError(_("A placement's trainee cannot be changed; create a new placement."))
    fields = PlacementFields(**{**fields.__dict__, "agency": fields.agency.strip()})
    _check_fields(fields)
    _check_people(fields, cohort)
    _check_region(fields)
    outside = db.session.scalar(
        select(func.count())
        .select_from(PracticeEntry)
        .where(
            PracticeEntry.placement_id == placement.id,
            or_(PracticeEntry.day < fields.starts_on, PracticeEntry.day > fields.ends_on),
        )
    )
    if outside:
        raise PracticeError(
            ngettext(
                "%(num)d logged entry falls outside these dates; the placement must cover every "
                "day already logged.",
                "%(num)d logged entries fall outside these dates; the placement must cover every "
                "day already logged.",
                outside,
            )
        )
    changes = {
        name: (getattr(placement, name), getattr(fields, name))
        for name in EDITABLE
        if getattr(placement, name) != getattr(fields, name)
    }
    for name, (_old, new) in changes.items():
        setattr(placement, name, new)
    if changes:
        db.session.flush()
        db.session.expire(placement)  # its cohort, region and supervisor are loaded anew
        audit.record(
            "practice_placement.updated",
            actor_id=actor.id,
            target_type="practice_placement",
            target_id=placement.id,
            trainee_id=placement.trainee_id,
            changes={name: [_plain(old), _plain(new)] for name, (old, new) in changes.items()},
        )
    return list(changes)


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def can_see_placement(viewer: User, placement: Placement) -> bool:
    """The trainee, the supervisor, the trainee's cohort trainers and admins."""
    if viewer.id in (placement.trainee_id, placement.supervisor_id):
        return True
    return can_see_trainee(viewer, placement.trainee_id)


def placement_for(viewer: User, placement_id: int) -> Placement | None:
    placement = db.session.get(Placement, placement_id)
    if placement is None or not can_see_placement(viewer, placement):
        return None
    return placement


def placements_of(trainee_id: int) -> list[Placement]:
    return list(
        db.session.scalars(
            select(Placement)
            .where(Placement.trainee_id == trainee_id)
            .order_by(Placement.starts_on.desc(), Placement.id.desc())
        ).unique()
    )


def supervised_placements(supervisor_id: int) -> list[Placement]:
    """Placements the person supervises (never their own), most recent first."""
    return list(
        db.session.scalars(
            select(Placement)
            .where(Placement.supervisor_id == supervisor_id)
            .where(Placement.trainee_id != supervisor_id)
            .order_by(Placement.starts_on.desc(), Placement.id.desc())
        ).unique()
    )
