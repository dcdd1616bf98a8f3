"""Importing a degree programme's courses from CSV: ``code, title, ects, year, semester``.

The whole file is checked first and rows are numbered as a spreadsheet shows them; nothing is
saved unless every row is good. A code already in the programme updates that course.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from lms.competencies.models import DegreeProgramme, UniversityCourse
from lms.competencies.universities import CourseFields, UniversityError, parse_ects, save_course
from lms.core.extensions import db
from lms.core.numbers import NumberError, ascii_int

COLUMNS = ("code", "title", "ects", "year", "semester")
MAX_ROWS = 500
CODE_MAX, TITLE_MAX = 32, 300


@dataclass
class CourseImportReport:
    errors: list[tuple[int, str]] = field(default_factory=list)
    courses: list[CourseFields] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _year(text: str) -> int:
    value = (text or "").strip()
    if not _whole_number_within(value, 1, 6):
        raise UniversityError(
            _("Year “%(value)s” must be a whole number from 1 to 6.", value=value)
        )
    return int(value)


def _semester(text: str) -> int:
    value = (text or "").strip()
    if not _whole_number_within(value, 1, 2):
        raise UniversityError(
            _("Semester “%(value)s” must be a whole number from 1 to 2.", value=value)
        )
    return int(value)


def _whole_number_within(value: str, low: int, high: int) -> bool:
    try:
        return ascii_int(value, minimum=low, maximum=high) is not None
    except NumberError:
        return False


def _row(row: dict[str, str]) -> tuple[CourseFields | None, list[str]]:
    errors = []
    code, title = (row.get("code") or "").strip(), (row.get("title") or "").strip()
    if not code or len(code) > CODE_MAX:
        errors.append(_("A course needs a code of at most %(max)d characters.", max=CODE_MAX))
    if not title or len(title) > TITLE_MAX:
        errors.append(_("A course needs a title of at most %(max)d characters.", max=TITLE_MAX))
    values = {}
    checks = {
        "ects": lambda: parse_ects(row.get("ects") or ""),
        "year": lambda: _year(row.get("year") or ""),
        "semester": lambda: _semester(row.get("semester") or ""),
    }
    for name, check in checks.items():
        try:
            values[name] = check()
        except UniversityError as exc:
            errors.append(str(exc))
    if errors:
        return None, errors
    return CourseFields(code=code, title=title, **values), []


def check_courses_csv(text: str) -> CourseImportReport:
    report = CourseImportReport()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in reader.fieldnames or []]
        if sorted(header) != sorted(COLUMNS):
            report.errors.append(
                (1, _("The first row must name the columns: %(names)s.", names=", ".join(COLUMNS)))
            )
            return report
        reader.fieldnames = header
        seen: dict[str, int] = {}
        for count, row in enumerate(reader, start=1):
            if count > MAX_ROWS:
                report.errors.append(
                    (reader.line_num, _("More than %(max)d courses.", max=MAX_ROWS))
                )
                break
            fields, errors = _row(row) if None not in row else (None, [_("Too many cells.")])
            if fields and fields.code in seen:
                errors = [
                    _(
                        "The code “%(code)s” repeats row %(row)d.",
                        code=fields.code,
                        row=seen[fields.code],
                    )
                ]
            report.errors.extend((reader.line_num, e) for e in errors)
            if fields and not errors:
                seen[fields.code] = reader.line_num
                report.courses.append(fields)
    except csv.Error as exc:
        report.errors.append((reader.line_num, _("Not a valid CSV file: %(error)s.", error=exc)))
    if report.ok and not report.courses:
        report.errors.append((1, _("The file has a header but no courses.")))
    return report


def import_courses(programme: DegreeProgramme, text: str) -> CourseImportReport:
    """Check the file; when every row is good, create or update the courses (flushed)."""
    report = check_courses_csv(text)
    if not report.ok:
        return report
    existing = {
        c.code: c
        for c in db.session.scalars(
            select(UniversityCourse).where(UniversityCourse.programme_id == programme.id)
        )
    }
    for fields in report.courses:
        course = existing.get(fields.code)
        save_course(programme, fields, course)
        report.updated += course is not None
        report.created += course is None
    return report
