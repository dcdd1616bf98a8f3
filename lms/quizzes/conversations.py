"""Who takes part in the conversation on an essay: the trainee and the trainers of their
cohorts (any of them may mark it)."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import User, cohort_members, cohort_trainers
from lms.accounts.models.users import UserRole
from lms.core.extensions import db
from lms.quizzes.models import QuizAttempt


def has_essay(attempt: QuizAttempt) -> bool:
    return any(q.get("type") == "essay" for q in attempt.questions)


def trainers_of(trainee_id: int) -> list[int]:
    """The ids of the people who train a cohort the trainee belongs to (with the role)."""
    return list(
        db.session.scalars(
            select(User.id)
            .join(cohort_trainers, cohort_trainers.c.user_id == User.id)
            .join(cohort_members, cohort_members.c.cohort_id == cohort_trainers.c.cohort_id)
            .join(UserRole, (UserRole.user_id == User.id) & (UserRole.role == "trainer"))
            .where(cohort_members.c.user_id == trainee_id)
            .distinct()
        )
    )
