"""Importing a framework file: read it, check everything, and save only when nothing is wrong.

``plan_import`` reads a CASE package or a Moodle CSV and lists every problem with its line
(the file, the tree, and what is already in the database); ``import_framework`` saves a
plan that has no errors, all at once. The admin page and ``lms frameworks import`` share both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, or_, select

from lms.competencies.case import read_case
from lms.competencies.models import Competency, CourseCompetency, Framework
from lms.competencies.moodle_csv import read_moodle_csv
from lms.competencies.package import FrameworkPackage, Problem, ProblemList, ReadResult
from lms.competencies.saving import save_package
from lms.competencies.structure import check_structure, tree_order
from lms.core import audit
from lms.core.extensions import db

MAX_FILE_BYTES = 10 * 1024 * 1024


class ImportRefused(ValueError):
    """The plan has errors; nothing was saved."""


@dataclass
class ImportPlan(ProblemList):
    filename: str
    file_format: str  # "case", "moodle" or "yaml"
    package: FrameworkPackage | None
    problems: list[Problem] = field(default_factory=list)
    existing: Framework | None = None  # the framework this file updates, if any
    removed: list[Competency] = field(default_factory=list)

    def formatted(self) -> list[str]:
        return [p.format(self.filename) for p in sorted(self.problems, key=lambda p: p.line)]

    def tree(self):
        return tree_order(self.package) if self.ok else []


def detect_format(filename: str, raw: bytes) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".json", ".csv"):
        return "case" if suffix == ".json" else "moodle"
    return "case" if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "moodle"


def read_framework(filename: str, raw: bytes) -> tuple[str, ReadResult]:
    file_format = detect_format(filename, raw)
    reader = read_case if file_format == "case" else read_moodle_csv
    return file_format, reader(raw)


def _clash(framework: Framework) -> str:
    """Why a file cannot replace an existing framework of another origin (or identity)."""
    names = {"code": framework.code, "title": framework.title}
    if framework.origin == "yaml":
        return _(
            "the framework “%(code)s” (%(title)s) already exists and came from the programme's "
            "content; this file cannot replace it",
            **names,
        )
    if framework.origin == "case":
        return _(
            "the framework “%(code)s” (%(title)s) already exists and came from a CASE package; "
            "this file cannot replace it",
            **names,
        )
    return _(
        "the framework “%(code)s” (%(title)s) already exists and came from Moodle CSV; this "
        "file cannot replace it",
        **names,
    )


def _existing(package: FrameworkPackage, problems: list[Problem]) -> Framework | None:
    """The framework this package updates, if any; a clash with another one is a problem."""
    found = db.session.scalars(
        select(Framework).where(
            or_(Framework.code == package.code, Framework.identifier == package.identifier)
        )
    ).all()
    for framework in found:
        same = framework.code == package.code and framework.identifier == package.identifier
        if not same or framework.origin != package.origin:
            problems.append(Problem(package.line, _clash(framework)))
            return None
    return found[0] if found else None


def _removed(package, existing: Framework, problems: list[Problem]) -> list[Competency]:
    """Competencies the new version drops; refused while university courses map to them."""
    keep = [item.identifier for item in package.items]
    removed = db.session.scalars(
        select(Competency)
        .where(Competency.framework_id == existing.id, Competency.identifier.not_in(keep))
        .order_by(Competency.position)
    ).all()
    if not removed:
        return []
    mapped = dict(
        db.session.execute(
            select(CourseCompetency.competency_id, func.count())
            .where(CourseCompetency.competency_id.in_([c.id for c in removed]))
            .group_by(CourseCompetency.competency_id)
        ).all()
    )
    for competency in removed:
        if mapped.get(competency.id):
            problems.append(
                Problem(
                    package.line,
                    ngettext(
                        "“%(code)s” is not in this file, but %(num)d university course is mapped "
                        "to it; remove that mapping first",
                        "“%(code)s” is not in this file, but %(num)d university courses are "
                        "mapped to it; remove those mappings first",
                        mapped[competency.id],
                        code=competency.code or competency.identifier,
                    ),
                )
            )
    return list(removed)


def plan_package(filename: str, file_format: str, result: ReadResult) -> ImportPlan:
    plan = ImportPlan(filename, file_format, result.package, list(result.problems))
    package = result.package
    if package is None:
        return plan
    plan.problems += check_structure(package)
    plan.existing = _existing(package, plan.problems)
    if plan.existing is not None:
        plan.removed = _removed(package, plan.existing, plan.problems)
    return plan


def plan_import(filename: str, raw: bytes) -> ImportPlan:
    """Read and check a framework file without saving anything."""
    if len(raw) > MAX_FILE_BYTES:
        message = _("the file is larger than %(mb)d MB", mb=MAX_FILE_BYTES // (1024 * 1024))
        return ImportPlan(filename, "unknown", None, [Problem(1, message)])
    if not raw.strip():
        return ImportPlan(filename, "unknown", None, [Problem(1, _("the file is empty"))])
    file_format, result = read_framework(filename, raw)
    return plan_package(filename, file_format, result)


def import_framework(plan: ImportPlan, *, actor_id: int | None, sha256: str = "") -> Framework:
    """Save a plan without errors (flushed, not committed) and audit it."""
    if not plan.ok:
        raise ImportRefused("; ".join(plan.formatted()))
    framework, changed = save_package(plan.package, plan.existing)
    if changed:
        audit.record(
            "framework.imported" if plan.existing is None else "framework.updated",
            actor_id=actor_id,
            target_type="framework",
            target_id=framework.code,
            origin=framework.origin,
            filename=plan.filename,
            sha256=sha256,
            competencies=len(plan.package.items),
            associations=len(plan.package.associations),
            removed=[c.code or c.identifier for c in plan.removed],
        )
    return framework
