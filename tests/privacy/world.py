"""A departed trainee with a certificate, approved and unapproved practice, a quiz attempt,
notifications and a calendar feed: everything the export and the erasure deal with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from certificate_helpers import qualify
from sqlalchemy import select

from lms.accounts.models import Cohort, User, cohort_members
from lms.certificates.issuing import issue_certificate
from lms.core.database import local_today
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.notifications.calendar import rotate_feed
from lms.notifications.models import Notification, OutboxEmail
from lms.practice.models import Placement, PracticeEntry


@dataclass
class Departed:
    user_id: int
    code: str


def departed_trainee(app, factory, username: str = "ogulbibi") -> Departed:
    trainee = factory.user(username, "trainee", full_name="Ogulbibi Nurýagdyýewa", region="AH-GOK")
    with app.app_context():
        trainee = db.session.get(User, trainee.id)
        trainee.email = f"{username}@example.org"
        qualify(trainee, "foundational")
        outcome = issue_certificate(trainee, catalogue().programme("foundational"), actor_id=None)
        db.session.add(
            Notification(
                recipient_id=trainee.id, kind="entry_returned", subject_type="x", subject_id=1
            )
        )
        db.session.add(
            OutboxEmail(
                event_key=f"test-{username}",
                recipient_id=trainee.id,
                to_address=trainee.email,
                language="en",
                subject="Hello",
                body="Dear Ogulbibi",
            )
        )
        rotate_feed(trainee)
        add_unsigned_entry(trainee.id)
        end_cohorts_of(trainee.id)
        db.session.commit()
        return Departed(trainee.id, outcome.certificate.verification_code)


def end_cohorts_of(user_id: int) -> None:
    """The person's cohorts ended yesterday: they have left the programme."""
    ids = select(cohort_members.c.cohort_id).where(cohort_members.c.user_id == user_id)
    for cohort in db.session.scalars(select(Cohort).where(Cohort.id.in_(ids))):
        cohort.ends_on = max(cohort.starts_on, local_today() - timedelta(days=1))
    db.session.flush()


UNSIGNED_TEXT = "Visited the family of client C-77; the mother spoke about debts."


def add_unsigned_entry(user_id: int) -> None:
    """A submitted entry that nobody signed off, with a reflection."""
    placement = db.session.scalars(select(Placement).where(Placement.trainee_id == user_id)).first()
    db.session.add(
        PracticeEntry(
            placement_id=placement.id,
            trainee_id=user_id,
            day=placement.starts_on,
            minutes=60,
            category="needs-assessment",
            kind="direct",
            client_code="C-77",
            reflection=UNSIGNED_TEXT,
            status="submitted",
        )
    )
    db.session.flush()
