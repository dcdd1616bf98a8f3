"""Coverage of a degree programme's standard by its courses, and what is missing.

The coverage matrix has a row per competency of the standard (areas as headings) and a column
per course, each cell I, R, M or empty. The gap report lists competencies no course covers,
competencies covered but never to M (mastered), and courses mapped to nothing. Both are built
from four queries whatever the size of the programme.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from lms.competencies.frameworks import TreeNode, framework_tree
from lms.competencies.models import CourseCompetency, DegreeProgramme, UniversityCourse
from lms.core.extensions import db
from lms.core.spreadsheets import csv_text

LEVEL_ORDER = {"I": 1, "R": 2, "M": 3}


@dataclass(frozen=True)
class CoverageRow:
    node: TreeNode
    cells: tuple[str | None, ...]  # one per course, in the order of Coverage.courses

    @property
    def highest(self) -> str | None:
        levels = [c for c in self.cells if c]
        return max(levels, key=LEVEL_ORDER.__getitem__) if levels else None


@dataclass(frozen=True)
class Coverage:
    programme: DegreeProgramme
    courses: tuple[UniversityCourse, ...]
    rows: tuple[CoverageRow, ...]

    @property
    def competency_rows(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.node.is_leaf]


@dataclass(frozen=True)
class GapReport:
    not_covered: tuple[CoverageRow, ...]
    never_mastered: tuple[CoverageRow, ...]
    unmapped_courses: tuple[UniversityCourse, ...]

    @property
    def empty(self) -> bool:
        return not (self.not_covered or self.never_mastered or self.unmapped_courses)


def coverage_for(programme: DegreeProgramme) -> Coverage:
    courses = tuple(
        db.session.scalars(
            select(UniversityCourse)
            .where(UniversityCourse.programme_id == programme.id)
            .order_by(UniversityCourse.year, UniversityCourse.semester, UniversityCourse.code)
        )
    )
    levels = {
        (row.course_id, row.competency_id): row.level
        for row in db.session.scalars(
            select(CourseCompetency)
            .join(UniversityCourse)
            .where(UniversityCourse.programme_id == programme.id)
        )
    }
    rows = tuple(
        CoverageRow(node, tuple(levels.get((c.id, node.competency.id)) for c in courses))
        for node in framework_tree(programme.framework)
    )
    return Coverage(programme, courses, rows)


def gap_report(coverage: Coverage) -> GapReport:
    rows = coverage.competency_rows
    mapped = {i for row in rows for i, cell in enumerate(row.cells) if cell}
    return GapReport(
        not_covered=tuple(r for r in rows if r.highest is None),
        never_mastered=tuple(r for r in rows if r.highest in ("I", "R")),
        unmapped_courses=tuple(c for i, c in enumerate(coverage.courses) if i not in mapped),
    )


def _code(row: CoverageRow) -> str:
    return row.node.competency.code or row.node.competency.identifier


def coverage_csv(coverage: Coverage) -> str:
    # Translators: column headings of the coverage matrix CSV (course codes follow them)
    header = [_("competency"), _("statement")] + [course.code for course in coverage.courses]
    body = ([_code(r), r.node.competency.label, *(c or "" for c in r.cells)] for r in coverage.rows)
    return csv_text(header, body)


def gaps_csv(report: GapReport) -> str:
    not_covered, unmapped = _("not covered"), _("course mapped to nothing")
    rows = [(not_covered, _code(r), r.node.competency.label) for r in report.not_covered]
    rows += [
        (
            _("never mastered (highest %(level)s)", level=r.highest),
            _code(r),
            r.node.competency.label,
        )
        for r in report.never_mastered
    ]
    rows += [(unmapped, c.code, c.title) for c in report.unmapped_courses]
    # Translators: column headings of the gap report CSV
    return csv_text([_("gap"), _("code"), _("name")], rows)
