"""A cohort's gradebook as CSV or XLSX, for whoever may see the cohort's page (its trainers and
admins); anyone else gets 404, as for the page."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from lms.accounts.access import role_required
from lms.accounts.cohorts import cohort_for
from lms.certificates.gradebook import Gradebook, GradebookError, cohort_gradebook
from lms.certificates.gradebook_files import XLSX_MIMETYPE, gradebook_csv, gradebook_xlsx
from lms.certificates.views.blueprint import bp
from lms.core.downloads import download


def _gradebook(cohort_id: int) -> Gradebook:
    cohort = cohort_for(current_user, cohort_id) or abort(404)
    try:
        return cohort_gradebook(cohort)
    except GradebookError as exc:
        abort(404, str(exc))


@bp.get("/cohorts/<int:cohort_id>/gradebook.csv")
@role_required("admin", "trainer")
def gradebook_csv_download(cohort_id: int):
    gradebook = _gradebook(cohort_id)
    body = gradebook_csv(gradebook)
    return download(body, f"gradebook-{gradebook.cohort.code}.csv", "text/csv; charset=utf-8")


@bp.get("/cohorts/<int:cohort_id>/gradebook.xlsx")
@role_required("admin", "trainer")
def gradebook_xlsx_download(cohort_id: int):
    gradebook = _gradebook(cohort_id)
    body = gradebook_xlsx(gradebook)
    return download(body, f"gradebook-{gradebook.cohort.code}.xlsx", XLSX_MIMETYPE)
