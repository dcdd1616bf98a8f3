"""An attempt's questions as its review page shows them, as JSON.

The page's rules (``lms.quizzes.review.review_items``) decide what is shown: marks and feedback
only when the viewer's review window includes them, and nothing graded while the attempt is in
progress. One rule is stricter than the page: the right answers (and any answer key) never go to
the trainee whose attempt it is, whatever the quiz's review options say.
"""

from __future__ import annotations

from typing import Any

from lms.quizzes.grading import stems
from lms.quizzes.models import QuizAttempt
from lms.quizzes.review import Reviewed, reviewed


def _chosen(answer: Any) -> list[int]:
    if answer is None:
        return []
    return [answer] if isinstance(answer, int) else list(answer)


def answer_text(item: Reviewed) -> list[str]:
    """The answer given, as the texts the trainee saw (never a choice's weight)."""
    q, answer = item.question, item.answer
    kind = q["type"]
    if kind in ("multichoice", "multiresponse"):
        return [q["answers"][i]["text"] for i in _chosen(answer)]
    if kind == "truefalse":
        return [] if answer is None else ["true" if answer else "false"]
    if kind == "matching":
        if not answer:
            return []
        return [
            f"{left} → {q['choices'][choice] if choice is not None else '–'}"
            for (left, _right), choice in zip(stems(q), answer, strict=False)
        ]
    if kind == "description" or answer is None or answer == "":
        return []
    return [str(answer)]


def _options(q: dict) -> list[str] | None:
    if q["type"] in ("multichoice", "multiresponse"):
        return [a["text"] for a in q["answers"]]
    if q["type"] == "matching":
        return list(q["choices"])
    return None


def _prompts(q: dict) -> list[str] | None:
    """A matching question's left sides, each to be matched with one of ``options``."""
    return [left for left, _right in stems(q)] if q["type"] == "matching" else None


def _question(item: Reviewed, show: frozenset[str], graded: bool, owner: bool) -> dict:
    q, row = item.question, item.row
    marks = "marks" in show and graded and item.number is not None
    feedback = "feedback" in show and graded
    right = not owner and "right_answers" in show and graded and bool(item.right)
    return {
        "position": item.position,
        "number": item.number,
        "type": q["type"],
        "text": q["text"],
        "options": _options(q),
        "prompts": _prompts(q),
        "answer": answer_text(item),
        "status": item.status if marks else None,
        "mark": row.mark if marks else None,
        "max_mark": row.max_mark if marks else None,
        "feedback": list(item.feedback) if feedback else None,
        "general_feedback": (q.get("general_feedback") or None) if feedback else None,
        "trainer_comment": row.comment if feedback else None,
        "right_answers": list(item.right) if right else None,
    }


def reviewed_questions(attempt: QuizAttempt, show: frozenset[str], *, owner: bool) -> list[dict]:
    """Every served question of ``attempt`` with what ``show`` lets the viewer see."""
    graded = not attempt.in_progress
    return [_question(item, show, graded, owner) for item in reviewed(attempt)]
