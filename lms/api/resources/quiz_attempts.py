"""Quiz attempts and their results (resource group ``quizzes``), read only.

Who sees an attempt is the review pages' rule (``lms.quizzes.lookup.visible_attempt_or_404``,
that is ``lms.accounts.cohorts.can_see_trainee``): the trainee their own, the trainers of the
trainee's cohorts and admins. What they see of it is the review page's (``quiz_review``): a
trainee never gets an answer key or the right answers. Anything else is 404, as on the pages.
"""

from __future__ import annotations

from collections import defaultdict

from flask import abort
from sqlalchemy import or_, select

from lms.accounts.cohorts import can_see_trainee
from lms.accounts.models import User, cohort_members
from lms.api.auth import Caller, api_access
from lms.api.lists import page_of_select, paged, region_ids
from lms.api.resources.local_days import within_local_days
from lms.api.resources.quiz_attempts_schemas import (
    AttemptListQuery,
    AttemptPageSchema,
    AttemptSchema,
)
from lms.api.resources.quiz_review import reviewed_questions
from lms.api.spec import API_PREFIX, ApiBlueprint
from lms.core.extensions import db
from lms.quizzes.attempts import QuizKey, attempts_of
from lms.quizzes.lookup import settings_of
from lms.quizzes.models import BY_DEADLINE, QuizAttempt
from lms.quizzes.review import EVERYTHING, review_items
from lms.quizzes.statistics import visible_trainees

blp = ApiBlueprint(
    "api_quizzes",
    __name__,
    url_prefix=f"{API_PREFIX}/quiz-attempts",
    description="Quiz attempts and their results, as the review pages show them.",
)


def readable_attempt(caller: Caller, attempt_id: int) -> QuizAttempt:
    """The attempt if the caller may review it, else 404 (the access check of this group)."""
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or not can_see_trainee(caller.user, attempt.user_id):
        abort(404)
    return attempt


def _shown(caller: Caller, attempt: QuizAttempt, attempts: list[QuizAttempt]) -> frozenset[str]:
    """The review page's window: everything for staff, the quiz's options for its trainee."""
    if attempt.user_id != caller.user.id:
        return EVERYTHING
    return review_items(settings_of(attempt), attempts, staff=False)


def _summary(attempt: QuizAttempt, show: frozenset[str]) -> dict:
    marks = "marks" in show and not attempt.in_progress
    trainee = attempt.user
    return {
        "id": attempt.id,
        "trainee": {"id": trainee.id, "username": trainee.username, "full_name": trainee.full_name},
        "programme": attempt.programme,
        "module": attempt.module,
        "number": attempt.number,
        "state": attempt.state,
        "language": attempt.language,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.finished_at,
        "late": attempt.finished_by == BY_DEADLINE,
        "late_answers_ignored": attempt.late_answers_ignored,
        "marks_shown": marks,
        "marks": attempt.marks if marks else None,
        "max_marks": attempt.max_marks if marks else None,
        "grade_percent": attempt.grade_percent if marks else None,
        "pass_mark": attempt.pass_mark,
        "passed": attempt.passed if marks else None,
    }


def _visible(caller: Caller):
    """The attempts the caller may review, as a condition (can_see_trainee, in SQL)."""
    scope = visible_trainees(caller.user)
    if scope is None:
        return None
    return or_(QuizAttempt.user_id == caller.user.id, QuizAttempt.user_id.in_(scope))


def _filters(query: dict) -> list:
    conditions = within_local_days(QuizAttempt.started_at, query, "started")
    for name in ("programme", "module", "state"):
        if name in query:
            conditions.append(getattr(QuizAttempt, name) == query[name])
    if "trainee" in query:
        conditions.append(QuizAttempt.user_id == query["trainee"])
    if "cohort" in query:
        members = select(cohort_members.c.user_id).where(
            cohort_members.c.cohort_id == query["cohort"]
        )
        conditions.append(QuizAttempt.user_id.in_(members))
    if "region" in query:
        people = select(User.id).where(User.region_id.in_(region_ids(query["region"])))
        conditions.append(QuizAttempt.user_id.in_(people))
    return conditions


def _own_attempts_by_quiz(caller: Caller) -> dict[tuple[str, str], list[QuizAttempt]]:
    """The caller's own attempts per quiz, in one query: a trainee's review window depends on
    all their attempts at the quiz (passed, or none left)."""
    grouped = defaultdict(list)
    own = select(QuizAttempt).where(QuizAttempt.user_id == caller.user.id)
    for attempt in db.session.scalars(own.order_by(QuizAttempt.number)):
        grouped[(attempt.programme, attempt.module)].append(attempt)
    return grouped


@blp.get("")
@api_access("quizzes")
@blp.etag
@blp.arguments(AttemptListQuery, location="query")
@blp.response(200, AttemptPageSchema)
def list_attempts(caller: Caller, query: dict):
    """The quiz attempts the caller may review, newest first."""
    statement = select(QuizAttempt).where(*_filters(query))
    visible = _visible(caller)
    if visible is not None:
        statement = statement.where(visible)
    statement = statement.order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())
    own = _own_attempts_by_quiz(caller)

    def summary(attempt):
        return _summary(
            attempt, _shown(caller, attempt, own.get((attempt.programme, attempt.module), []))
        )

    return paged(page_of_select(statement, query, summary))


@blp.get("/<int:attempt_id>")
@api_access("quizzes")
@blp.etag
@blp.response(200, AttemptSchema)
def get_attempt(caller: Caller, attempt_id: int):
    """One attempt with each question's answer, marks and feedback as its review shows them."""
    attempt = readable_attempt(caller, attempt_id)
    owner = attempt.user_id == caller.user.id
    attempts = attempts_of(attempt.user_id, QuizKey(attempt.programme, attempt.module))
    show = _shown(caller, attempt, attempts)
    return {
        **_summary(attempt, show),
        "questions": reviewed_questions(attempt, show, owner=owner),
    }
