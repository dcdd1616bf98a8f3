"""What a review shows: the review window that applies, and each question's answer explained.

Moodle's review windows, simplified (see docs/quizzes.md): ``after_submit`` applies while the
trainee may still attempt the quiz; ``after_close`` once they cannot — they have passed, or
they have used every attempt allowed. Trainers and admins always see everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from lms.courses.catalogue import QuizSettings, ReviewOptions
from lms.i18n.formatting import number
from lms.quizzes.grading import matching_answers, numerical_answer, stems
from lms.quizzes.models import QuizAttempt, QuizResponse

# Decimals shown of a numerical answer (the GIFT file may give any; the review shows as many).
DIGITS = 6
EVERYTHING = frozenset({"marks", "feedback", "right_answers", "responses"})


def quiz_closed_for(settings: QuizSettings | None, attempts: Sequence[QuizAttempt]) -> bool:
    """The trainee can no longer attempt this quiz: passed, or no attempts left."""
    if any(a.passed for a in attempts):
        return True
    allowed = settings.attempts if settings else 0
    return bool(allowed) and len(attempts) >= allowed and not any(a.in_progress for a in attempts)


def review_items(
    settings: QuizSettings | None, attempts: Sequence[QuizAttempt], *, staff: bool
) -> frozenset[str]:
    """What the viewer sees on a review page (the trainee's own answers are always shown)."""
    if staff:
        return EVERYTHING
    options = settings.review if settings else ReviewOptions()
    window = options.after_close if quiz_closed_for(settings, attempts) else options.after_submit
    return frozenset(window) | {"responses"}


@dataclass
class Reviewed:
    """One served question with the trainee's answer, its mark, feedback and the right answer."""

    position: int
    number: int | None  # None for a description
    question: dict[str, Any]
    row: QuizResponse
    answer: Any
    feedback: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        row = self.row
        if self.question["type"] == "description":
            return "description"
        if row.needs_grading:
            return "pending"
        if self.answer is None and row.fraction in (None, 0.0):
            return "unanswered"
        if row.fraction is None:
            return "unmarked"
        if row.fraction >= 1:
            return "correct"
        return "partial" if row.fraction > 0 else "wrong"


def _best(answers: list[dict]) -> list[dict]:
    top = max((a["fraction"] for a in answers), default=0)
    return [a for a in answers if a["fraction"] == top and top > 0]


def _choices(q: dict, answer: Any) -> tuple[list[str], list[str]]:
    chosen = [] if answer is None else ([answer] if isinstance(answer, int) else answer)
    feedback = [q["answers"][i]["feedback"] for i in chosen]
    if q["type"] == "multiresponse":
        return feedback, [a["text"] for a in q["answers"] if a["fraction"] > 0]
    return feedback, [a["text"] for a in _best(q["answers"])]


def _truefalse(q: dict, answer: Any) -> tuple[list[str], list[str]]:
    feedback = [] if answer is None else [q["feedback_true"] if answer else q["feedback_false"]]
    return feedback, ["true" if q["correct"] else "false"]


def _shortanswer(q: dict, answer: Any) -> tuple[list[str], list[str]]:
    best = _best(matching_answers(q, answer))
    return [a["feedback"] for a in best[:1]], [a["text"] for a in _best(q["answers"])[:1]]


def _numerical(q: dict, answer: Any) -> tuple[list[str], list[str]]:
    chosen = numerical_answer(q, answer) if answer is not None else None
    right = [
        number(a["value"], DIGITS)
        + (f" ± {number(a['tolerance'], DIGITS)}" if a["tolerance"] else "")
        for a in _best([a for a in q["numerical"] if a["value"] is not None])
    ]
    return ([chosen["feedback"]] if chosen else []), right


def _matching(q: dict, answer: Any) -> tuple[list[str], list[str]]:
    return [], [f"{left} → {right}" for left, right in stems(q)]


EXPLAINERS = {
    "multichoice": _choices,
    "multiresponse": _choices,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
}


def reviewed(attempt: QuizAttempt) -> list[Reviewed]:
    """Every served question of the attempt, numbered as the trainee saw them."""
    items, number = [], 0
    for position, (question, row) in enumerate(
        zip(attempt.questions, attempt.responses, strict=True)
    ):
        is_question = question["type"] != "description"
        number += is_question
        item = Reviewed(position, number if is_question else None, question, row, row.response)
        explain = EXPLAINERS.get(question["type"])
        if explain is not None:
            feedback, item.right = explain(question, item.answer)
            item.feedback = [text for text in feedback if text]
        items.append(item)
    return items
