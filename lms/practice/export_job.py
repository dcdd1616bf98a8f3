"""The national practice export (every shared entry matching the report's filter, as CSV) made
by a background job with a progress bar, for the admin who asked; the file is theirs alone and
is deleted after ``JOB_DOWNLOAD_HOURS`` (``lms.jobs.control.drop_expired_downloads``).

The entries are read in batches of ``EXPORT_BATCH`` ids, each batch one step of the job: the
progress moves as the file grows. Run again (a retry, a killed worker), it writes the whole
file again from the database: nothing is kept between runs, so nothing is doubled.
"""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import lazy_gettext as _l

from lms.accounts.models import User
from lms.core.extensions import db
from lms.core.spreadsheets import csv_text
from lms.jobs.kinds import RunningJob, job_kind
from lms.practice.models import PracticeEntry
from lms.practice.reports import (
    EXPORT_BATCH,
    EXPORT_COLUMNS,
    ReportFilter,
    export_query,
    export_row,
)

KIND = "practice.export"
FILE_NAME = "practice-entries.csv"


def job_args(report: ReportFilter) -> dict:
    """The filter as the job's (JSON) arguments."""
    return {
        "cohort_id": report.cohort_id,
        "start": report.start.isoformat() if report.start else None,
        "end": report.end.isoformat() if report.end else None,
    }


def _filter(cohort_id: int | None, start: str | None, end: str | None) -> ReportFilter:
    return ReportFilter(
        cohort_id=cohort_id,
        start=date.fromisoformat(start) if start else None,
        end=date.fromisoformat(end) if end else None,
    )


def describe(result: dict) -> str:
    entries = result.get("entries", 0)
    return ngettext(
        "%(num)d practice entry exported.", "%(num)d practice entries exported.", entries
    )


def _language_of(user_id: int | None) -> str:
    user = db.session.get(User, user_id) if user_id else None
    languages = current_app.config["LANGUAGES"]
    if user is not None and user.language in languages:
        return user.language
    return current_app.config["CLI_LANGUAGE"]


@job_kind(KIND, title=_l("Exporting practice entries"), describe=describe)
def export_practice_entries(
    job: RunningJob,
    cohort_id: int | None,
    start: str | None,
    end: str | None,
    requested_by: int | None,
) -> None:
    report = _filter(cohort_id, start, end)
    query = export_query(report)
    only_ids = query.with_only_columns(PracticeEntry.id, maintain_column_froms=True)
    ids = list(db.session.scalars(only_ids))
    job.set_total(len(ids))
    rows: list[tuple] = []
    for first in range(0, len(ids), EXPORT_BATCH):
        batch = ids[first : first + EXPORT_BATCH]
        with job.step(len(batch)):
            found = db.session.execute(query.where(PracticeEntry.id.in_(batch)))
            rows.extend(export_row(tuple(row)) for row in found)
    # Column headings in the language of the admin who asked, as the page's download had them.
    with force_locale(_language_of(requested_by)):
        text = csv_text([str(column) for column in EXPORT_COLUMNS], rows)
    job.set_result(entries=len(rows), download_name=FILE_NAME, download=text.encode("utf-8"))
