"""Mapping a university course to competencies of its programme's standard at a level:
Introduced, Reinforced or Mastered (one level per course and competency)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from lms.competencies.frameworks import framework_tree
from lms.competencies.models import LEVELS, CourseCompetency, UniversityCourse
from lms.core.extensions import db


class MappingError(ValueError):
    pass


def course_levels(course: UniversityCourse) -> dict[int, str]:
    rows = db.session.scalars(
        select(CourseCompetency).where(CourseCompetency.course_id == course.id)
    )
    return {row.competency_id: row.level for row in rows}


def set_course_mapping(course: UniversityCourse, levels: dict[int, str | None]) -> int:
    """Replace the course's mapping; ``levels`` maps competency ids to I, R, M or None."""
    allowed = {n.competency.id for n in framework_tree(course.programme.framework) if n.is_leaf}
    wanted = {cid: level for cid, level in levels.items() if level}
    if not set(wanted) <= allowed:
        raise MappingError(_("Courses map only to competencies of the programme's standard."))
    if not set(wanted.values()) <= set(LEVELS):
        raise MappingError(_("A level is I (introduced), R (reinforced) or M (mastered)."))
    current = {
        row.competency_id: row
        for row in db.session.scalars(
            select(CourseCompetency).where(CourseCompetency.course_id == course.id)
        )
    }
    for competency_id, row in current.items():
        if competency_id not in wanted:
            db.session.delete(row)
        else:
            row.level = wanted[competency_id]
    for competency_id, level in wanted.items():
        if competency_id not in current:
            db.session.add(
                CourseCompetency(course_id=course.id, competency_id=competency_id, level=level)
            )
    db.session.flush()
    return len(wanted)
