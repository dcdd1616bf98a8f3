"""A module's questions as a phone keeps them for reading offline: no answer keys.

What the kept quiz shows is what the attempt page shows before anything is answered: the
question, its options (in an order that does not give the right one away: authors often write
it first) and, for matching, the left-hand items and the possible answers. Fractions, accepted
answers, the true/false key, feedback and general feedback stay on the server, which alone
grades.
"""

from __future__ import annotations

import hashlib
import random

from lms.courses.catalogue import Module
from lms.quizzes.bank import CHOICE_TYPES, bank_in
from lms.quizzes.gift import Question
from lms.quizzes.text import inline_html, question_html


def _shuffled(items: list[str], seed: str) -> list[str]:
    """The same order on every request (the kept copy's version must not change by itself)."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())  # noqa: S311 - not a secret
    items = list(items)
    rng.shuffle(items)
    return items


def _unkeyed(question: Question, language: str) -> dict:
    data: dict = {
        "id": question.id,
        "type": question.type,
        "html": str(question_html(question.text, question.format)),
    }
    seed = f"{question.id}:{question.text}:{language}"
    if question.type in CHOICE_TYPES:
        options = [inline_html(a.text, question.format) for a in question.answers]
        data["options"] = _shuffled([str(o) for o in options], seed)
    elif question.type == "matching":
        lefts = [left for left, _right in question.pairs if left]
        data["items"] = [str(inline_html(left, question.format)) for left in lefts]
        data["choices"] = _shuffled(sorted({right for _left, right in question.pairs}), seed)
    return data


def questions_for_reading(module: Module, language: str) -> dict:
    """The quiz's settings and every question in ``language`` (else English), without keys."""
    questions, served_in = bank_in(module, language)
    settings = module.quiz
    return {
        "language": served_in,
        "settings": {
            "pass_mark": settings.pass_mark,
            "attempts": settings.attempts,
            "time_limit_minutes": settings.time_limit_minutes,
            "questions": settings.questions,
        },
        "questions": [_unkeyed(question, served_in) for question in questions],
    }
