"""Taking a quiz: start, save answers page by page, submit, and close attempts whose time is up.

Services flush and never commit. The rules that must hold under concurrent requests are kept
by the database, not only by Python checks:

- one attempt in progress per trainee and quiz: a partial unique index;
- the attempt limit: attempts are numbered 1..n with a unique constraint, and the number is
  checked against the limit in the same transaction (a concurrent start that loses the race
  fails on the constraint; ``transactions.run_with_retry`` then sees the winner's attempt);
- one submission: the state moves out of ``in_progress`` with a conditional UPDATE, and only
  the request whose UPDATE changed the row grades the attempt;
- the deadline is the server's (``started_at`` + time limit): a save or submit after it closes
  the attempt with the answers saved before it, and the late answers are not counted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.courses.catalogue import QuizSettings
from lms.quizzes.bank import snapshot_for
from lms.quizzes.gift import Question
from lms.quizzes.grading import grade
from lms.quizzes.models import (
    BY_DEADLINE,
    BY_TRAINEE,
    FINISHED,
    GRADED,
    IN_PROGRESS,
    NEEDS_GRADING,
    QuizAttempt,
    QuizResponse,
)
from lms.quizzes.privacy import check_essays
from lms.quizzes.results import stored_codes


class QuizError(Exception):
    """A rule stops the action; the message is for the trainee."""


class NoAttemptsLeft(QuizError):
    pass


class AlreadyPassed(QuizError):
    pass


@dataclass(frozen=True)
class QuizKey:
    programme: str
    module: str


@dataclass(frozen=True)
class SaveResult:
    saved: bool  # the answers were stored
    closed_now: bool = False  # this request closed the attempt (its time was up)
    late: bool = False  # answers arrived after the deadline and were not counted


def attempts_of(user_id: int, quiz: QuizKey) -> list[QuizAttempt]:
    """The trainee's attempts at one quiz, oldest first."""
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(
                QuizAttempt.user_id == user_id,
                QuizAttempt.programme == quiz.programme,
                QuizAttempt.module == quiz.module,
            )
            .order_by(QuizAttempt.number)
        )
    )


def start_attempt(
    user_id: int,
    quiz: QuizKey,
    settings: QuizSettings,
    questions: tuple[Question, ...],
    *,
    now: datetime | None = None,
    rng: random.Random | None = None,
    language: str = "en",
) -> QuizAttempt:
    """The attempt in progress, or a new one when the rules allow it."""
    now = now or utcnow()
    previous = attempts_of(user_id, quiz)
    for attempt in previous:
        close_if_overdue(attempt, now)
    current = next((a for a in previous if a.in_progress), None)
    if current is not None:
        return current
    if any(a.passed for a in previous):
        raise AlreadyPassed(_l("You have passed this quiz, so it is closed for you."))
    number = max((a.number for a in previous), default=0) + 1
    if settings.attempts and number > settings.attempts:
        raise NoAttemptsLeft(_l("You have used all your attempts at this quiz."))
    snapshot = snapshot_for(questions, settings, rng or random.Random())
    limit = settings.time_limit_minutes
    attempt = QuizAttempt(
        user_id=user_id,
        programme=quiz.programme,
        module=quiz.module,
        number=number,
        state=IN_PROGRESS,
        started_at=now,
        deadline=now + timedelta(minutes=limit) if limit else None,
        pass_mark=settings.pass_mark,
        language=language,
        max_marks=sum(q["mark"] for q in snapshot),
    )
    attempt.set_questions(snapshot)
    attempt.responses = [
        QuizResponse(
            position=i,
            question_id=q["id"],
            competencies=stored_codes(q),
            max_mark=q["mark"],
        )
        for i, q in enumerate(snapshot)
    ]
    db.session.add(attempt)
    db.session.flush()
    return attempt


def is_overdue(attempt: QuizAttempt, now: datetime) -> bool:
    return attempt.in_progress and attempt.deadline is not None and now >= attempt.deadline


