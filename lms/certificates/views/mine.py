"""A trainee's certificates: what is held, what is still missing, and the PDF."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.accounts.cohorts import can_see_trainee
from lms.certificates.eligibility import check_eligibility
from lms.certificates.issuing import valid_certificate
from lms.certificates.models import Certificate
from lms.certificates.pdf import render_certificate_pdf
from lms.certificates.views.blueprint import bp
from lms.core.downloads import download
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.courses.enrolment import enrolled_codes
from lms.i18n.language import language as current_language


@bp.get("/mine")
@login_required
def mine():
    held = db.session.scalars(
        select(Certificate)
        .where(Certificate.user_id == current_user.id)
        .order_by(Certificate.issued_at.desc())
    ).all()
    pending = []
    for code in sorted(enrolled_codes(current_user)):
        programme = catalogue().programme(code)
        if programme is not None and valid_certificate(current_user.id, code) is None:
            pending.append((programme, check_eligibility(current_user, programme)))
    return render_template(
        "certificates/mine.html", held=held, pending=pending, language=current_language()
    )


@bp.get("/<int:certificate_id>.pdf")
@login_required
def pdf(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not can_see_trainee(current_user, certificate.user_id):
        abort(404)
    language = request.args.get("language", current_language())
    body = render_certificate_pdf(certificate, language)
    return download(body, f"{certificate.serial}.pdf", "application/pdf")
