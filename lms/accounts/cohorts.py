"""Cohorts and who may see whom.

Access is decided per object: a trainer sees the trainees of the cohorts they are assigned to,
an admin sees everyone, a trainee sees only themself.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from lms.accounts.models import (
    Cohort,
    Region,
    User,
    UserRole,
    cohort_members,
    name_order,
)
from lms.accounts.trainers import cohorts_trained_by, trains_cohort, trains_trainee
from lms.core import audit
from lms.core.extensions import db


class CohortError(ValueError):
    pass


@dataclass(frozen=True)
class CohortFields:
    code: str
    name: str
    programme: str
    starts_on: date
    ends_on: date


def _check(fields: CohortFields, programmes: Collection[str], cohort_id: int | None = None) -> None:
    if fields.programme not in programmes:
        raise CohortError(_("Unknown programme “%(code)s”.", code=fields.programme))
    if fields.ends_on < fields.starts_on:
        raise CohortError(_("A cohort cannot end before it starts."))
    clash = db.session.scalar(select(Cohort.id).where(Cohort.code == fields.code))
    if clash is not None and clash != cohort_id:
        raise CohortError(_("The cohort code “%(code)s” is taken.", code=fields.code))


def create_cohort(
    fields: CohortFields, *, programmes: Collection[str], actor_id: int | None
) -> Cohort:
    """A new cohort; ``programmes`` are the codes the content defines (the caller reads them:
    accounts sits below the course catalogue)."""
    _check(fields, programmes)
    cohort = Cohort(**fields.__dict__)
    db.session.add(cohort)
    db.session.flush()
    audit.record(
        "cohort.created",
        actor_id=actor_id,
        target_type="cohort",
        target_id=cohort.id,
        code=cohort.code,
        programme=cohort.programme,
    )
    return cohort


def update_cohort(
    cohort: Cohort, fields: CohortFields, *, programmes: Collection[str], actor_id: int
) -> None:
    _check(fields, programmes, cohort.id)
    for key, value in fields.__dict__.items():
        setattr(cohort, key, value)
    audit.record("cohort.updated", actor_id=actor_id, target_type="cohort", target_id=cohort.id)


def _users_with_role(user_ids: list[int], role: str) -> list[User]:
    users = db.session.scalars(
        select(User).join(UserRole).where(User.id.in_(user_ids), UserRole.role == role)
    ).all()
    if len(users) != len(set(user_ids)):
        if role == "trainer":
            raise CohortError(_("Only users with the trainer role can be added here."))
        raise CohortError(_("Only users with the trainee role can be added here."))
    return list(users)


def set_cohort_people(
    cohort: Cohort, *, trainer_ids: list[int], trainee_ids: list[int], actor_id: int | None
) -> None:
    """Replace the cohort's trainers and trainees; the change is audited."""
    trainers = _users_with_role(trainer_ids, "trainer")
    trainees = _users_with_role(trainee_ids, "trainee")
    before = ({u.id for u in cohort.trainers}, {u.id for u in cohort.trainees})
    cohort.trainers = trainers
    cohort.trainees = trainees
    after = (set(trainer_ids), set(trainee_ids))
    if before != after:
        audit.record(
            "cohort.people_changed",
            actor_id=actor_id,
            target_type="cohort",
            target_id=cohort.id,
            trainers=sorted(after[0]),
            trainees=sorted(after[1]),
        )


def cohorts_visible_to(user: User) -> list[Cohort]:
    query = select(Cohort).options(selectinload(Cohort.trainers)).order_by(Cohort.starts_on.desc())
    if not user.has_role("admin"):
        query = query.where(Cohort.id.in_(cohorts_trained_by(user)))
    return list(db.session.scalars(query))


def cohort_for(user: User, cohort_id: int) -> Cohort | None:
    """The cohort if the user may see it (admin, or one of its trainers), else None."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or user.has_role("admin"):
        return cohort
    return cohort if trains_cohort(user, cohort) else None


def can_see_trainee(viewer: User, trainee_id: int) -> bool:
    if viewer.has_role("admin") or viewer.id == trainee_id:
        return True
    return viewer.has_role("trainer") and trains_trainee(viewer, trainee_id)


def trainee_for(viewer: User, trainee_id: int) -> User | None:
    """The trainee if the viewer may see them, else None (the view answers 404)."""
    if not can_see_trainee(viewer, trainee_id):
        return None
    # With the velayat: pages name it, and a lazy load would cost a statement for an etrap's
    # trainee but none for a velayat's, so the count would depend on where people live.
    options = [joinedload(User.region).joinedload(Region.parent), selectinload(User.role_rows)]
    return db.session.get(User, trainee_id, options=options)


def cohorts_of_trainee(trainee: User) -> list[Cohort]:
    return list(
        db.session.scalars(
            select(Cohort)
            .join(cohort_members)
            .where(cohort_members.c.user_id == trainee.id)
            .order_by(Cohort.starts_on)
        )
    )


def load_trainees_with_regions(cohort: Cohort) -> list[User]:
    """The cohort's trainees with their etrap and velayat, in one query (no query per velayat
    when the page names them). Keep the list: the session holds loaded objects only weakly."""
    return list(
        db.session.scalars(
            select(User)
            .join(cohort_members)
            .where(cohort_members.c.cohort_id == cohort.id)
            .options(joinedload(User.region).joinedload(Region.parent))
            .order_by(name_order(), User.id)
        ).unique()
    )
