"""The events behind the statements, read from the records the platform keeps, by event time.

| event | record | time |
|---|---|---|
| lesson completed | ``lesson_progress`` | ``completed_at`` |
| quiz attempted | a submitted ``quiz_attempts`` row | ``finished_at`` |
| quiz passed / failed | a final grade | a trainer's last mark, else ``finished_at`` |
| practice hours approved | an approved ``practice_entries`` row | ``reviewed_at`` |
| competency status set | ``competency_status_overrides`` | ``set_at`` |
| certificate issued / revoked | ``certificates`` | ``issued_at`` / ``revoked_at`` |

Only the columns a statement needs are read (never a quiz's question snapshot, a reflection, a
note or a reason).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, case, func, select, type_coerce

from lms.accounts.models import Cohort
from lms.certificates.models import Certificate
from lms.competencies.models.evidence import CompetencyStatusOverride
from lms.core.database import UTCDateTime
from lms.core.extensions import db
from lms.courses.models import LessonProgress
from lms.practice.models.entries import PracticeEntry
from lms.practice.models.placements import Placement
from lms.quizzes.models import FINAL_STATES, GRADED, SUBMITTED_STATES, QuizAttempt, QuizResponse
from lms.xapi import statements

KINDS = (
    "lesson.completed",
    "quiz.attempted",
    "quiz.graded",  # passed or failed
    "practice.approved",
    "competency.rated",
    "certificate.issued",
    "certificate.revoked",
)
CHUNK = 500  # rows read from the database at a time


@dataclass(frozen=True)
class Event:
    at: datetime
    statement: dict

    @property
    def statement_id(self) -> str:
        return self.statement["id"]

    @property
    def verb(self) -> str:
        return self.statement["verb"]["display"]["en"]


def _window(query: Select, column, since: datetime | None, until: datetime | None) -> Select:
    if since is not None:
        query = query.where(column >= since)
    if until is not None:
        query = query.where(column < until)
    return query


def _rows(query: Select) -> Iterator:
    yield from db.session.execute(query.execution_options(yield_per=CHUNK))


def lessons(since, until) -> Iterator[Event]:
    query = select(
        LessonProgress.id,
        LessonProgress.user_id,
        LessonProgress.programme,
        LessonProgress.module,
        LessonProgress.lesson,
        LessonProgress.completed_at,
    )
    for row in _rows(_window(query, LessonProgress.completed_at, since, until)):
        yield Event(row.completed_at, statements.lesson_completed(row))


_ATTEMPT_COLUMNS = (
    QuizAttempt.id,
    QuizAttempt.user_id,
    QuizAttempt.programme,
    QuizAttempt.module,
    QuizAttempt.language,
    QuizAttempt.started_at,
    QuizAttempt.finished_at,
    QuizAttempt.marks,
    QuizAttempt.max_marks,
    QuizAttempt.passed,
)


def quiz_attempts(since, until) -> Iterator[Event]:
    query = select(*_ATTEMPT_COLUMNS).where(
        QuizAttempt.state.in_(SUBMITTED_STATES), QuizAttempt.finished_at.is_not(None)
    )
    for row in _rows(_window(query, QuizAttempt.finished_at, since, until)):
        yield Event(row.finished_at, statements.quiz_attempted(row))


def quiz_grades(since, until) -> Iterator[Event]:
    marked = (
        select(QuizResponse.attempt_id, func.max(QuizResponse.marked_at).label("marked_at"))
        .group_by(QuizResponse.attempt_id)
        .subquery()
    )
    graded_at = type_coerce(
        case(
            (
                QuizAttempt.state == GRADED,
                func.coalesce(marked.c.marked_at, QuizAttempt.finished_at),
            ),
            else_=QuizAttempt.finished_at,
        ),
        UTCDateTime(),
    ).label("graded_at")
    query = (
        select(*_ATTEMPT_COLUMNS, graded_at)
        .outerjoin(marked, marked.c.attempt_id == QuizAttempt.id)
        .where(
            QuizAttempt.state.in_(FINAL_STATES),
            QuizAttempt.passed.is_not(None),
            QuizAttempt.finished_at.is_not(None),
        )
    )
    for row in _rows(_window(query, graded_at, since, until)):
        yield Event(row.graded_at, statements.quiz_graded(row, row.graded_at))


def practice(since, until) -> Iterator[Event]:
    query = (
        select(
            PracticeEntry.id,
            PracticeEntry.trainee_id,
            PracticeEntry.placement_id,
            PracticeEntry.minutes,
            PracticeEntry.kind,
            PracticeEntry.amends_id,
            PracticeEntry.reviewed_at,
            PracticeEntry.reviewed_by_id,
            Cohort.programme,
        )
        .join(Placement, Placement.id == PracticeEntry.placement_id)
        .join(Cohort, Cohort.id == Placement.cohort_id)
        .where(PracticeEntry.status == "approved", PracticeEntry.reviewed_at.is_not(None))
    )
    for row in _rows(_window(query, PracticeEntry.reviewed_at, since, until)):
        yield Event(row.reviewed_at, statements.practice_approved(row))


def competencies(since, until) -> Iterator[Event]:
    table = CompetencyStatusOverride
    query = select(
        table.id, table.user_id, table.programme, table.code, table.status, table.set_by_id,
        table.set_at,
    )  # fmt: skip
    for row in _rows(_window(query, table.set_at, since, until)):
        yield Event(row.set_at, statements.competency_rated(row))


def _certificate_columns():
    return select(
        Certificate.id,
        Certificate.user_id,
        Certificate.programme,
        Certificate.issued_at,
        Certificate.revoked_at,
    )


def certificates_issued(since, until) -> Iterator[Event]:
    for row in _rows(_window(_certificate_columns(), Certificate.issued_at, since, until)):
        yield Event(row.issued_at, statements.certificate_issued(row))


def certificates_revoked(since, until) -> Iterator[Event]:
    query = _certificate_columns().where(Certificate.revoked_at.is_not(None))
    for row in _rows(_window(query, Certificate.revoked_at, since, until)):
        yield Event(row.revoked_at, statements.certificate_revoked(row))


READERS: tuple[Callable[..., Iterator[Event]], ...] = (
    lessons,
    quiz_attempts,
    quiz_grades,
    practice,
    competencies,
    certificates_issued,
    certificates_revoked,
)


def events(since: datetime | None = None, until: datetime | None = None) -> list[Event]:
    """Every event from ``since`` (included) to ``until`` (excluded), oldest first (ties in
    statement id order, so two exports of the same records are the same file)."""
    found = [event for read in READERS for event in read(since, until)]
    found.sort(key=lambda event: (event.at, event.statement_id))
    return found
