"""Regrading after an answer-key fix in ``quiz.gift`` (``lms quiz regrade``).

For every submitted attempt of the quiz, each served question whose id and type are still in
the file takes the file's answer key (fractions, accepted answers, tolerances, pairs, and their
feedback) into the attempt's snapshot; the attempt is then graded again. The options the trainee
saw must still be there: a multiple-choice question whose options were reworded, or a matching
question whose items changed, is left as it was and reported. Trainers' marks (essays and
overrides) are kept. Each attempt whose snapshot changed is audited (``quiz.regraded``).

Attempts still in progress keep the key they were served and are graded with it when submitted;
run the command again later to bring them in (it changes only what differs).
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from lms.core import audit
from lms.core.extensions import db
from lms.quizzes.attempts import QuizKey, grade_attempt
from lms.quizzes.gift import Question
from lms.quizzes.grading import stems
from lms.quizzes.models import SUBMITTED_STATES, QuizAttempt
from lms.quizzes.results import stored_codes


@dataclass
class RegradeReport:
    changed: list[tuple[QuizAttempt, float | None, float | None]] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)  # question ids whose options changed


def _choice_key(served: dict, fresh: dict) -> dict | None:
    if Counter(a["text"] for a in served["answers"]) != Counter(
        a["text"] for a in fresh["answers"]
    ):
        return None
    by_text: dict[str, list[dict]] = {}
    for answer in fresh["answers"]:
        by_text.setdefault(answer["text"], []).append(answer)
    return {**served, "answers": [by_text[a["text"]].pop(0) for a in served["answers"]]}


def _matching_key(served: dict, fresh: dict) -> dict | None:
    fresh_stems = dict(stems(fresh))
    if set(fresh_stems) != {left for left, _ in stems(served)}:
        return None
    if set(right for _l, right in fresh["pairs"]) != set(served["choices"]):
        return None
    pairs = [[left, fresh_stems[left]] for left, _ in stems(served)]
    pairs += [[left, right] for left, right in fresh["pairs"] if not left]
    return {**served, "pairs": pairs}


def updated_key(served: dict, fresh: dict) -> dict | None:
    """The served question with the fresh answer key, or None when it cannot be carried over."""
    kind = served["type"]
    if kind in ("multichoice", "multiresponse"):
        return _choice_key(served, fresh)
    if kind == "matching":
        return _matching_key(served, fresh)
    if kind == "truefalse":
        keys = ("correct", "feedback_true", "feedback_false")
        return {**served, **{k: fresh[k] for k in keys}}
    if kind == "shortanswer":
        return {**served, "answers": fresh["answers"]}
    if kind == "numerical":
        return {**served, "numerical": fresh["numerical"]}
    return served  # essay, description: no key


def _refreshed(snapshot: list[dict], fresh: dict[str, dict], report: RegradeReport) -> list[dict]:
    result = copy.deepcopy(snapshot)
    for position, served in enumerate(snapshot):
        source = fresh.get(served["id"]) if served["id"] else None
        if source is None or source["type"] != served["type"]:
            continue
        updated = updated_key(served, source)
        if updated is None:
            report.skipped.add(served["id"])
        else:
            result[position] = updated
    return result


def submitted_attempts(quiz: QuizKey, trainees=None):
    """The quiz's submitted attempts, oldest first; of ``trainees`` (a subquery of user ids)
    when given."""
    query = select(QuizAttempt).where(
        QuizAttempt.programme == quiz.programme,
        QuizAttempt.module == quiz.module,
        QuizAttempt.state.in_(SUBMITTED_STATES),
    )
    if trainees is not None:
        query = query.where(QuizAttempt.user_id.in_(trainees))
    return query.order_by(QuizAttempt.id)


def regrade_attempt(
    attempt: QuizAttempt,
    fresh: dict[str, dict],
    report: RegradeReport,
    *,
    actor_id: int | None,
    **audited,
) -> bool:
    """Carry the fresh answer key into one attempt and grade it again; False when nothing in
    its snapshot differs (it is left alone, so running again changes nothing)."""
    snapshot = _refreshed(attempt.questions, fresh, report)
    if snapshot == attempt.questions:
        return False
    before, marks_before = attempt.grade_percent, attempt.marks
    attempt.set_questions(snapshot)
    # Served tags are kept (only the key changes); the stored codes follow the snapshot anyway.
    for response, question in zip(attempt.responses, snapshot, strict=True):
        response.competencies = stored_codes(question)
    grade_attempt(attempt)
    audit.record(
        "quiz.regraded",
        actor_id=actor_id,
        target_type="quiz_attempt",
        target_id=attempt.id,
        programme=attempt.programme,
        module=attempt.module,
        before=before,
        after=attempt.grade_percent,
        marks_before=marks_before,
        marks_after=attempt.marks,
        **audited,
    )
    report.changed.append((attempt, before, attempt.grade_percent))
    return True


def fresh_key(questions: list[Question]) -> dict[str, dict]:
    return {q.id: q.to_dict() for q in questions if q.id}


def regrade_quiz(
    quiz: QuizKey, questions: list[Question], *, actor_id: int | None
) -> RegradeReport:
    """Carry the current answer key into submitted attempts and grade them again."""
    fresh = fresh_key(questions)
    report = RegradeReport()
    for attempt in db.session.scalars(submitted_attempts(quiz)):
        regrade_attempt(attempt, fresh, report, actor_id=actor_id)
    return report
