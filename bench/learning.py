"""Each trainee's course: the timeline of their cohort, the lessons they read and the quiz
attempts they made, as the rows the app itself would store.

A cohort's course lasts ``COURSE_DAYS``; its modules are studied one after another in equal
windows, and a module is done (every lesson read, its quiz passed) when its window has ended.
Trainees of the advanced and ToT courses did the programmes before theirs earlier (lessons and
quizzes only: those cohorts are not in the data set).

Quiz attempts are not hand-made: for each module, ``QuizBook`` draws snapshots with the app's
own ``snapshot_for`` from the module's ``quiz.gift``, answers them with the demo's answer maker
(all right, or a number of wrong answers), grades every response with the app's ``grade`` and
totals the attempt as ``update_totals`` does. Attempts reuse these shapes, so 200,000 attempts
cost a few hundred gradings. An essay is marked by the cohort's trainer (full marks), except in
attempts of the last ten days, which still wait in the trainer's grading queue.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from lms.core.database import LOCAL_TIMEZONE
from lms.courses.catalogue import Catalogue, Module, Programme
from lms.courses.models import LessonProgress
from lms.quizzes.bank import read_bank, snapshot_for
from lms.quizzes.demo import _answers as demo_answers
from lms.quizzes.grading import grade
from lms.quizzes.models import (
    BY_TRAINEE,
    FINISHED,
    GRADED,
    NEEDS_GRADING,
    QuizAttempt,
    QuizResponse,
)
from lms.quizzes.results import competencies_of, stored_codes

COURSE_DAYS = 150
HISTORY_GAP_DAYS = 180  # between the starts of two programmes a trainee took one after another
SNAPSHOTS_PER_QUIZ = 12
MOST_WRONG = 5  # answer patterns: 0..MOST_WRONG wrong answers
PENDING_DAYS = 10  # essays of attempts this recent still wait for the trainer
ESSAY_COMMENT = "Clear, safe and well reasoned."
LESSONS = LessonProgress.__table__
ATTEMPTS = QuizAttempt.__table__
RESPONSES = QuizResponse.__table__


def at_local(day: date, hour: int, minute: int = 0) -> datetime:
    """A local (Ashgabat) wall-clock time on ``day``, in UTC as the database stores it."""
    return datetime.combine(day, time(hour, minute), LOCAL_TIMEZONE).astimezone(UTC)


@dataclass(frozen=True)
class Enrolment:
    """A trainee in their cohort: who, where, which programme, since when, with whom."""

    user_id: int
    full_name: str
    region_id: int
    cohort_id: int
    cohort_code: str
    programme: str
    starts: date
    trainer_id: int  # the cohort's lead trainer: supervisor, marker and assessor

    def age(self, today: date) -> int:
        return (today - self.starts).days

    def complete(self, today: date) -> bool:
        return self.age(today) >= COURSE_DAYS


def module_window(programme: Programme, index: int, starts: date) -> tuple[date, date]:
    """The days a cohort studies module ``index`` (end exclusive)."""
    count = len(programme.modules)
    return (
        starts + timedelta(days=index * COURSE_DAYS // count),
        starts + timedelta(days=(index + 1) * COURSE_DAYS // count),
    )


def modules_done(programme: Programme, starts: date, today: date) -> int:
    """How many modules (from the first) the cohort has finished by ``today``."""
    return sum(
        1 for i in range(len(programme.modules)) if module_window(programme, i, starts)[1] <= today
    )


def history(catalogue: Catalogue, programme: str) -> list[str]:
    """The programmes taken before ``programme``, oldest first (its prerequisites, recursively)."""
    found = catalogue.programme(programme)
    if found is None or not found.prerequisites:
        return []
    before = found.prerequisites[0]
    return [*history(catalogue, before), before]


# --- quiz attempts as the app grades them -------------------------------------------------


@dataclass(frozen=True)
class Response:
    position: int
    question_id: str | None
    competencies: str  # as the app stores them: the question's codes, space-separated
    response_json: str | None
    max_mark: float
    fraction: float | None
    needs_grading: bool
    marked: bool  # by the trainer (an essay)


@dataclass(frozen=True)
class Shape:
    """One submitted attempt: its snapshot, responses and totals, as the app would store them."""

    questions_json: str
    responses: tuple[Response, ...]
    state: str
    marks: float
    max_marks: float
    grade_percent: float | None
    passed: bool | None
    scores: dict[str, tuple[float, int]]  # competency -> (sum of fractions, questions)


def _response(position: int, question: dict, value, essay_mark: float | None) -> Response:
    outcome = grade(question, value)
    marked = question["type"] == "essay" and outcome.needs_grading and essay_mark is not None
    return Response(
        position=position,
        question_id=question["id"],
        competencies=stored_codes(question),
        response_json=None if value is None else json.dumps(value, ensure_ascii=False),
        max_mark=question["mark"],
        fraction=essay_mark if marked else outcome.fraction,
        needs_grading=outcome.needs_grading and not marked,
        marked=marked,
    )


def _totals(responses: tuple[Response, ...], pass_mark: int):
    """(state, marks, max marks, grade %, passed) exactly as ``attempts.update_totals``."""
    max_marks = sum(r.max_mark for r in responses)
    marks = sum(r.fraction * r.max_mark for r in responses if r.fraction is not None)
    if any(r.needs_grading for r in responses):
        return NEEDS_GRADING, marks, max_marks, None, None
    state = GRADED if any(r.marked for r in responses) else FINISHED
    percent = round(100 * marks / max_marks if max_marks else 0.0, 2)
    return state, marks, max_marks, percent, percent >= pass_mark


def _scores(snapshot: list[dict], responses: tuple[Response, ...]) -> dict:
    scores: dict[str, tuple[float, int]] = {}
    for question, row in zip(snapshot, responses, strict=True):
        if question["id"] is None or row.fraction is None or row.max_mark <= 0:
            continue
        for code in competencies_of(question):
            total, count = scores.get(code, (0.0, 0))
            scores[code] = (total + row.fraction, count + 1)
    return scores


def _shape(snapshot: list[dict], answers: dict, pass_mark: int, essay_mark) -> Shape:
    responses = tuple(
        _response(position, question, answers.get(position), essay_mark)
        for position, question in enumerate(snapshot)
    )
    state, marks, max_marks, percent, passed = _totals(responses, pass_mark)
    return Shape(
        questions_json=json.dumps(snapshot, ensure_ascii=False),
        responses=responses,
        state=state,
        marks=marks,
        max_marks=max_marks,
        grade_percent=percent,
        passed=passed,
        scores=_scores(snapshot, responses),
    )


@dataclass
class QuizShapes:
    passing: list[Shape] = field(default_factory=list)
    failing: list[Shape] = field(default_factory=list)
    pending: list[Shape] = field(default_factory=list)  # an essay waits for the trainer


class QuizBook:
    """Graded attempt shapes for every quiz of the catalogue."""

    def __init__(self, catalogue: Catalogue):
        self.shapes: dict[tuple[str, str], QuizShapes] = {}
        for programme in catalogue.programmes:
            for module in programme.modules:
                if module.quiz is not None and module.quiz_path is not None:
                    self.shapes[programme.code, module.slug] = self._module(module)

    @staticmethod
    def _module(module: Module) -> QuizShapes:
        bank, settings, found = read_bank(module.quiz_path), module.quiz, QuizShapes()
        for seed in range(SNAPSHOTS_PER_QUIZ):
            snapshot = snapshot_for(bank, settings, random.Random(seed))
            for wrong in range(MOST_WRONG + 1):
                answers = demo_answers(snapshot, wrong, "bench", random.Random(seed * 7 + wrong))
                marked = _shape(snapshot, answers, settings.pass_mark, 1.0 if wrong < 3 else 0.5)
                (found.passing if marked.passed else found.failing).append(marked)
                waiting = _shape(snapshot, answers, settings.pass_mark, None)
                if waiting.state == NEEDS_GRADING and wrong < 3:
                    found.pending.append(waiting)
        if not found.passing or not found.failing:
            raise RuntimeError(f"bench: no passing or failing attempt drawn for {module.slug}")
        return found


# --- rows ---------------------------------------------------------------------------------


@dataclass
class Ids:
    """The next primary key of each generated table."""

    lesson: int = 1
    attempt: int = 1
    response: int = 1

    def take(self, name: str) -> int:
        value = getattr(self, name)
        setattr(self, name, value + 1)
        return value


def lesson_rows(ids: Ids, user_id: int, programme: Programme, starts: date, today: date):
    """Every lesson read by ``today``: whole modules whose window ended, part of the current."""
    for index, module in enumerate(programme.modules):
        first, last = module_window(programme, index, starts)
        if first >= today:
            return
        step = (last - first).days / (len(module.lessons) + 1)
        for number, lesson in enumerate(module.lessons, start=1):
            day = first + timedelta(days=int(step * number))
            if day >= today:
                return
            yield {
                "id": ids.take("lesson"),
                "user_id": user_id,
                "programme": programme.code,
                "module": module.slug,
                "lesson": lesson.slug,
                "content_version": lesson.version_hash,
                "completed_at": at_local(day, 19, number),
            }


@dataclass(frozen=True)
class Taking:
    """One trainee's attempts at one quiz: ``count`` attempts, the last one passing (or, when
    ``may_wait`` and recent, waiting for an essay mark)."""

    user_id: int
    programme: Programme
    module: Module
    window_end: date  # the module's last day + 1; attempts fall on the days before it
    count: int
    trainer_id: int
    may_wait: bool


def _choose(taking: Taking, number: int, started: datetime, now: datetime, book, rng) -> Shape:
    shapes = book.shapes[taking.programme.code, taking.module.slug]
    if number < taking.count:
        return rng.choice(shapes.failing)
    if taking.may_wait and shapes.pending and now - started < timedelta(days=PENDING_DAYS):
        return rng.choice(shapes.pending)
    return rng.choice(shapes.passing)


def _attempt_row(attempt_id: int, taking: Taking, number: int, shape: Shape, started, finished):
    limit = taking.module.quiz.time_limit_minutes
    return {
        "id": attempt_id,
        "user_id": taking.user_id,
        "programme": taking.programme.code,
        "module": taking.module.slug,
        "number": number,
        "state": shape.state,
        "started_at": started,
        "deadline": started + timedelta(minutes=limit) if limit else None,
        "finished_at": finished,
        "finished_by": BY_TRAINEE,
        "late_answers_ignored": False,
        "pass_mark": taking.module.quiz.pass_mark,
        "questions_json": shape.questions_json,
        "marks": shape.marks,
        "max_marks": shape.max_marks,
        "grade_percent": shape.grade_percent,
        "passed": shape.passed,
    }


def _response_rows(ids: Ids, attempt_id: int, shape: Shape, finished: datetime, trainer_id: int):
    marked_at = finished + timedelta(days=2)
    return [
        {
            "id": ids.take("response"),
            "attempt_id": attempt_id,
            "position": r.position,
            "question_id": r.question_id,
            "competencies": r.competencies,
            "response_json": r.response_json,
            "saved_at": finished if r.response_json is not None else None,
            "max_mark": r.max_mark,
            "fraction": r.fraction,
            "needs_grading": r.needs_grading,
            "comment": ESSAY_COMMENT if r.marked else None,
            "marked_by_id": trainer_id if r.marked else None,
            "marked_at": marked_at if r.marked else None,
        }
        for r in shape.responses
    ]


def attempt_rows(ids: Ids, taking: Taking, book: QuizBook, rng: random.Random, now: datetime):
    """[(attempt row, its response rows)] for each attempt, and the last attempt's Shape (the
    one that counts as evidence)."""
    rows, shape = [], None
    for number in range(1, taking.count + 1):
        day = taking.window_end - timedelta(days=taking.count - number + 1)
        started = at_local(day, 10 + number, rng.randrange(60))
        shape = _choose(taking, number, started, now, book, rng)
        finished = started + timedelta(minutes=rng.randrange(6, 18), seconds=rng.randrange(60))
        attempt_id = ids.take("attempt")
        rows.append(
            (
                _attempt_row(attempt_id, taking, number, shape, started, finished),
                _response_rows(ids, attempt_id, shape, finished, taking.trainer_id),
            )
        )
    return rows, shape
