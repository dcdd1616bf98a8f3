"""Essay answers pass the privacy guard before an attempt is submitted.

Trainees write about cases from their practice; once submitted, an essay is read by trainers.
Until then it is the trainee's own (like a practice draft), so the guard looks at every essay of
the attempt at submission, and a submission with findings needs the trainee's confirmation.
"""

from __future__ import annotations

from typing import Any

from lms.core.privacy import Finding, IdentifyingText, scan_texts
from lms.quizzes.models import QuizAttempt


def essay_texts(attempt: QuizAttempt, answers: dict[int, Any]) -> list[str]:
    """The attempt's essay answers, the ones just sent replacing those saved before."""
    texts = []
    for position, question in enumerate(attempt.questions):
        if question["type"] != "essay":
            continue
        saved = attempt.response_at(position)
        text = answers.get(position, saved.response if saved is not None else None)
        if isinstance(text, str):
            texts.append(text)
    return texts


def check_essays(attempt: QuizAttempt, answers: dict[int, Any], *, confirmed: bool) -> None:
    """Raise IdentifyingText when an essay looks identifying and the trainee has not confirmed."""
    findings: list[Finding] = scan_texts(essay_texts(attempt, answers))
    if findings and not confirmed:
        raise IdentifyingText(findings)
