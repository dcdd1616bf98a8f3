"""The QR code on a certificate leads a phone to the public verification page."""

import pytest
import segno
from sqlalchemy import select

from lms.certificates.models import Certificate
from lms.certificates.pdf import qr_svg, render_certificate_pdf, verification_url
from lms.core.extensions import db

pytestmark = pytest.mark.browser


def test_the_qr_link_opens_the_public_verification_page(live_server, phone):
    app = live_server.app
    with app.test_request_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.status == "valid"))
        link = verification_url(certificate)
        pdf = render_certificate_pdf(certificate)
        # the QR drawn on the certificate encodes exactly this link
        assert str(qr_svg(link)) == segno.make(link, error="m").svg_inline(
            scale=4, border=2, dark="#1d2630"
        )
        holder = certificate.holder_name
    assert pdf.startswith(b"%PDF") and link.startswith(live_server.url)
    phone.goto(link)  # no login: anyone who scans the code may check it
    assert "Valid certificate" in phone.inner_text("h1")
    assert holder in phone.inner_text("main")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
