"""Quiz results for other packages (competency evidence, certificate eligibility). Read-only.

``best_results(user_id: int, programme: str) -> dict[str, QuizResult]``
    For each module of the programme where the trainee has started at least one attempt, keyed
    by module slug: ``best_percent`` (the best final grade, 0.0 when no attempt has a final grade
    yet), ``passed`` (some attempt with a final grade reached the pass mark that applied when it
    was started) and ``attempts`` (attempts started, in any state).

``best_results_for(user_ids, programme)`` gives the same for several trainees, keyed by user id.

``question_outcomes(user_id: int) -> list[QuestionOutcome]``
    For each quiz, the questions of the trainee's LATEST submitted attempt only (so a retake
    replaces the evidence of the attempt before it; nothing is counted twice) that have a mark:
    ``question_id``, the ``competencies`` from its ``competency:<code>`` tags, ``fraction``
    (0..1), with ``programme``, ``module``, ``attempt_id`` and ``finished_at``. An essay still
    waiting for a trainer's mark, a description and a question without an id give no outcome.

``competency_scores_for(user_ids) -> dict[int, dict[str, CompetencyScore]]``
    The same questions summed per trainee and competency (``questions``, ``total`` of their
    fractions) in one query, for figures over thousands of trainees.

Both read a question's competencies from its response (``QuizResponse.competencies``, copied
from the attempt's snapshot when it started), never from the snapshot itself.

A "final grade" is that of a ``finished`` or ``graded`` attempt; a ``needs_grading`` attempt has
none until a trainer marks its essays. An attempt whose time ran out while nobody was looking
is closed (and counted) the next time the trainee or a trainer opens it or the quiz page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.quizzes.models import (
    FINAL_STATES,
    SUBMITTED_STATES,
    QuizAttempt,
    QuizResponse,
)

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
    return best_results_for([user_id], programme).get(user_id, {})


def best_results_for(user_ids: list[int], programme: str) -> dict[int, dict[str, QuizResult]]:
    """``best_results`` for several trainees at once, in one query whatever their number."""
    if not user_ids:
        return {}
    final = QuizAttempt.state.in_(FINAL_STATES)
    rows = db.session.execute(
        select(
            QuizAttempt.user_id,
            QuizAttempt.module,
            func.max(QuizAttempt.grade_percent).filter(final),
            func.count(QuizAttempt.id).filter(final & QuizAttempt.passed.is_(True)),
            func.count(QuizAttempt.id),
        )
        .where(QuizAttempt.user_id.in_(user_ids), QuizAttempt.programme == programme)
        .group_by(QuizAttempt.user_id, QuizAttempt.module)
    )
    found: dict[int, dict[str, QuizResult]] = defaultdict(dict)
    for user_id, module, best, passes, count in rows:
        found[user_id][module] = QuizResult(
            best_percent=best or 0.0, passed=passes > 0, attempts=count
        )
    return dict(found)


def competencies_of(question: dict) -> tuple[str, ...]:
    return tuple(
        tag[len(COMPETENCY_TAG) :]
        for tag in question.get("tags", ())
        if tag.startswith(COMPETENCY_TAG)
    )


def stored_codes(question: dict) -> str:
    """The question's competency codes as ``QuizResponse.competencies`` keeps them."""
    return " ".join(competencies_of(question))


def question_outcomes(user_id: int) -> list[QuestionOutcome]:
    return question_outcomes_for([user_id]).get(user_id, [])


def _latest_submitted(user_ids):
    """(subquery, join condition, filter) picking each trainee's LATEST submitted attempt of each
    quiz; ``user_ids`` is a list of ids or a SELECT of them."""
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
    is_latest = (
        (latest.c.user_id == QuizAttempt.user_id)
        & (latest.c.programme == QuizAttempt.programme)
        & (latest.c.module == QuizAttempt.module)
        & (latest.c.n == QuizAttempt.number)
    )
    return latest, is_latest, submitted


