"""Coverage matrix and gap report of a degree programme: as pages, CSV and PDF."""

from __future__ import annotations

from flask import Response, render_template

from lms.accounts.access import role_required
from lms.competencies.coverage import coverage_csv, coverage_for, gap_report, gaps_csv
from lms.competencies.pdf import render_report_pdf, stylesheet_url
from lms.competencies.views.blueprint import bp
from lms.competencies.views.programmes import PROGRAMME, programme_or_404
from lms.competencies.views.universities import UNIVERSITY_ROLES
from lms.core.database import utcnow
from lms.core.downloads import download
from lms.i18n.language import language as current_language


def _context(university_id: int, programme_id: int) -> dict:
    programme = programme_or_404(university_id, programme_id)
    coverage = coverage_for(programme)
    return {
        "programme": programme,
        "coverage": coverage,
        "gaps": gap_report(coverage),
        "language": current_language(),
        "generated_at": utcnow(),
    }


def _download(context: dict, kind: str, extension: str, body: str | bytes) -> Response:
    programme = context["programme"]
    name = f"{programme.university.short_code}-{programme.id}-{kind}.{extension}"
    mimetype = "application/pdf" if extension == "pdf" else "text/csv; charset=utf-8"
    return download(body, name, mimetype)


def _pdf(kind: str, university_id: int, programme_id: int) -> Response:
    """The report's own PDF template (A4 landscape), rendered after the data is read."""
    context = _context(university_id, programme_id)
    html = render_template(f"competencies/pdf/{kind}.html", css=stylesheet_url(), **context)
    return _download(context, kind, "pdf", render_report_pdf(html))


@bp.get(PROGRAMME + "/coverage")
@role_required(*UNIVERSITY_ROLES)
def coverage(university_id: int, programme_id: int):
    return render_template("competencies/coverage.html", **_context(university_id, programme_id))


@bp.get(PROGRAMME + "/coverage.csv")
@role_required(*UNIVERSITY_ROLES)
def coverage_csv_download(university_id: int, programme_id: int):
    context = _context(university_id, programme_id)
    return _download(context, "coverage", "csv", coverage_csv(context["coverage"]))


@bp.get(PROGRAMME + "/coverage.pdf")
@role_required(*UNIVERSITY_ROLES)
def coverage_pdf(university_id: int, programme_id: int):
    return _pdf("coverage", university_id, programme_id)


@bp.get(PROGRAMME + "/gaps")
@role_required(*UNIVERSITY_ROLES)
def gaps(university_id: int, programme_id: int):
    return render_template("competencies/gaps.html", **_context(university_id, programme_id))


@bp.get(PROGRAMME + "/gaps.csv")
@role_required(*UNIVERSITY_ROLES)
def gaps_csv_download(university_id: int, programme_id: int):
    context = _context(university_id, programme_id)
    return _download(context, "gaps", "csv", gaps_csv(context["gaps"]))


@bp.get(PROGRAMME + "/gaps.pdf")
@role_required(*UNIVERSITY_ROLES)
def gaps_pdf(university_id: int, programme_id: int):
    return _pdf("gaps", university_id, programme_id)
