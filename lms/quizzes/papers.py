"""Offline papers: an untimed quiz taken on the phone without a connection.

Reserved online before leaving: the attempt is started on the server as any other, its drawn
questions (the snapshot) stored there; the phone gets them without the answer keys (the page
shows only what the take page shows). The trainee answers offline, and the answers are sent
when the connection returns: the attempt is submitted and graded exactly once, and a repeat
(two tabs, a retry after a dropped answer) is answered with the same result.

Timed quizzes are not offered as papers: their deadline is the server's, counted from the start,
and a paper answered offline would arrive after it with nothing to show for it. They need a
connection to start, as the quiz page says.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from lms.courses.catalogue import QuizSettings
from lms.quizzes.attempts import QuizError, QuizKey, start_attempt, submit_attempt
from lms.quizzes.gift import Question
from lms.quizzes.models import QuizAttempt


class PaperRefused(QuizError):
    pass


TIMED = _l("A timed quiz needs a connection: its clock runs on the server from the start.")


@dataclass(frozen=True)
class PaperResult:
    attempt: QuizAttempt
    submitted_now: bool  # False: it was submitted before (a repeat), the result is the same


def offered_as_paper(settings: QuizSettings) -> bool:
    return not settings.time_limit_minutes


def reserve_paper(
    user_id: int,
    quiz: QuizKey,
    settings: QuizSettings,
    questions: tuple[Question, ...],
    *,
    language: str = "en",
    rng: random.Random | None = None,
) -> QuizAttempt:
    """The attempt in progress (a paper reserved before is the same attempt), or a new one."""
    if not offered_as_paper(settings):
        raise PaperRefused(TIMED)
    attempt = start_attempt(user_id, quiz, settings, questions, language=language, rng=rng)
    if attempt.deadline is not None:  # started online when the quiz was still timed
        raise PaperRefused(TIMED)
    return attempt


def sync_paper(
    attempt: QuizAttempt, answers: dict[int, Any], *, confirmed: bool = False
) -> PaperResult:
    """Submit the paper's answers once and grade them; a repeat returns the stored result.

    Raises IdentifyingText (nothing submitted) when an essay looks identifying and the trainee
    has not confirmed that it identifies nobody."""
    if not attempt.in_progress:
        return PaperResult(attempt, submitted_now=False)
    if attempt.deadline is not None:
        raise PaperRefused(TIMED)
    result = submit_attempt(attempt, answers, privacy_confirmed=confirmed)
    return PaperResult(attempt, submitted_now=result.saved)
