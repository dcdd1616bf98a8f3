"""Who trains whom: the one definition of "user X trains cohort Y" (and Y's trainees).

A user trains a cohort while they are listed among its trainers *and* hold the trainer role.
Taking the role away does not remove someone from the cohorts they were assigned to (the
history stays), so the role is what ends their access; the copies this replaced disagreed on
that. Admins see everything, but they do not *train* a cohort: callers that let admins in say
so themselves.
"""

from __future__ import annotations

from sqlalchemy import Select, exists, false, select

from lms.accounts.models import Cohort, User, cohort_members, cohort_trainers
from lms.core.extensions import db


def trains_cohort(user: User, cohort: Cohort) -> bool:
    """Does ``user`` train ``cohort``? In Python, over the cohort's loaded trainers."""
    return user.has_role("trainer") and any(t.id == user.id for t in cohort.trainers)


def cohorts_trained_by(user: User) -> Select:
    """The ids of the cohorts ``user`` trains, as a subquery (empty without the role)."""
    query = select(cohort_trainers.c.cohort_id).where(cohort_trainers.c.user_id == user.id)
    return query if user.has_role("trainer") else query.where(false())


def trainees_trained_by(user: User) -> Select:
    """The ids of the trainees in the cohorts ``user`` trains, as a subquery."""
    return select(cohort_members.c.user_id).where(
        cohort_members.c.cohort_id.in_(cohorts_trained_by(user))
    )


def trains_trainee(user: User, trainee_id: int) -> bool:
    """Does ``user`` train a cohort that ``trainee_id`` belongs to? One query."""
    shared = trainees_trained_by(user).where(cohort_members.c.user_id == trainee_id)
    return bool(db.session.scalar(select(exists(shared))))
