"""What quizzes tell the notifications package: how to name and link an attempt for a reader,
and how many essays wait for a trainer's mark. Imported by the quiz blueprint."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.accounts.cohorts import can_see_trainee
from lms.accounts.models import User
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.i18n.language import language
from lms.notifications.subjects import SubjectLink, subject_type
from lms.notifications.waiting import Waiting, waiting_count
from lms.quizzes.models import NEEDS_GRADING, QuizAttempt
from lms.quizzes.statistics import visible_trainees


def attempt_title(attempt: QuizAttempt) -> str:
    _p, module, _l = catalogue().find(attempt.programme, attempt.module)
    name = module.titles.get(language()) if module else attempt.module
    return _("the quiz of %(module)s, attempt %(number)d", module=name, number=attempt.number)


@subject_type("quiz_attempt")
def _attempts(reader: User, ids: list[int]) -> dict[int, SubjectLink]:
    found = db.session.scalars(select(QuizAttempt).where(QuizAttempt.id.in_(ids))).all()
    seen: dict[int, bool] = {}
    links = {}
    for attempt in found:
        if attempt.user_id not in seen:
            seen[attempt.user_id] = can_see_trainee(reader, attempt.user_id)
        if seen[attempt.user_id]:
            url = url_for("quizzes.review", attempt_id=attempt.id)
            links[attempt.id] = SubjectLink(attempt_title(attempt), url)
    return links


@waiting_count
def _essays_to_grade(person: User) -> Waiting | None:
    """Attempts of the trainer's cohorts with an essay waiting for a mark."""
    if not person.has_role("trainer"):
        return None
    query = select(func.count()).select_from(QuizAttempt).where(QuizAttempt.state == NEEDS_GRADING)
    scope = visible_trainees(person)
    if scope is not None:
        query = query.where(QuizAttempt.user_id.in_(scope))
    return Waiting(
        _("Quiz attempts with essays to grade"),
        db.session.scalar(query),
        url_for("quizzes.grading"),
    )
