"""Importing a degree programme's courses from CSV: ``code, title, ects, year, semester``.

The whole file is checked first and rows are numbered as a spreadsheet shows them; nothing is
saved unless every row is good. A code already in the programme updates that course.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select

from lms.competencies.models import DegreeProgramme, UniversityCourse
from lms.competencies.universities import CourseFields, UniversityError, parse_ects, save_course
from lms.extensions import db

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


def _whole_number(value: str, name: str, low: int, high: int) -> int:
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise UniversityError(f"{name} “{value}” must be a whole number from {low} to {high}.")
    return int(value)


def _row(row: dict[str, str]) -> tuple[CourseFields | None, list[str]]:
    errors = []
    code, title = (row.get("code") or "").strip(), (row.get("title") or "").strip()
    if not code or len(code) > CODE_MAX:
        errors.append(f"A course needs a code of at most {CODE_MAX} characters.")
    if not title or len(title) > TITLE_MAX:
        errors.append(f"A course needs a title of at most {TITLE_MAX} characters.")
    values = {}
    checks = {
        "ects": lambda: parse_ects(row.get("ects") or ""),
        "year": lambda: _whole_number(row.get("year") or "", "Year", 1, 6),
        "semester": lambda: _whole_number(row.get("semester") or "", "Semester", 1, 2),
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
            report.errors.append((1, f"The first row must name the columns: {', '.join(COLUMNS)}."))
            return report
        reader.fieldnames = header
        seen: dict[str, int] = {}
        for count, row in enumerate(reader, start=1):
            if count > MAX_ROWS:
                report.errors.append((reader.line_num, f"More than {MAX_ROWS} courses."))
                break
            fields, errors = _row(row) if None not in row else (None, ["Too many cells."])
            if fields and fields.code in seen:
                errors = [f"The code “{fields.code}” repeats row {seen[fields.code]}."]
            report.errors.extend((reader.line_num, e) for e in errors)
            if fields and not errors:
                seen[fields.code] = reader.line_num
                report.courses.append(fields)
    except csv.Error as exc:
        report.errors.append((reader.line_num, f"Not a valid CSV file: {exc}."))
    if report.ok and not report.courses:
        report.errors.append((1, "The file has a header but no courses."))
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
