"""PDF reports (coverage matrix, gap report), made by the one PDF pipeline (``lms.core.pdf``):
only packaged files and the packaged fonts are fetched, so text from the database in a report
cannot make the renderer read anything else.
"""

from __future__ import annotations

from pathlib import Path

from lms.core.pdf import render_pdf

PACKAGE_DIR = Path(__file__).resolve().parent
STYLESHEET = PACKAGE_DIR / "templates" / "competencies" / "pdf" / "report.css"


def stylesheet_url() -> str:
    """For the report templates' ``<link rel="stylesheet">`` (A4 landscape)."""
    return STYLESHEET.as_uri()


def render_report_pdf(html: str) -> bytes:
    """A PDF of a report's HTML."""
    return render_pdf(html, base=PACKAGE_DIR)