def _claim(attempt: QuizAttempt, **values: Any) -> bool:
    """Move the attempt out of ``in_progress``; False when another request did it first."""
    result = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.state == IN_PROGRESS)
        .values(state=FINISHED, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.refresh(attempt, ["state", "finished_at", "finished_by", "late_answers_ignored"])
    return True


def _lock_in_progress(attempt: QuizAttempt) -> bool:
    """Hold the attempt's row for this transaction if it is still in progress.

    A no-op conditional UPDATE: it waits for a concurrent submit to commit and then sees its
    result, so answers are never written into an attempt that another request has closed.
    """
    result = db.session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.state == IN_PROGRESS)
        .values(state=IN_PROGRESS)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def close_if_overdue(attempt: QuizAttempt, now: datetime, *, late: bool = False) -> bool:
    """Close an attempt whose time is up with the answers saved before the deadline."""
    if not is_overdue(attempt, now):
        return False
    if not _claim(
        attempt, finished_at=attempt.deadline, finished_by=BY_DEADLINE, late_answers_ignored=late
    ):
        return False
    grade_attempt(attempt)
    return True


def store_answers(attempt: QuizAttempt, answers: dict[int, Any], now: datetime) -> None:
    for position, value in answers.items():
        response = attempt.response_at(position)
        if response.response != value:
            response.set_response(value)
            response.saved_at = now


def save_answers(
    attempt: QuizAttempt, answers: dict[int, Any], *, now: datetime | None = None
) -> SaveResult:
    """Store answers of an attempt in progress (``answers``: position -> response)."""
    now = now or utcnow()
    if not attempt.in_progress or not _lock_in_progress(attempt):
        return SaveResult(saved=False)
    if is_overdue(attempt, now):
        close_if_overdue(attempt, now, late=True)
        return SaveResult(saved=False, closed_now=True, late=True)
    store_answers(attempt, answers, now)
    db.session.flush()
    return SaveResult(saved=True)


def submit_attempt(
    attempt: QuizAttempt,
    answers: dict[int, Any],
    *,
    now: datetime | None = None,
    privacy_confirmed: bool = False,
) -> SaveResult:
    """Store the last page's answers and grade the attempt, once whatever is sent twice.

    Refused with IdentifyingText (nothing changed) when an essay looks identifying and the
    trainee has not confirmed it identifies nobody; a time-out still submits what was saved."""
    now = now or utcnow()
    if not attempt.in_progress:
        return SaveResult(saved=False)
    if is_overdue(attempt, now):
        closed = close_if_overdue(attempt, now, late=True)
        return SaveResult(saved=False, closed_now=closed, late=closed)
    check_essays(attempt, answers, confirmed=privacy_confirmed)
    if not _claim(attempt, finished_at=now, finished_by=BY_TRAINEE):
        return SaveResult(saved=False)
    store_answers(attempt, answers, now)
    grade_attempt(attempt)
    return SaveResult(saved=True, closed_now=True)


def grade_attempt(attempt: QuizAttempt) -> None:
    """Mark every response automatically (keeping trainers' marks), then the attempt."""
    for response, question in zip(attempt.responses, attempt.questions, strict=True):
        if response.marked_by_trainer:
            continue
        outcome = grade(question, response.response)
        response.fraction = outcome.fraction
        response.needs_grading = outcome.needs_grading
    update_totals(attempt)


def update_totals(attempt: QuizAttempt) -> None:
    """The attempt's marks, grade in % and state from its responses' marks."""
    attempt.max_marks = sum(r.max_mark for r in attempt.responses)
    attempt.marks = sum(r.mark or 0.0 for r in attempt.responses)
    if any(r.needs_grading for r in attempt.responses):
        attempt.state, attempt.grade_percent, attempt.passed = NEEDS_GRADING, None, None
    else:
        marked = any(r.marked_by_trainer for r in attempt.responses)
        attempt.state = GRADED if marked else FINISHED
        percent = 100 * attempt.marks / attempt.max_marks if attempt.max_marks else 0.0
        attempt.grade_percent = round(percent, 2)
        attempt.passed = attempt.grade_percent >= attempt.pass_mark
    db.session.flush()
