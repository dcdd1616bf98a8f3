"""A working form as a printable A4 PDF in one language (blank, to fill in by hand)."""

from __future__ import annotations

from pathlib import Path

from flask import render_template
from flask_babel import force_locale

from lms.core.pdf import render_pdf
from lms.courses.catalogue import WorkingForm

PACKAGE_DIR = Path(__file__).resolve().parent
STYLESHEET = PACKAGE_DIR / "templates" / "courses" / "annex" / "pdf" / "form.css"


def render_form_pdf(form: WorkingForm, language: str) -> bytes:
    """The form in ``language`` (one of tk, ru, en): its labels and the page's own words."""
    with force_locale(language):
        html = render_template("courses/annex/pdf/form.html", form=form, language=language)
    return render_pdf(html, base=PACKAGE_DIR, stylesheets=[STYLESHEET])
