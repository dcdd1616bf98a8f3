"""Who may read which programme.

Trainees are enrolled through their cohorts (a cohort belongs to one programme). Staff (trainers,
coordinators, admins) may read every programme. A programme whose prerequisite programmes are
not yet completed is locked for a trainee, and says what unlocks it.
"""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import Cohort, User, cohort_members
from lms.courses.catalogue import Catalogue, Programme
from lms.courses.progress import programme_progress, records_for
from lms.extensions import db

STAFF_ROLES = ("trainer", "coordinator", "admin")


def enrolled_codes(user: User) -> set[str]:
    return set(
        db.session.scalars(
            select(Cohort.programme)
            .join(cohort_members)
            .where(cohort_members.c.user_id == user.id)
            .distinct()
        )
    )


def is_staff(user: User) -> bool:
    return user.has_role(*STAFF_ROLES)


def readable_programmes(user: User, catalogue: Catalogue) -> list[Programme]:
    if is_staff(user):
        return list(catalogue.programmes)
    codes = enrolled_codes(user)
    return [p for p in catalogue.programmes if p.code in codes]


def missing_prerequisites(
    user: User, catalogue: Catalogue, programme: Programme
) -> list[Programme]:
    """Prerequisite programmes the trainee has not completed (none for staff)."""
    required = [p for code in programme.prerequisites if (p := catalogue.programme(code))]
    if not required or is_staff(user):
        return []
    records = records_for(user.id, [p.code for p in required])
    return [p for p in required if not programme_progress(p, records.get(p.code, {})).complete]
