"""A cohort's gradebook: its trainees against the programme, in three views.

- *Modules*: per module, the lessons read (%) and, for a module with a quiz, the best result
  (%), passed / failed / not attempted, and the attempts used; then the whole programme's lessons.
- *Practice*: counted (approved, current) hours per practice category, counted hours against the
  required hours, the direct share and supervision against theirs, and whether all are met.
- *Competencies*: each competency's status (the evidence rule, or a trainer's decision), then
  the certificate: issued (with its number), revoked, expired, eligible or not yet eligible.

The records are read by the loaders certificate eligibility uses, for the whole cohort at once:
a fixed number of queries whatever the cohort's size. Cells are typed (numbers stay numbers,
an empty cell is ``None``); ``gradebook_files`` writes them as CSV or XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.cohorts import load_trainees_with_regions
from lms.accounts.models import Cohort, User
from lms.certificates.eligibility import Records, eligibility_from, load_records
from lms.certificates.models import Certificate
from lms.core.database import local_today
from lms.core.extensions import db
from lms.courses.catalogue import Programme
from lms.courses.content import catalogue
from lms.i18n.language import language
from lms.practice.categories import categories
from lms.practice.requirements import category_minutes


class GradebookError(ValueError):
    pass


@dataclass(frozen=True)
class View:
    name: str
    headings: list[str]
    rows: list[list[object]]  # one per trainee, in the gradebook's order


@dataclass(frozen=True)
class Gradebook:
    cohort: Cohort
    programme: Programme
    trainees: list[User]
    views: list[View]

    @property
    def person_headings(self) -> list[str]:
        # Translators: column headers of the cohort gradebook (CSV and XLSX)
        return [_("Username"), _("Full name")]

    def person(self, trainee: User) -> list[object]:
        return [trainee.username, trainee.full_name]


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def _quiz_cells(module, results: dict) -> list[object]:
    result = results.get(module.slug)
    if result is None:
        return [None, _("not attempted"), 0]
    outcome = _("passed") if result.passed else _("failed")
    return [round(result.best_percent, 1), outcome, result.attempts]


def _modules_view(programme: Programme, trainees: list[User], records: Records) -> View:
    headings: list[str] = []
    reader = language()
    for module in programme.modules:
        name = module.titles.get(reader)  # as the trainer reads it on the programme's pages
        headings.append(_("%(module)s: lessons read %%", module=name))
        if module.quiz is not None:
            headings += [
                _("%(module)s: best quiz result %%", module=name),
                _("%(module)s: quiz", module=name),
                _("%(module)s: attempts used", module=name),
            ]
    headings.append(_("All lessons read %"))
    rows = []
    for trainee in trainees:
        progress, results = records.progress[trainee.id], records.quizzes.get(trainee.id, {})
        row: list[object] = []
        for module in programme.modules:
            row.append(progress.module(module.slug).percent)
            if module.quiz is not None:
                row += _quiz_cells(module, results)
        rows.append([*row, progress.percent])
    return View(_("Modules"), headings, rows)


def _practice_view(programme: Programme, trainees: list[User], records: Records) -> View:
    shown = [c for c in categories().categories if c.kind != "travel"]  # travel never counts
    reader = language()
    headings = [_("%(category)s: hours", category=c.titles.get(reader)) for c in shown]
    headings += [
        _("Counted hours"),
        _("Required hours"),
        _("Direct practice %"),
        _("Required direct practice %"),
        _("Supervision hours"),
        _("Required supervision hours"),
        _("Practice requirements met"),
    ]
    by_category = category_minutes(programme.code, [t.id for t in trainees])
    rows = []
    for trainee in trainees:
        summary, minutes = records.practice[trainee.id], by_category.get(trainee.id, {})
        rows.append(
            [_hours(minutes.get(c.code, 0)) for c in shown]
            + [
                round(summary.counted_hours, 2),
                summary.requirement("total_hours").need,
                round(summary.direct_share * 100, 1),
                round(summary.requirement("direct_share").need * 100, 1),
                round(summary.supervision_hours, 2),
                summary.requirement("supervision_hours").need,
                _("yes") if summary.met else _("no"),
            ]
        )
    return View(_("Practice"), headings, rows)


def _latest_certificates(programme: Programme, user_ids: list[int]) -> dict[int, Certificate]:
    found = db.session.scalars(
        select(Certificate)
        .where(Certificate.user_id.in_(user_ids), Certificate.programme == programme.code)
        .order_by(Certificate.issued_at, Certificate.id)
    )
    return {certificate.user_id: certificate for certificate in found}  # the latest wins


def _certificate_cells(certificate: Certificate | None, eligible: bool) -> list[object]:
    if certificate is None:
        return [_("eligible, not issued") if eligible else _("not yet eligible"), None]
    words = {"valid": _("issued"), "revoked": _("revoked"), "superseded": _("superseded")}
    word = words.get(certificate.status, certificate.status)
    if certificate.status == "valid" and certificate.expires_on is not None:
        word = _("expired") if certificate.is_expired(local_today()) else word
    return [word, certificate.serial]


def _competencies_view(programme: Programme, trainees: list[User], records: Records) -> View:
    words = {"not_yet": _("not yet"), "developing": _("developing"), "proficient": _("proficient")}
    codes = list(programme.competency_codes)
    headings = [*codes, _("Certificate"), _("Certificate number")]
    certificates = _latest_certificates(programme, [t.id for t in trainees])
    rows = []
    for trainee in trainees:
        status = records.statuses.get(trainee.id, {})
        eligible = eligibility_from(trainee.id, programme, records).eligible
        rows.append(
            [words.get(status.get(code, "not_yet"), "") for code in codes]
            + _certificate_cells(certificates.get(trainee.id), eligible)
        )
    return View(_("Competencies"), headings, rows)


def cohort_gradebook(cohort: Cohort) -> Gradebook:
    """The cohort's gradebook; GradebookError when its programme is not in the content."""
    programme = catalogue().programme(cohort.programme)
    if programme is None:
        raise GradebookError(
            _("The cohort's programme %(code)s is unknown.", code=cohort.programme)
        )
    trainees = load_trainees_with_regions(cohort)
    records = load_records(programme, [t.id for t in trainees], complete=True)
    views = [
        builder(programme, trainees, records)
        for builder in (_modules_view, _practice_view, _competencies_view)
    ]
    return Gradebook(cohort, programme, trainees, views)
