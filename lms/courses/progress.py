"""Progress through lessons, modules and programmes. Services flush, never commit."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import Row, bindparam, select

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.courses.catalogue import Lesson, Module, Programme
from lms.courses.models import LessonProgress

Key = tuple[str, str]  # (module slug, lesson slug)
# What progress needs of a completed lesson, read as columns: a reader who finished a programme
# has dozens of rows and a cohort thousands, and loading them as objects cost more than the
# rest of the lesson page. A ``Record`` has these as attributes (``record.content_version``).
RECORD_COLUMNS = (
    LessonProgress.programme,
    LessonProgress.module,
    LessonProgress.lesson,
    LessonProgress.content_version,
)
Record = Row


class LessonState(NamedTuple):  # a tuple: a page builds one per lesson of the programme
    lesson: Lesson
    done: bool
    updated_since_read: bool


@dataclass
class ModuleProgress:
    module: Module
    lessons: list[LessonState]
    locked_by: list[Module] = field(default_factory=list)

    @functools.cached_property  # a page asks many times; the lessons do not change
    def done(self) -> int:
        return sum(state.done for state in self.lessons)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def next_lesson(self) -> Lesson | None:
        return next((s.lesson for s in self.lessons if not s.done), None)


@dataclass
class ProgrammeProgress:
    programme: Programme
    modules: list[ModuleProgress]

    @functools.cached_property
    def done(self) -> int:
        return sum(m.done for m in self.modules)

    @functools.cached_property
    def total(self) -> int:
        return sum(m.total for m in self.modules)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    def module(self, slug: str) -> ModuleProgress | None:
        return next((m for m in self.modules if m.module.slug == slug), None)

    def continue_at(self) -> tuple[Module, Lesson] | None:
        """The first unread lesson of the first open, unfinished module."""
        for progress in self.modules:
            if not progress.locked_by and progress.next_lesson is not None:
                return progress.module, progress.next_lesson
        return None


def records_for(user_id: int, programme_codes: list[str]) -> dict[str, dict[Key, Record]]:
    """The user's completed lessons in these programmes, in one query."""
    found: dict[str, dict[Key, Record]] = defaultdict(dict)
    if not programme_codes:
        return found
    rows = db.session.execute(
        _records_statement(), {"user_id": user_id, "programmes": list(programme_codes)}
    )
    for row in rows.all():
        programme, module, lesson, _version = row
        found[programme][(module, lesson)] = row
    return found


@functools.cache
def _records_statement():
    """Built once per process: every lesson page runs it, and building and keying a new
    statement costs about as much as running it."""
    return select(*RECORD_COLUMNS).where(
        LessonProgress.user_id == bindparam("user_id"),
        LessonProgress.programme.in_(bindparam("programmes", expanding=True)),
    )


def programme_progress(programme: Programme, records: dict[Key, Record]) -> ProgrammeProgress:
    modules = []
    for module in programme.modules:
        states = []
        for lesson in module.lessons:
            record = records.get((module.slug, lesson.slug))
            if record is None:
                states.append(LessonState(lesson, False, False))
            else:
                updated = record.content_version != lesson.version_hash
                states.append(LessonState(lesson, True, updated))
        modules.append(ModuleProgress(module=module, lessons=states))
    by_slug = {m.module.slug: m for m in modules}
    for progress in modules:
        progress.locked_by = [
            by_slug[slug].module
            for slug in progress.module.prerequisites
            if slug in by_slug and not by_slug[slug].complete
        ]
    return ProgrammeProgress(programme=programme, modules=modules)


def mark_done(user_id: int, programme: Programme, module: Module, lesson: Lesson) -> LessonProgress:
    """Record that the user finished the lesson (again, if it changed since they read it)."""
    record = db.session.scalar(
        select(LessonProgress).where(
            LessonProgress.user_id == user_id,
            LessonProgress.programme == programme.code,
            LessonProgress.module == module.slug,
            LessonProgress.lesson == lesson.slug,
        )
    )
    if record is None:
        record = LessonProgress(
            user_id=user_id,
            programme=programme.code,
            module=module.slug,
            lesson=lesson.slug,
            content_version=lesson.version_hash,
        )
        db.session.add(record)
    elif record.content_version != lesson.version_hash:
        record.content_version = lesson.version_hash
        record.completed_at = utcnow()
    db.session.flush()
    return record


def cohort_progress(programme: Programme, trainee_ids: list[int]) -> dict[int, ProgrammeProgress]:
    """Every trainee's progress in one programme, from one query."""
    records: dict[int, dict[Key, Record]] = defaultdict(dict)
    if trainee_ids:
        rows = db.session.execute(
            select(LessonProgress.user_id, *RECORD_COLUMNS).where(
                LessonProgress.user_id.in_(trainee_ids), LessonProgress.programme == programme.code
            )
        )
        for row in rows:
            records[row.user_id][(row.module, row.lesson)] = row
    return {uid: programme_progress(programme, records[uid]) for uid in trainee_ids}