def question_outcomes_for(user_ids: list[int]) -> dict[int, list[QuestionOutcome]]:
    """``question_outcomes`` for several trainees at once, in one query whatever their number
    (a trainee without any outcome is left out).

    A question's codes are read from its response (``QuizResponse.competencies``, copied from the
    snapshot when the attempt started): the snapshot itself is kilobytes of JSON per attempt.
    """
    if not user_ids:
        return {}
    latest, is_latest, submitted = _latest_submitted(user_ids)
    # Columns, not objects: a cohort's latest attempts carry thousands of responses, and loading
    # them as objects (each with its attempt's and marker's user joined) cost 90% of the heatmap.
    rows = db.session.execute(
        select(
            QuizAttempt.user_id,
            QuizAttempt.id,
            QuizAttempt.programme,
            QuizAttempt.module,
            QuizAttempt.finished_at,
            QuizResponse.question_id,
            QuizResponse.competencies,
            QuizResponse.fraction,
        )
        .join(latest, is_latest)
        .join(QuizResponse, QuizResponse.attempt_id == QuizAttempt.id)
        .where(submitted, *_marked_question())
        .order_by(
            QuizAttempt.user_id,
            QuizAttempt.programme,
            QuizAttempt.module,
            QuizResponse.position,
        )
    )
    outcomes: dict[int, list[QuestionOutcome]] = defaultdict(list)
    for user_id, attempt_id, programme, module, finished_at, question_id, codes, fraction in rows:
        outcomes[user_id].append(
            QuestionOutcome(
                question_id=question_id,
                competencies=tuple(codes.split()),
                fraction=fraction,
                programme=programme,
                module=module,
                attempt_id=attempt_id,
                finished_at=finished_at,
            )
        )
    return dict(outcomes)


def _marked_question():
    """A served question that gives an outcome: it has an id and a mark out of more than 0 (an
    essay still waiting for a trainer's mark and a description give none)."""
    return (
        QuizResponse.question_id.is_not(None),
        QuizResponse.fraction.is_not(None),
        QuizResponse.max_mark > 0,
    )


class CompetencyScore(NamedTuple):  # a tuple: a programme's figures make 100,000 of them
    questions: int
    total: float  # the questions' fractions (0..1) added up


def competency_scores_for(user_ids) -> dict[int, dict[str, CompetencyScore]]:
    """Per trainee and competency, the marked questions of the LATEST submitted attempt of each
    quiz (exactly those ``question_outcomes_for`` gives), summed in one query.

    ``user_ids`` is a list of ids or a SELECT of them. The responses are summed in SQL per
    trainee and set of codes (``QuizResponse.competencies``, a handful of distinct values), and
    the sums split into single codes here: splitting text in SQL differs between SQLite and
    PostgreSQL, and would multiply the rows before they are summed.
    """
    # Joining ``latest`` picks the submitted attempts of those trainees: no filter repeated here.
    latest, is_latest, _submitted = _latest_submitted(user_ids)
    rows = db.session.execute(
        select(
            QuizAttempt.user_id,
            QuizResponse.competencies,
            func.count(),
            func.sum(QuizResponse.fraction),
        )
        .join(latest, is_latest)
        .join(QuizResponse, QuizResponse.attempt_id == QuizAttempt.id)
        .where(QuizResponse.competencies != "", *_marked_question())
        .group_by(QuizAttempt.user_id, QuizResponse.competencies)
    )
    sums: dict[int, dict[str, list]] = defaultdict(dict)
    for user_id, codes, questions, total in rows:
        found = sums[user_id]
        for code in codes.split():
            running = found.setdefault(code, [0, 0.0])
            running[0] += questions
            running[1] += total
    return {
        user_id: {code: CompetencyScore(n, float(total)) for code, (n, total) in found.items()}
        for user_id, found in sums.items()
    }
