"""`lms demo` shows practice in every state, consistent with the cohorts' dates."""

from sqlalchemy import func, select
from support import dispose, make_app_for

from lms.accounts.models import Cohort, User
from lms.core.database import local_today
from lms.core.extensions import db
from lms.practice.models import (
    FieldEvaluation,
    Placement,
    PracticeEntry,
    SessionParticipant,
)
from lms.practice.requirements import practice_summary


def test_the_demo_has_practice_in_every_state(empty_database):
    app = make_app_for(empty_database)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        trainee = db.session.scalar(select(User).where(User.username == "trainee"))
        entries = db.session.scalars(
            select(PracticeEntry).where(PracticeEntry.trainee_id == trainee.id)
        ).all()
        statuses = {e.status for e in entries}
        assert statuses == {"draft", "submitted", "approved", "returned", "resubmitted"}
        assert any(e.amends_id and e.status == "approved" for e in entries)
        assert any(e.amends_id and e.status != "approved" for e in entries)
        assert max(e.day for e in entries) <= local_today()
        placement = db.session.scalar(select(Placement).where(Placement.trainee_id == trainee.id))
        cohort = db.session.get(Cohort, placement.cohort_id)
        assert cohort.code == "FND-2026-A" and placement.supervisor.username == "trainer"
        assert cohort.starts_on <= placement.starts_on
        acks = db.session.scalars(
            select(SessionParticipant.acknowledged_at).where(
                SessionParticipant.trainee_id == trainee.id
            )
        ).all()
        assert sorted(a is None for a in acks) == [False, True]
        evaluation = db.session.scalar(
            select(FieldEvaluation).where(FieldEvaluation.placement_id == placement.id)
        )
        assert evaluation.stage == "mid" and evaluation.acknowledged
        assert practice_summary(trainee.id, "foundational").counted_minutes > 0
        count = db.session.scalar(select(func.count()).select_from(PracticeEntry))
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PracticeEntry)) == count
    dispose(app)
