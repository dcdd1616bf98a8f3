"""``cert_batch_ratio``: issuing 45 certificates through the platform, over rendering the same
45 PDFs with WeasyPrint alone.

Platform: the 45 eligible trainees kept aside in the data set (``Dataset.batch_user_ids``) go
through ``issuing.issue_certificates`` (one eligibility check for all of them, then for each a
serial, code, signature, the row and its audit event), then ``pdf.render_certificate_pdf`` for
each certificate, then one commit, as an admin issuing a cohort's certificates (the cohort
page's button) and handing out the PDFs. The HTML and the signed
attachment each PDF was made from are recorded on the way (a pass-through wrapper around
WeasyPrint's ``HTML`` and ``Attachment``).

WeasyPrint alone: the same 45 HTML documents with the same attachments, ``HTML(string=...)
.write_pdf(...)``, no database and no signing, sharing one ``FontConfiguration`` as the platform
does (without it every document loads the fonts again and WeasyPrint alone would look slow).

Both sides render one certificate first, untimed, so neither pays for loading fonts and
templates. The ratio is platform time over the WeasyPrint time (the mean of two passes on full
runs).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import select
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from bench.dataset import Dataset, app_config
from lms import create_app
from lms.accounts.models import User
from lms.accounts.names import username_key
from lms.certificates import pdf
from lms.certificates.issuing import IssueOutcome, issue_certificates
from lms.certificates.models import Certificate
from lms.core import pdf as core_pdf
from lms.core.extensions import db
from lms.courses.content import catalogue

PROGRAMME = "foundational"


@dataclass(frozen=True)
class CertBatch:
    count: int
    platform_s: float
    weasyprint_s: float

    @property
    def ratio(self) -> float:
        return self.platform_s / self.weasyprint_s


class Recorder:
    """Records what ``render_certificate_pdf`` hands to WeasyPrint, and passes it on."""

    def __init__(self):
        self.documents: list[tuple[str, str]] = []  # (HTML, attachment)
        self.html = None

    def HTML(self, *args, string: str, **kwargs):  # noqa: N802 - stands in for weasyprint.HTML
        self.html = string
        return HTML(*args, string=string, **kwargs)

    def Attachment(self, *args, string: str, **kwargs):  # noqa: N802 - as weasyprint.Attachment
        self.documents.append((self.html, string))
        return Attachment(*args, string=string, **kwargs)


def _platform(data: Dataset) -> tuple[float, list[tuple[str, str]]]:
    programme = catalogue().programme(PROGRAMME)
    admin_id = db.session.scalar(
        select(User.id).where(User.username_key == username_key(data.logins["admin"]))
    )
    warm = db.session.scalar(
        select(Certificate).where(Certificate.verification_code == data.certificate_code)
    )
    pdf.render_certificate_pdf(warm)  # fonts and templates loaded, untimed
    db.session.rollback()
    recorder = Recorder()
    # The HTML goes to WeasyPrint in lms.core.pdf, the signed facts are attached here.
    core_pdf.HTML, pdf.Attachment = recorder.HTML, recorder.Attachment
    try:
        started = time.perf_counter()
        people = db.session.scalars(select(User).where(User.id.in_(data.batch_user_ids))).all()
        outcomes = issue_certificates(people, programme, actor_id=admin_id)
        for person, outcome in zip(people, outcomes, strict=True):
            if not isinstance(outcome, IssueOutcome):
                raise RuntimeError(f"bench: {person.username} is not eligible: {outcome}")
            if not outcome.created:
                raise RuntimeError(f"bench: {person.username} already held a certificate")
            pdf.render_certificate_pdf(outcome.certificate)
        db.session.commit()
        return time.perf_counter() - started, recorder.documents
    finally:
        core_pdf.HTML, pdf.Attachment = HTML, Attachment


def _render(documents: list[tuple[str, str]], fonts: FontConfiguration) -> None:
    for html, signed in documents:
        attachment = Attachment(string=signed, name=pdf.ATTACHMENT_NAME)
        fonts_css = CSS(filename=str(core_pdf.FONTS_CSS), font_config=fonts)
        HTML(string=html, base_url=str(pdf.PACKAGE_DIR) + "/").write_pdf(
            stylesheets=[fonts_css], attachments=[attachment], font_config=fonts
        )


def weasyprint_alone(documents: list[tuple[str, str]]) -> float:
    fonts = FontConfiguration()
    _render(documents[:1], fonts)  # fonts loaded, untimed
    started = time.perf_counter()
    _render(documents, fonts)
    return time.perf_counter() - started


def cert_batch(data: Dataset, passes: int = 2) -> CertBatch:
    app = create_app(app_config(data.url))
    with app.app_context():
        try:
            platform_s, documents = _platform(data)
        finally:
            db.session.remove()
            db.engine.dispose()
    alone = [weasyprint_alone(documents) for _ in range(passes)]
    return CertBatch(len(documents), platform_s, sum(alone) / len(alone))
