"""A cohort at a glance for its trainers: each trainee's hours, pending entries, supervision."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from lms.accounts.models import Cohort, User
from lms.core.extensions import db
from lms.practice.models import PracticeEntry, SessionParticipant
from lms.practice.models.entries import PENDING_STATUSES
from lms.practice.requirements import PracticeSummary, summaries


@dataclass(frozen=True)
class TraineeRow:
    trainee: User
    summary: PracticeSummary
    pending: int
    sessions: int
    unacknowledged: int


def _pending(trainee_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(PracticeEntry.trainee_id, func.count())
        .where(PracticeEntry.trainee_id.in_(trainee_ids))
        .where(PracticeEntry.status.in_(PENDING_STATUSES))
        .group_by(PracticeEntry.trainee_id)
    ).all()
    return {trainee_id: int(count) for trainee_id, count in rows}


def _sessions(trainee_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Sessions attended and sessions not yet acknowledged, per trainee."""
    rows = db.session.execute(
        select(
            SessionParticipant.trainee_id,
            func.count(),
            func.count() - func.count(SessionParticipant.acknowledged_at),
        )
        .where(SessionParticipant.trainee_id.in_(trainee_ids))
        .group_by(SessionParticipant.trainee_id)
    ).all()
    return {trainee_id: (int(total), int(open_)) for trainee_id, total, open_ in rows}


def cohort_rows(cohort: Cohort) -> list[TraineeRow]:
    """One row per trainee of the cohort, in a fixed number of queries."""
    trainees = list(cohort.trainees)
    ids = [t.id for t in trainees]
    if not ids:
        return []
    by_trainee = summaries(cohort.programme, ids)
    pending = _pending(ids)
    sessions = _sessions(ids)
    return [
        TraineeRow(
            trainee=t,
            summary=by_trainee[t.id],
            pending=pending.get(t.id, 0),
            sessions=sessions.get(t.id, (0, 0))[0],
            unacknowledged=sessions.get(t.id, (0, 0))[1],
        )
        for t in trainees
    ]
