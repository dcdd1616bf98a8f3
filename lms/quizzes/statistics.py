"""Item statistics of one quiz, as Moodle defines them, over the attempts a viewer may see.

Only first attempts count (Moodle's default), and only those with a final grade. Per question:

- facility index: the mean score on the question as a percentage of its maximum;
- discrimination index: the correlation (×100) between the score on the question and the score
  on the rest of the test, over the attempts that were served the question.

A question is flagged when its discrimination is negative (the trainees who did better overall
did worse on it: check the answer key), when its facility is below 10 (it looks broken) or above
95 (too easy to tell anyone apart). Everything comes from one query.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.accounts.models import User
from lms.accounts.trainers import trainees_trained_by
from lms.core.extensions import db
from lms.quizzes.attempts import QuizKey
from lms.quizzes.models import FINAL_STATES, QuizAttempt, QuizResponse

BANDS = 10
FLAG_NEGATIVE = _l("negative discrimination: check the answer key")
FLAG_BROKEN = _l("facility below 10%: looks broken")
FLAG_EASY = _l("facility above 95%: too easy")


@dataclass
class QuestionStatistics:
    question_id: str
    title: str
    attempts: int
    facility: float
    discrimination: float | None
    flags: list[str] = field(default_factory=list)


@dataclass
class QuizStatistics:
    attempts: int
    mean_grade: float | None
    bands: list[int]  # attempts per 10% band of the grade: 0-10, 10-20, ... 90-100
    questions: list[QuestionStatistics]


def _correlation(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def _flags(facility: float, discrimination: float | None) -> list[str]:
    flags = []
    if discrimination is not None and discrimination < 0:
        flags.append(FLAG_NEGATIVE)
    if facility < 10:
        flags.append(FLAG_BROKEN)
    if facility > 95:
        flags.append(FLAG_EASY)
    return flags


def visible_trainees(viewer: User):
    """A subquery of the trainees whose attempts the viewer may see (None: everyone)."""
    if viewer.has_role("admin"):
        return None
    return trainees_trained_by(viewer)


def _rows(quiz: QuizKey, viewer: User):
    query = (
        select(
            QuizResponse.attempt_id,
            QuizResponse.question_id,
            QuizResponse.fraction,
            QuizResponse.max_mark,
            QuizAttempt.marks,
            QuizAttempt.grade_percent,
        )
        .join(QuizAttempt, QuizAttempt.id == QuizResponse.attempt_id)
        .where(
            QuizAttempt.programme == quiz.programme,
            QuizAttempt.module == quiz.module,
            QuizAttempt.number == 1,
            QuizAttempt.state.in_(FINAL_STATES),
            QuizResponse.max_mark > 0,
            QuizResponse.question_id.is_not(None),
        )
    )
    scope = visible_trainees(viewer)
    if scope is not None:
        query = query.where(QuizAttempt.user_id.in_(scope))
    return db.session.execute(query).all()


def quiz_statistics(quiz: QuizKey, viewer: User, titles: dict[str, str]) -> QuizStatistics:
    """Statistics of the quiz; ``titles`` (question id -> title) also gives the display order."""
    grades: dict[int, float] = {}
    scores: dict[str, list[tuple[float, float]]] = defaultdict(list)  # (question, rest of test)
    for attempt_id, question_id, fraction, max_mark, marks, grade in _rows(quiz, viewer):
        grades[attempt_id] = grade
        score = (fraction or 0.0) * max_mark
        scores[question_id].append((score / max_mark, (marks or 0.0) - score))
    bands = [0] * BANDS
    for grade in grades.values():
        bands[min(int(grade // BANDS), BANDS - 1)] += 1
    order = {qid: i for i, qid in enumerate(titles)}
    questions = []
    for question_id in sorted(scores, key=lambda q: (order.get(q, len(order)), q)):
        pairs = scores[question_id]
        facility = 100 * sum(f for f, _rest in pairs) / len(pairs)
        r = _correlation([f for f, _ in pairs], [rest for _, rest in pairs])
        discrimination = None if r is None else 100 * r
        questions.append(
            QuestionStatistics(
                question_id=question_id,
                title=titles.get(question_id, question_id),
                attempts=len(pairs),
                facility=facility,
                discrimination=discrimination,
                flags=_flags(facility, discrimination),
            )
        )
    mean = sum(grades.values()) / len(grades) if grades else None
    return QuizStatistics(len(grades), mean, bands, questions)
