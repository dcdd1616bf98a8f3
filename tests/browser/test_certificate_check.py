"""The browser checks a certificate itself: a PDF chosen on /verify/ (never uploaded), and the
QR code's signed details, with the network switched off."""

import pytest
from browser.waiting import wait_until
from sqlalchemy import select

from lms.accounts.models import User
from lms.certificates.models import Certificate
from lms.certificates.pdf import qr_url, render_certificate_pdf
from lms.certificates.transcript import render_transcript_pdf
from lms.core.extensions import db

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sealed(live_server):
    """A demo certificate's PDF as its holder downloads it, and its QR link."""
    with live_server.app.test_request_context():
        certificate = db.session.scalar(
            select(Certificate).where(Certificate.status == "valid").order_by(Certificate.id)
        )
        return {
            "pdf": render_certificate_pdf(certificate),
            "link": qr_url(certificate),
            "holder": certificate.holder_name,
        }


@pytest.fixture(params=["phone", "desktop"])
def page(request):
    return request.getfixturevalue(request.param)


def _flipped(pdf: bytes) -> bytes:
    changed = bytearray(pdf)
    changed[len(pdf) // 2] ^= 0x01
    return bytes(changed)


@pytest.mark.parametrize(
    ("variant", "said"),
    [
        (lambda pdf: pdf, "Valid: the file is exactly as the issuer signed it."),
        (_flipped, "Tampered: the file was changed after it was signed."),
        (lambda pdf: pdf + b"1 0 obj\n<<>>\nendobj\n", "Modified after signing"),
    ],
    ids=["clean", "flipped byte", "appended update"],
)
def test_a_chosen_pdf_is_checked_in_the_browser(live_server, page, sealed, variant, said):
    uploads = []
    page.on("request", lambda r: uploads.append(r) if r.method == "POST" else None)
    page.goto(f"{live_server.url}/verify/")
    page.set_input_files(
        "#pdf-file",
        files=[{"name": "c.pdf", "mimeType": "application/pdf", "buffer": variant(sealed["pdf"])}],
    )
    verdict = page.locator("#pdf-result .verdict")
    verdict.filter(has_text=said).wait_for(timeout=15_000)
    facts = page.inner_text("#pdf-result dl")
    if said.startswith("Tampered"):
        assert facts == ""  # nothing of a broken file is shown as signed
    else:
        assert sealed["holder"] in facts and "Supervised practice" in facts
    assert not uploads  # checked here, never sent
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture(scope="module")
def transcript(live_server):
    """A demo certificate holder's transcript PDF, and its holder."""
    with live_server.app.test_request_context():
        certificate = db.session.scalar(
            select(Certificate).where(Certificate.status == "valid").order_by(Certificate.id)
        )
        holder = db.session.get(User, certificate.user_id)
        return {"pdf": render_transcript_pdf(holder, "tk-en"), "holder": holder.full_name}


def test_a_chosen_transcript_shows_what_it_states(live_server, page, transcript):
    page.goto(f"{live_server.url}/verify/")
    page.set_input_files(
        "#pdf-file",
        files=[{"name": "t.pdf", "mimeType": "application/pdf", "buffer": transcript["pdf"]}],
    )
    page.locator("#pdf-result .verdict").filter(has_text="Valid").wait_for(timeout=15_000)
    facts = page.inner_text("#pdf-result dl")
    assert transcript["holder"] in facts
    # per programme: lessons, quizzes, approved hours, competencies; then the certificates held
    for said in ("lessons read", "quizzes passed", "hours of practice approved", "proficient"):
        assert said in facts
    assert "Certificates" in facts
    assert "Supervised practice" not in facts  # a certificate's layout, which a transcript lacks
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_qr_details_verify_offline_and_an_altered_link_is_caught(live_server, page, sealed):
    page.goto(f"{live_server.url}/verify/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    wait_until(page, "!!navigator.serviceWorker.controller")
    page.context.set_offline(True)
    try:
        page.goto(sealed["link"])
        box = page.locator("#qr-claim")
        box.locator(".verdict").filter(has_text="genuine").wait_for(timeout=15_000)
        assert sealed["holder"] in box.inner_text()
        assert "You are offline" in box.inner_text()
        base, fragment = sealed["link"].split("#")
        at = len(fragment) // 3
        altered = fragment[:at] + ("A" if fragment[at] != "A" else "B") + fragment[at + 1 :]
        page.goto(f"{base}#{altered}")
        box.locator(".verdict").filter(has_text="Altered").wait_for(timeout=15_000)
        assert sealed["holder"] not in box.inner_text()
    finally:
        page.context.set_offline(False)
    page.goto("about:blank")  # (a new fragment alone would not load the page again)
    page.goto(sealed["link"])  # online: the page with the current status, and the claim
    assert "Valid certificate" in page.inner_text("h1")
    page.locator("#qr-claim .verdict").filter(has_text="genuine").wait_for(timeout=15_000)
    assert "You are offline" not in page.inner_text("#qr-claim")
