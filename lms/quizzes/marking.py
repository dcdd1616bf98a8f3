"""Trainers' marks: grading an essay, and overriding any mark with a reason. Both are audited.

Two trainers may mark the same attempt at once. ``set_mark`` locks the attempt's row and its
responses (``SELECT ... FOR UPDATE``; SQLite serialises writers anyway) and re-reads them: the
totals are computed from every trainer's committed marks, and a trainer whose answer was
marked by someone else since they opened it is told so instead of marking it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.accounts.self_decisions import refuse_self
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.privacy import require_clean
from lms.i18n.formatting import number
from lms.notifications.sending import notify
from lms.quizzes.attempts import QuizError, update_totals
from lms.quizzes.models import QuizAttempt, QuizResponse


class MarkError(QuizError):
    pass


@dataclass(frozen=True)
class NewMark:
    mark: float
    reason: str = ""
    comment: str = ""
    privacy_confirmed: bool = False  # the trainer confirmed the texts identify nobody


def _marking_of(response: QuizResponse | None) -> tuple | None:
    if response is None:
        return None
    return response.needs_grading, response.fraction, response.marked_by_id, response.marked_at


def _lock(attempt: QuizAttempt) -> None:
    """Hold the attempt's row for this transaction (every marker takes it first), then read
    the attempt and its responses afresh."""
    db.session.execute(select(QuizAttempt.id).where(QuizAttempt.id == attempt.id).with_for_update())
    db.session.refresh(attempt)
    db.session.scalars(
        select(QuizResponse)
        .where(QuizResponse.attempt_id == attempt.id)
        .order_by(QuizResponse.position)
        .execution_options(populate_existing=True)
    ).all()


def set_mark(attempt: QuizAttempt, position: int, new: NewMark, *, actor_id: int) -> None:
    """Give a mark to one response: an essay's first mark, or a change with a required reason.

    The mark is from 0 to the question's maximum. A trainer's mark is kept when the quiz is
    regraded after an answer-key fix.
    """
    refuse_self(actor_id, attempt.user_id)
    seen = _marking_of(attempt.response_at(position))
    _lock(attempt)
    response = attempt.response_at(position)
    if _marking_of(response) != seen:
        raise MarkError(_l("Someone else marked this answer meanwhile; reload to see their mark."))
    if attempt.in_progress:
        raise MarkError(_l("The attempt is still in progress."))
    if response is None or response.max_mark <= 0:
        raise MarkError(_l("This question carries no mark."))
    if not 0 <= new.mark <= response.max_mark:
        highest = number(response.max_mark, 2)
        raise MarkError(_l("The mark must be from 0 to %(max)s.", max=highest))
    first_mark = response.needs_grading
    reason = new.reason.strip()
    if not first_mark and not reason:
        if response.marked_by_trainer:  # e.g. the same essay graded again from an old page
            given = number(response.mark, 2)
            raise MarkError(
                _l(
                    "This answer has already been marked (%(mark)s); give a reason to change it.",
                    mark=given,
                )
            )
        raise MarkError(_l("Give a reason for changing the mark."))
    require_clean([reason, new.comment], confirmed=new.privacy_confirmed)
    before, grade_before = response.mark, attempt.grade_percent
    response.fraction = new.mark / response.max_mark
    response.needs_grading = False
    response.comment = new.comment.strip() or None
    response.marked_by_id = actor_id
    response.marked_at = utcnow()
    update_totals(attempt)
    audit.record(
        "quiz.essay_graded" if first_mark else "quiz.mark_overridden",
        actor_id=actor_id,
        target_type="quiz_attempt",
        target_id=attempt.id,
        question=attempt.questions[position]["id"],
        position=position,
        before=before,
        after=new.mark,
        reason=reason or None,
        grade_before=grade_before,
        grade_after=attempt.grade_percent,
    )
    if first_mark:
        notify(attempt.user_id, "essay_graded", "quiz_attempt", attempt.id, actor_id=actor_id)
