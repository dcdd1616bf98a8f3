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

``competency_scores_for(user_ids, tags) -> dict[int, dict[str, CompetencyScore]]``
    The same questions summed per trainee and competency (``questions``, ``total`` of their
    fractions) in one query, for figures over thousands of trainees. A question's competencies come
    from ``tags`` (see ``question_tags_from_content``) rather than from each attempt's snapshot.

A "final grade" is that of a ``finished`` or ``graded`` attempt; a ``needs_grading`` attempt has
none until a trainer marks its essays. An attempt whose time ran out while nobody was looking
is closed (and counted) the next time the trainee or a trainer opens it or the quiz page.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select

from lms.assessments.quizzes.bank import QuizUnavailable, question_bank
from lms.assessments.quizzes.models import (
    FINAL_STATES,
    SUBMITTED_STATES,
    QuizAttempt,
    QuizResponse,
)
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
    """``question_outcomes`` for several trainees at once, in two queries whatever their number."""
    if not user_ids:
        return {}
    latest, is_latest, submitted = _latest_submitted(user_ids)
    # Columns, not objects: a cohort's latest attempts carry thousands of responses, and loading
    # them as objects (each with its attempt's and marker's user joined) cost 90% of the heatmap.
    attempts = db.session.execute(
        select(
            QuizAttempt.id,
            QuizAttempt.user_id,
            QuizAttempt.programme,
            QuizAttempt.module,
            QuizAttempt.finished_at,
            QuizAttempt.questions_json,
        )
        .join(latest, is_latest)
        .where(submitted)
        .order_by(QuizAttempt.user_id, QuizAttempt.programme, QuizAttempt.module)
    ).all()
    marks: dict[int, list[tuple[float | None, float]]] = defaultdict(list)
    for attempt_id, fraction, max_mark in db.session.execute(
        select(QuizResponse.attempt_id, QuizResponse.fraction, QuizResponse.max_mark)
        .join(QuizAttempt, QuizAttempt.id == QuizResponse.attempt_id)
        .join(latest, is_latest)
        .where(submitted)
        .order_by(QuizResponse.attempt_id, QuizResponse.position)
    ):
        marks[attempt_id].append((fraction, max_mark))
    outcomes: dict[int, list[QuestionOutcome]] = {}
    for attempt_id, user_id, programme, module, finished_at, questions_json in attempts:
        found = outcomes.setdefault(user_id, [])
        served = _question_tags(attempt_id, questions_json)
        for (question_id, competencies), (fraction, max_mark) in zip(
            served, marks[attempt_id], strict=True
        ):
            if question_id is None or fraction is None or max_mark <= 0:
                continue
            found.append(
                QuestionOutcome(
                    question_id=question_id,
                    competencies=competencies,
                    fraction=fraction,
                    programme=programme,
                    module=module,
                    attempt_id=attempt_id,
                    finished_at=finished_at,
                )
            )
    return outcomes


# (attempt id, hash of its snapshot) -> each served question's id and competencies. A snapshot
# is several kilobytes of JSON, parsed again on every heatmap and profile otherwise; the hash
# keeps a regraded (rewritten) snapshot from reading stale tags, and no snapshot is kept.
_snapshot_tags: dict[tuple[int, int], tuple[tuple[str | None, tuple[str, ...]], ...]] = {}
_SNAPSHOT_TAGS_MAX = 50_000


def _question_tags(attempt_id: int, questions_json: str):
    key = (attempt_id, hash(questions_json))
    found = _snapshot_tags.get(key)
    if found is None:
        found = tuple((q["id"], competencies_of(q)) for q in json.loads(questions_json))
        if len(_snapshot_tags) >= _SNAPSHOT_TAGS_MAX:
            _snapshot_tags.clear()
        _snapshot_tags[key] = found
    return found


class CompetencyScore(NamedTuple):  # a tuple: a programme's figures make 100,000 of them
    questions: int
    total: float  # the questions' fractions (0..1) added up


def question_tags_from_content(catalogue) -> dict[str, tuple[str, ...]]:
    """Question id -> its competency codes, from every module's current ``quiz.gift``."""
    tags: dict[str, tuple[str, ...]] = {}
    for programme in catalogue.programmes:
        for module in programme.modules:
            try:
                bank = question_bank(module)
            except QuizUnavailable:
                continue
            for question in bank:
                codes = competencies_of({"tags": question.tags})
                if question.id and codes:
                    tags[question.id] = codes
    return tags


def competency_scores_for(user_ids, tags: dict[str, tuple[str, ...]]):
    """Per trainee and competency, the marked questions of the LATEST submitted attempt of each
    quiz (as ``question_outcomes_for`` counts them), summed in one query.

    ``user_ids`` is a list of ids or a SELECT of them. Reading every snapshot's tags (kilobytes of
    JSON per attempt) costs seconds for a whole programme, so the questions are summed in SQL per
    trainee and tagged question id, and those sums added up per competency here. (Joining the
    sums to the tags in SQL, as a VALUES list, led PostgreSQL to a nested loop of 80 million
    comparisons on the national data set: it expects a handful of latest attempts, not 35,000.)
    """
    if not tags:
        return {}
    # Joining ``latest`` picks the submitted attempts of those trainees: no filter repeated here.
    latest, is_latest, _submitted = _latest_submitted(user_ids)
    rows = db.session.execute(
        select(
            QuizAttempt.user_id,
            QuizResponse.question_id,
            func.count(),
            func.sum(QuizResponse.fraction),
        )
        .join(latest, is_latest)
        .join(QuizResponse, QuizResponse.attempt_id == QuizAttempt.id)
        .where(
            QuizResponse.question_id.in_(list(tags)),
            QuizResponse.fraction.is_not(None),
            QuizResponse.max_mark > 0,
        )
        .group_by(QuizAttempt.user_id, QuizResponse.question_id)
    )
    sums: dict[int, dict[str, list]] = defaultdict(dict)
    for user_id, question_id, questions, total in rows:
        found = sums[user_id]
        for code in tags[question_id]:
            running = found.setdefault(code, [0, 0.0])
            running[0] += questions
            running[1] += total
    return {
        user_id: {code: CompetencyScore(n, float(total)) for code, (n, total) in found.items()}
        for user_id, found in sums.items()
    }
