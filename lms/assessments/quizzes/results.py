"""Quiz results for other packages (competency evidence, certificate eligibility). Read-only.

``best_results(user_id: int, programme: str) -> dict[str, QuizResult]``
    For each module of the programme where the trainee has started at least one attempt, keyed
    by module slug: ``best_percent`` (the best final grade, 0.0 when no attempt has a final grade
    yet), ``passed`` (some attempt with a final grade reached the pass mark that applied when it
    was started) and ``attempts`` (attempts started, in any state).

``question_outcomes(user_id: int) -> list[QuestionOutcome]``
    For each quiz, the questions of the trainee's LATEST submitted attempt only (so a retake
    replaces the evidence of the attempt before it; nothing is counted twice) that have a mark:
    ``question_id``, the ``competencies`` from its ``competency:<code>`` tags, ``fraction``
    (0..1), with ``programme``, ``module``, ``attempt_id`` and ``finished_at``. An essay still
    waiting for a trainer's mark, a description and a question without an id give no outcome.

A "final grade" is that of a ``finished`` or ``graded`` attempt; a ``needs_grading`` attempt has
none until a trainer marks its essays. An attempt whose time ran out while nobody was looking
is closed (and counted) the next time the trainee or a trainer opens it or the quiz page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from lms.assessments.quizzes.models import FINAL_STATES, SUBMITTED_STATES, QuizAttempt
from lms.extensions import db

COMPETENCY_TAG = "competency:"


@dataclass(frozen=True)
class QuizResult:
    best_percent: float
    passed: bool
    attempts: int


@dataclass(frozen=True)
class QuestionOutcome:
    question_id: str
    competencies: tuple[str, ...]
    fraction: float
    programme: str
    module: str
    attempt_id: int
    finished_at: datetime | None


def best_results(user_id: int, programme: str) -> dict[str, QuizResult]:
    final = QuizAttempt.state.in_(FINAL_STATES)
    rows = db.session.execute(
        select(
            QuizAttempt.module,
            func.max(QuizAttempt.grade_percent).filter(final),
            func.count(QuizAttempt.id).filter(final & QuizAttempt.passed.is_(True)),
            func.count(QuizAttempt.id),
        )
        .where(QuizAttempt.user_id == user_id, QuizAttempt.programme == programme)
        .group_by(QuizAttempt.module)
    )
    return {
        module: QuizResult(best_percent=best or 0.0, passed=passes > 0, attempts=count)
        for module, best, passes, count in rows
    }


def competencies_of(question: dict) -> tuple[str, ...]:
    return tuple(
        tag[len(COMPETENCY_TAG) :]
        for tag in question.get("tags", ())
        if tag.startswith(COMPETENCY_TAG)
    )


def question_outcomes(user_id: int) -> list[QuestionOutcome]:
    return question_outcomes_for([user_id]).get(user_id, [])


def question_outcomes_for(user_ids: list[int]) -> dict[int, list[QuestionOutcome]]:
    """``question_outcomes`` for several trainees at once, in two queries whatever their number."""
    if not user_ids:
        return {}
    submitted = QuizAttempt.user_id.in_(user_ids) & QuizAttempt.state.in_(SUBMITTED_STATES)
    latest = (
        select(
            QuizAttempt.user_id,
            QuizAttempt.programme,
            QuizAttempt.module,
            func.max(QuizAttempt.number).label("n"),
        )
        .where(submitted)
        .group_by(QuizAttempt.user_id, QuizAttempt.programme, QuizAttempt.module)
        .subquery()
    )
    attempts = db.session.scalars(
        select(QuizAttempt)
        .join(
            latest,
            (latest.c.user_id == QuizAttempt.user_id)
            & (latest.c.programme == QuizAttempt.programme)
            & (latest.c.module == QuizAttempt.module)
            & (latest.c.n == QuizAttempt.number),
        )
        .where(submitted)
        .options(selectinload(QuizAttempt.responses))
        .order_by(QuizAttempt.user_id, QuizAttempt.programme, QuizAttempt.module)
    )
    outcomes: dict[int, list[QuestionOutcome]] = {}
    for attempt in attempts:
        found = outcomes.setdefault(attempt.user_id, [])
        for question, row in zip(attempt.questions, attempt.responses, strict=True):
            if question["id"] is None or row.fraction is None or row.max_mark <= 0:
                continue
            found.append(
                QuestionOutcome(
                    question_id=question["id"],
                    competencies=competencies_of(question),
                    fraction=row.fraction,
                    programme=attempt.programme,
                    module=attempt.module,
                    attempt_id=attempt.id,
                    finished_at=attempt.finished_at,
                )
            )
    return outcomes
