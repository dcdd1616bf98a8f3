"""Quiz close dates: a cohort's trainer sets, per module quiz of the cohort's programme, the last
local day on which its trainees may start an attempt.

After that day a trainee of the cohort cannot start a new attempt (an attempt already started
runs on to its own time limit). A trainee in two cohorts of the programme with different close
dates has until the later one: neither trainer meant to shut them out before their own date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.accounts.models import Cohort
from lms.accounts.models.cohorts import cohort_members
from lms.accounts.trainers import trains_cohort
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.courses.catalogue import Module
from lms.courses.content import catalogue
from lms.quizzes.attempts import QuizError, QuizKey
from lms.quizzes.models import QuizCloseDate


class QuizClosed(QuizError):
    """The quiz's close date has passed: no new attempt."""


def may_set_close_dates(person, cohort: Cohort) -> bool:
    """The cohort's trainers, and admins."""
    return person.has_role("admin") or trains_cohort(person, cohort)


def quiz_modules(cohort: Cohort) -> list[Module]:
    """The modules of the cohort's programme that have a quiz, in the programme's order."""
    programme = catalogue().programme(cohort.programme)
    if programme is None:
        return []
    return [m for m in programme.modules if m.quiz is not None and m.quiz_path is not None]


def close_dates_of(cohort_id: int) -> dict[tuple[str, str], QuizCloseDate]:
    """(programme, module) -> the cohort's close date row."""
    rows = db.session.scalars(select(QuizCloseDate).where(QuizCloseDate.cohort_id == cohort_id))
    return {(row.programme, row.module): row for row in rows}


def set_close_dates(cohort: Cohort, chosen: Mapping[str, date | None], *, actor_id: int) -> int:
    """Set (or, with None, clear) the close date of each module quiz named in ``chosen``;
    modules without a quiz in the cohort's programme are refused (KeyError). Each change is
    audited; the number of changes."""
    modules = {m.slug for m in quiz_modules(cohort)}
    unknown = set(chosen) - modules
    if unknown:
        raise KeyError(", ".join(sorted(unknown)))
    existing = close_dates_of(cohort.id)
    changed = 0
    for module, day in sorted(chosen.items()):
        row = existing.get((cohort.programme, module))
        before = row.closes_on if row is not None else None
        if before == day:
            continue
        if day is None:
            db.session.delete(row)
        elif row is None:
            db.session.add(
                QuizCloseDate(
                    cohort_id=cohort.id,
                    programme=cohort.programme,
                    module=module,
                    closes_on=day,
                    set_by_id=actor_id,
                )
            )
        else:
            row.closes_on, row.set_by_id, row.updated_at = day, actor_id, utcnow()
        audit.record(
            "quiz.close_date_set",
            actor_id=actor_id,
            target_type="cohort",
            target_id=cohort.id,
            programme=cohort.programme,
            module=module,
            before=before.isoformat() if before else None,
            after=day.isoformat() if day else None,
        )
        changed += 1
    db.session.flush()
    return changed


def closes_on(user_id: int, quiz: QuizKey) -> date | None:
    """The last day the trainee may start the quiz: the latest close date among their cohorts
    that set one; None when none did."""
    mine = select(cohort_members.c.cohort_id).where(cohort_members.c.user_id == user_id)
    return db.session.scalar(
        select(func.max(QuizCloseDate.closes_on)).where(
            QuizCloseDate.cohort_id.in_(mine),
            QuizCloseDate.programme == quiz.programme,
            QuizCloseDate.module == quiz.module,
        )
    )


def check_open(user_id: int, quiz: QuizKey, today: date) -> None:
    """Raise ``QuizClosed`` when the trainee's close date for the quiz is before ``today``."""
    last_day = closes_on(user_id, quiz)
    if last_day is not None and today > last_day:
        raise QuizClosed(
            _(
                "This quiz closed on %(day)s: no new attempt can be started. "
                "Please talk to your trainer.",
                day=format_date(last_day),
            )
        )
