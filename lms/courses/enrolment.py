"""Who may read which programme.

Trainees are enrolled through their cohorts (a cohort belongs to one programme). Staff (trainers,
coordinators, admins) may read every programme. A programme whose prerequisite programmes are
not yet completed is locked for a trainee, and says what unlocks it.
"""

from __future__ import annotations

import functools
from collections import defaultdict

from sqlalchemy import String, bindparam, cast, null, select, union_all

from lms.accounts.models import Cohort, User, cohort_members
from lms.core.extensions import db
from lms.courses.catalogue import Catalogue, Programme
from lms.courses.models import LessonProgress
from lms.courses.progress import RECORD_COLUMNS, Key, Record, programme_progress, records_for

STAFF_ROLES = ("trainer", "coordinator", "admin")


def enrolled_codes(user: User) -> set[str]:
    return set(db.session.execute(_enrolled_codes_statement(), {"user_id": user.id}).scalars())


@functools.cache
def _enrolled_codes_statement():
    """Built once per process: every lesson page runs it (see ``progress._records_statement``)."""
    return (
        select(Cohort.programme)
        .join(cohort_members)
        .where(cohort_members.c.user_id == bindparam("user_id"))
        .distinct()
    )


def is_staff(user: User) -> bool:
    return user.has_role(*STAFF_ROLES)


def readable_programmes(user: User, catalogue: Catalogue) -> list[Programme]:
    if is_staff(user):
        return list(catalogue.programmes)
    codes = enrolled_codes(user)
    return [p for p in catalogue.programmes if p.code in codes]


def readable_with_records(
    user: User, catalogue: Catalogue, codes: list[str]
) -> tuple[list[Programme], dict[str, dict[Key, Record]]]:
    """The programmes the user may read, and their completed lessons in those of ``codes``.

    Every lesson, module and dashboard page needs both; for a trainee they come in one
    statement (enrolments and lesson records side by side), for staff in ``records_for``'s.
    """
    if is_staff(user):
        return list(catalogue.programmes), records_for(user.id, codes)
    enrolled: set[str] = set()
    records: dict[str, dict[Key, Record]] = defaultdict(dict)
    if len(codes) == 1:  # a lesson or module page
        statement, parameters = _enrolment_and_records_statement(True), {"programme": codes[0]}
    else:
        statement, parameters = _enrolment_and_records_statement(False), {"programmes": codes}
    rows = db.session.execute(statement, {"user_id": user.id, **parameters})
    for row in rows.all():  # fetched at once and unpacked: a reader may have dozens of rows
        programme, module, lesson, _version = row
        if module is None:  # an enrolment
            enrolled.add(programme)
        else:
            records[programme][(module, lesson)] = row
    readable = [p for p in catalogue.programmes if p.code in enrolled]
    return readable, {code: found for code, found in records.items() if code in enrolled}


@functools.cache
def _enrolment_and_records_statement(one_programme: bool):
    """The user's cohorts' programmes (with no lesson) and their records in ``programme`` or
    ``programmes``: an ``IN`` list is rewritten into the SQL on every execution, which costs
    a third of this query, so a page about one programme compares with ``=``."""
    no_text = cast(null(), String)
    enrolments = (
        select(
            Cohort.programme,
            no_text.label("module"),
            no_text.label("lesson"),
            no_text.label("content_version"),
        )
        .join(cohort_members)
        .where(cohort_members.c.user_id == bindparam("user_id"))
    )
    programme = LessonProgress.programme
    completed = select(*RECORD_COLUMNS).where(
        LessonProgress.user_id == bindparam("user_id"),
        programme == bindparam("programme")
        if one_programme
        else programme.in_(bindparam("programmes", expanding=True)),
    )
    return union_all(enrolments, completed)


def missing_prerequisites(
    user: User, catalogue: Catalogue, programme: Programme
) -> list[Programme]:
    """Prerequisite programmes the trainee has not completed (none for staff)."""
    required = [p for code in programme.prerequisites if (p := catalogue.programme(code))]
    if not required or is_staff(user):
        return []
    records = records_for(user.id, [p.code for p in required])
    return [p for p in required if not programme_progress(p, records.get(p.code, {})).complete]
