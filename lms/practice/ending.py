"""Telling a trainee a week ahead that their placement ends, from the job queue's minute hook:
once per placement and end day (a rerun, a second worker or a retried run tells nobody twice;
an end date moved later tells again before the new one)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.database import local_today
from lms.core.extensions import db
from lms.core.unit_of_work import unit_of_work
from lms.jobs.kinds import every_minute
from lms.jobs.periodic import first_run_today
from lms.notifications.sending import notify
from lms.notifications.subjects import SubjectLink, subject_type
from lms.practice.models import Placement
from lms.practice.placements import can_see_placement

AHEAD = timedelta(days=7)


@subject_type("placement")
def _placements(reader: User, ids: list[int]) -> dict[int, SubjectLink]:
    found = db.session.scalars(select(Placement).where(Placement.id.in_(ids))).unique()
    return {
        p.id: SubjectLink(
            _("Your placement at %(agency)s", agency=p.agency),
            url_for("practice.placement", placement_id=p.id),
        )
        for p in found
        if can_see_placement(reader, p)
    }


@every_minute
def tell_placements_ending(today: date | None = None) -> int:
    """Notify the trainee of each placement ending within a week (not today or before); the
    number told."""
    today = today or local_today()
    told = 0
    with unit_of_work():
        ending = db.session.scalars(
            select(Placement)
            .where(Placement.ends_on > today, Placement.ends_on <= today + AHEAD)
            .order_by(Placement.id)
        ).unique()
        for placement in ending:
            if first_run_today(f"placement-ending:{placement.id}", placement.ends_on):
                notify(placement.trainee_id, "placement_ending", "placement", placement.id)
                told += 1
    return told
