"""The PDF carries the name, the code and the signed facts; verification online and offline."""

import io
import json

import pytest
from certificate_helpers import qualify
from pypdf import PdfReader, PdfWriter

from lms.certificates.issuing import issue_certificate, revoke_certificate
from lms.certificates.keyset import KeySet, PublishedKey
from lms.certificates.pdf import ATTACHMENT_NAME, render_certificate_pdf
from lms.certificates.signing import published_keys
from lms.certificates.verification import verify_pdf
from lms.core.extensions import db
from lms.core.pdf import PackagedFilesOnly
from lms.courses.content import catalogue


@pytest.fixture
def certificate(app, factory):
    trainee = factory.user("aygul", "trainee", full_name="Ýazgül Öwezberdiýewa-Şükürowa")
    with app.app_context():
        qualify(trainee, "foundational")
        issued = issue_certificate(trainee, catalogue().programme("foundational"), actor_id=None)
        db.session.commit()
        return issued.certificate


def _pdf(app, certificate, language="en"):
    with app.test_request_context():
        return render_certificate_pdf(certificate, language)


def test_pdf_carries_the_turkmen_name_and_the_code_with_embedded_fonts(app, certificate):
    body = _pdf(app, certificate)
    reader = PdfReader(io.BytesIO(body))
    text = reader.pages[0].extract_text()
    assert "Ýazgül Öwezberdiýewa-Şükürowa" in text
    assert certificate.code_display in text and "ŞAHADATNAMA" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # embedded, so the letters print everywhere


def test_russian_variant_is_turkmen_and_russian(app, certificate):
    text = PdfReader(io.BytesIO(_pdf(app, certificate, "ru"))).pages[0].extract_text()
    assert "СЕРТИФИКАТ" in text and "ŞAHADATNAMA" in text


def test_a_genuine_pdf_verifies_offline(app, certificate):
    body = _pdf(app, certificate)
    with app.app_context():
        assert verify_pdf(body, published_keys(), with_database=False).status == "valid"
        assert verify_pdf(body, published_keys()).status == "valid"


def _with_attachment(body: bytes, document: dict) -> bytes:
    reader = PdfReader(io.BytesIO(body))
    writer = PdfWriter(clone_from=reader)
    writer._root_object.pop("/Names", None)
    writer.add_attachment(ATTACHMENT_NAME, json.dumps(document).encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_edited_pdf_has_a_bad_facts_signature(app, certificate):
    body = _pdf(app, certificate)
    document = json.loads(PdfReader(io.BytesIO(body)).attachments[ATTACHMENT_NAME][0])
    document["facts"]["holder"]["name"] = "Someone Else"
    with app.app_context():
        edited = _with_attachment(body, document)
        assert verify_pdf(edited, published_keys()).status == "facts signature bad"


def test_a_pdf_signed_by_another_key_has_an_unknown_issuer(app, certificate):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stranger = KeySet.of([PublishedKey(Ed25519PrivateKey.generate().public_key())])
    with app.app_context():
        assert verify_pdf(_pdf(app, certificate), stranger).status == "unknown issuer"


def test_any_other_pdf_is_not_a_certificate(app):
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    with app.app_context():
        assert verify_pdf(out.getvalue(), published_keys()).status == "not a certificate"
        assert verify_pdf(b"not even a pdf", published_keys()).status == "not a pdf"


def test_a_revoked_certificate_pdf_verifies_as_revoked(app, certificate):
    body = _pdf(app, certificate)
    with app.app_context():
        revoke_certificate(db.session.merge(certificate), "Obtained by fraud", actor_id=None)
        db.session.flush()
        assert verify_pdf(body, published_keys()).status == "revoked"


@pytest.mark.parametrize(
    "url",
    ["https://elsewhere.example/logo.png", "file:///etc/passwd", "data:image/png;base64,AAAA"],
)
def test_the_pdf_url_fetcher_refuses_anything_outside_the_package(url):
    with pytest.raises(ValueError):
        PackagedFilesOnly().fetch(url)


def test_cli_verify_exit_codes(app, certificate, tmp_path, runner):
    path = tmp_path / "c.pdf"
    path.write_bytes(_pdf(app, certificate))
    ok = runner.invoke(args=["certificates", "verify", str(path)])
    assert ok.exit_code == 0 and ok.output.startswith("valid: Ýazgül")
    by_code = runner.invoke(args=["certificates", "verify", certificate.code_display.lower()])
    assert by_code.exit_code == 0
    unknown = runner.invoke(args=["certificates", "verify", "0000-0000-0000-0000-0"])
    assert unknown.exit_code == 1
