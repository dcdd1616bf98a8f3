"""A cohort's course dates as deadlines for its trainees and trainers. Imported by the courses
blueprint."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

from lms.accounts.models import Cohort, User
from lms.accounts.models.cohorts import cohort_members, cohort_trainers
from lms.core.extensions import db
from lms.notifications.deadlines import Deadline, deadline_source


@deadline_source
def _cohort_dates(person: User, since: date) -> list[Deadline]:
    member = select(cohort_members.c.cohort_id).where(cohort_members.c.user_id == person.id)
    training = select(cohort_trainers.c.cohort_id).where(cohort_trainers.c.user_id == person.id)
    cohorts = db.session.scalars(
        select(Cohort).where(
            Cohort.ends_on >= since, or_(Cohort.id.in_(member), Cohort.id.in_(training))
        )
    ).all()
    found = []
    for cohort in cohorts:
        found.append(
            Deadline(
                f"cohort-{cohort.id}-start",
                cohort.starts_on,
                _("The course of %(cohort)s starts", cohort=cohort.name),
            )
        )
        found.append(
            Deadline(
                f"cohort-{cohort.id}-end",
                cohort.ends_on,
                _("The course of %(cohort)s ends", cohort=cohort.name),
            )
        )
    return found
