"""Quiz attempts for the API tests, made through the quiz services (as taking a quiz does)."""

from __future__ import annotations

from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.quizzes.attempts import QuizKey, start_attempt, submit_attempt
from lms.quizzes.bank import question_bank

FND_QUIZ = ("foundational", "what-is-social-work")
ADV_QUIZ = ("advanced", "child-protection")


def attempt_of(app, user, quiz=FND_QUIZ, *, answers=None, submit: bool = True) -> int:
    """An attempt of ``user`` at ``quiz`` (programme, module), submitted with ``answers``
    (position -> response; unanswered when not given) unless ``submit`` is false."""
    with app.app_context():
        _programme, module, _lesson = catalogue().find(*quiz)
        attempt = start_attempt(
            user.id, QuizKey(*quiz), module.quiz, question_bank(module), language="en"
        )
        if submit:
            submit_attempt(attempt, answers or {})
        db.session.commit()
        return attempt.id
