"""What quiz close dates tell the notifications package: the close dates as deadlines (for the
cohort's trainees who have not passed, and for its trainers), the "quiz closing" notice sent
``QUIZ_CLOSING_DAYS`` days ahead by the job queue's minute hook, and how a close date is named
and linked for a reader. Imported by the quiz blueprint."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import or_, select

from lms.accounts.models import Cohort, User
from lms.accounts.models.cohorts import cohort_members
from lms.accounts.trainers import cohorts_trained_by
from lms.core.database import local_today
from lms.core.extensions import db
from lms.core.unit_of_work import unit_of_work
from lms.courses.content import catalogue
from lms.i18n.language import language
from lms.jobs.kinds import every_minute
from lms.jobs.periodic import first_run_today
from lms.notifications.deadlines import Deadline, deadline_source
from lms.notifications.sending import notify
from lms.notifications.subjects import SubjectLink, subject_type
from lms.quizzes.models import QuizAttempt, QuizCloseDate


def _module_name(row: QuizCloseDate) -> str:
    _p, module, _l = catalogue().find(row.programme, row.module)
    return module.titles.get(language()) if module else row.module


def _quiz_url(row: QuizCloseDate) -> str:
    return url_for("quizzes.quiz", programme_code=row.programme, module_slug=row.module)


def _passed(user_ids, row: QuizCloseDate) -> set[int]:
    return set(
        db.session.scalars(
            select(QuizAttempt.user_id).where(
                QuizAttempt.user_id.in_(user_ids),
                QuizAttempt.programme == row.programme,
                QuizAttempt.module == row.module,
                QuizAttempt.passed.is_(True),
            )
        )
    )


def _close_dates_for(person: User, since: date) -> list[QuizCloseDate]:
    member = select(cohort_members.c.cohort_id).where(cohort_members.c.user_id == person.id)
    return list(
        db.session.scalars(
            select(QuizCloseDate)
            .where(
                QuizCloseDate.closes_on >= since,
                or_(
                    QuizCloseDate.cohort_id.in_(member),
                    QuizCloseDate.cohort_id.in_(cohorts_trained_by(person)),
                ),
            )
            .order_by(QuizCloseDate.id)
        )
    )


@deadline_source
def _quiz_close_deadlines(person: User, since: date) -> list[Deadline]:
    """A trainee's close dates of quizzes not yet passed; a trainer's of their cohorts."""
    rows = _close_dates_for(person, since)
    if not rows:  # the usual case: no further query
        return []
    passed = set(
        db.session.execute(
            select(QuizAttempt.programme, QuizAttempt.module).where(
                QuizAttempt.user_id == person.id, QuizAttempt.passed.is_(True)
            )
        ).all()
    )
    names = dict(  # the cohorts the person trains, with their names, in one query
        db.session.execute(
            select(Cohort.id, Cohort.name).where(Cohort.id.in_(cohorts_trained_by(person)))
        ).all()
    )
    trained = set(names)
    found, seen = [], set()
    for row in rows:
        module = _module_name(row)
        if row.cohort_id in trained:
            title = _(
                "Quiz closes: %(module)s (%(cohort)s)", module=module, cohort=names[row.cohort_id]
            )
        elif (row.programme, row.module) in passed or (row.programme, row.module) in seen:
            continue  # passed, or already listed from another of their cohorts
        else:
            seen.add((row.programme, row.module))
            title = _("Quiz closes: %(module)s", module=module)
        found.append(Deadline(f"quiz-close-{row.id}", row.closes_on, title, _quiz_url(row)))
    return found


@subject_type("quiz_close")
def _close_dates(reader: User, ids: list[int]) -> dict[int, SubjectLink]:
    rows = db.session.scalars(select(QuizCloseDate).where(QuizCloseDate.id.in_(ids))).all()
    mine = set(
        db.session.scalars(
            select(cohort_members.c.cohort_id).where(cohort_members.c.user_id == reader.id)
        )
    )
    trained = set(db.session.scalars(cohorts_trained_by(reader)))
    return {
        row.id: SubjectLink(
            _(
                "the quiz of %(module)s (closes %(day)s)",
                module=_module_name(row),
                day=format_date(row.closes_on),
            ),
            _quiz_url(row),
        )
        for row in rows
        if row.cohort_id in mine or row.cohort_id in trained or reader.has_role("admin")
    }


@every_minute
def tell_quizzes_closing(today: date | None = None) -> int:
    """Notify each trainee who has not passed a quiz closing within ``QUIZ_CLOSING_DAYS`` days
    (today included); once per trainee, quiz and close date (a rerun, a second worker or a
    retried run tells nobody twice; a close date moved tells again before the new one). The
    number told."""
    today = today or local_today()
    ahead = timedelta(days=current_app.config["QUIZ_CLOSING_DAYS"])
    told = 0
    with unit_of_work():
        closing = db.session.scalars(
            select(QuizCloseDate)
            .where(QuizCloseDate.closes_on >= today, QuizCloseDate.closes_on <= today + ahead)
            .order_by(QuizCloseDate.id)
        ).all()
        for row in closing:
            trainees = list(
                db.session.scalars(
                    select(cohort_members.c.user_id).where(
                        cohort_members.c.cohort_id == row.cohort_id
                    )
                )
            )
            passed = _passed(trainees, row)
            for trainee_id in sorted(set(trainees) - passed):
                if first_run_today(f"quiz-closing:{row.id}:{trainee_id}", row.closes_on):
                    notify(trainee_id, "quiz_closing", "quiz_close", row.id)
                    told += 1
    return told
