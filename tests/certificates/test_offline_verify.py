"""A sealed certificate PDF checked with only the issuer's public keys: every change to the file
says so, rotation keeps old certificates valid, a compromised key is reported."""

import gzip
import io
import json
import shutil
import zlib
from datetime import date, timedelta

import pytest
from certificate_helpers import qualify
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from lms.certificates.canonical import canonical_json
from lms.certificates.issuing import issue_certificate
from lms.certificates.keyset import KeySet, PublishedKey, b64
from lms.certificates.offline_verify import (
    MAX_PDF_BYTES,
    make_claim,
    seal_pdf,
    verify_claim,
    verify_pdf_file,
    visible_text,
)
from lms.certificates.pdf import qr_claim, render_certificate_pdf
from lms.certificates.signing import issuer_key, mark_compromised, published_keys, rotate_key
from lms.certificates.status_list import decode_list
from lms.core.database import local_today
from lms.core.extensions import db
from lms.core.pdf import render_pdf
from lms.courses.content import catalogue

NAME = "Ýazgül Öwezberdiýewa-Şükürowa"


@pytest.fixture
def certificate(app, factory):
    trainee = factory.user("aygul", "trainee", full_name=NAME)
    with app.app_context():
        qualify(trainee, "foundational")
        issued = issue_certificate(trainee, catalogue().programme("foundational"), actor_id=None)
        db.session.commit()
        return issued.certificate


@pytest.fixture
def keys_in(app, tmp_path):
    """The app signs with a copy of the test key and keeps retired keys in tmp_path, so that a
    rotation here changes no other test's key."""
    saved = {name: app.config[name] for name in ("SIGNING_KEY_FILE", "RETIRED_KEYS_FILE")}
    shutil.copy(saved["SIGNING_KEY_FILE"], tmp_path / "key.pem")
    app.config["SIGNING_KEY_FILE"] = tmp_path / "key.pem"
    app.config["RETIRED_KEYS_FILE"] = tmp_path / "retired.json"
    app.extensions.pop("lms.issuer_key", None)
    yield tmp_path
    app.config.update(saved)
    app.extensions.pop("lms.issuer_key", None)


def _pdf(app, certificate):
    with app.test_request_context():
        return render_certificate_pdf(db.session.merge(certificate))


def _keys(app) -> KeySet:
    with app.app_context():
        return published_keys()


def _verify(app, pdf, **options):
    return verify_pdf_file(pdf, _keys(app), **options)


def _overlay(text: str) -> bytes:
    """A page with ``text`` on it, the size of a certificate (A4 landscape)."""
    return render_pdf(f"<style>@page {{ size: A4 landscape }}</style><h1>{text}</h1>")


def _incremental_overlay(pdf: bytes, text: str) -> bytes:
    """What a forger does: an incremental update that draws another name over the page."""
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.pages[0].merge_page(PdfReader(io.BytesIO(_overlay(text))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_clean_certificate_is_valid_and_shows_the_signed_name_once(app, certificate):
    pdf = _pdf(app, certificate)
    verdict = _verify(app, pdf)
    assert verdict.status == "valid" and verdict.ok
    assert verdict.facts["holder"]["name"] == NAME
    assert verdict.facts["hours"] and verdict.facts["competencies"]
    with app.app_context():
        assert verdict.kid == issuer_key().verification_method
    assert visible_text(pdf).count(NAME) == 1
    # PDF readers ignore the seal: pypdf reads the pages and the attachment as before.
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1 and "certificate.json" in reader.attachments


def test_an_overlaid_name_in_an_incremental_update_is_modified_after_signing(app, certificate):
    forged = _incremental_overlay(_pdf(app, certificate), "Someone Else")
    verdict = _verify(app, forged)
    assert verdict.status == "modified after signing" and not verdict.ok
    assert verdict.facts["holder"]["name"] == NAME  # what was signed, to compare with the page
    shown = visible_text(forged)
    assert "Someone Else" in shown and shown.count(NAME) == 1  # a second visible name


def test_any_appended_bytes_are_modified_after_signing(app, certificate):
    pdf = _pdf(app, certificate)
    assert _verify(app, pdf + b"%%EOF\n1 0 obj\n<<>>\nendobj\n").status == "modified after signing"
    assert _verify(app, pdf + b"\n\n").status == "valid"  # blank lines change nothing shown


def _places(pdf: bytes) -> dict[str, int]:
    facts = pdf.rindex(b"\n%lms-facts ")
    seal = pdf.rindex(b"\n%lms-signature ")
    return {
        "start": 12,
        "page content": len(pdf) // 3,
        "attachment or trailer": facts - 40,
        "signed facts": facts + 40,
        "seal date": seal + len(b"\n%lms-signature 1 ") + len(pdf[seal:].split(b" ")[2]) + 3,
        "signature": len(pdf) - 30,
        "last signature character": len(pdf) - 2,
    }


@pytest.mark.parametrize(
    "place",
    [
        "start",
        "page content",
        "attachment or trailer",
        "signed facts",
        "seal date",
        "signature",
        "last signature character",
    ],
)
def test_a_flipped_byte_anywhere_is_tampered(app, certificate, place):
    pdf = bytearray(_pdf(app, certificate))
    pdf[_places(bytes(pdf))[place]] ^= 0x01
    assert _verify(app, bytes(pdf)).status == "tampered"


def test_a_changed_key_id_is_an_unknown_issuer(app, certificate):
    pdf = _pdf(app, certificate)
    at = pdf.rindex(b"\n%lms-signature ") + len(b"\n%lms-signature 1 did:key:z6Mk") + 5
    changed = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    assert _verify(app, changed).status == "unknown issuer"


def test_a_rewritten_file_with_another_name_is_not_sealed(app, certificate):
    """A forger who rewrites the whole file (no incremental update) loses the seal."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(app, certificate))))
    writer.pages[0].merge_page(PdfReader(io.BytesIO(_overlay("Someone Else"))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    verdict = _verify(app, out.getvalue())
    assert verdict.status == "not sealed" and not verdict.ok
    assert "Someone Else" in visible_text(out.getvalue())


def test_a_seal_cut_off_is_not_sealed(app, certificate):
    pdf = _pdf(app, certificate)
    cut = pdf[: pdf.rindex(b"\n%lms-facts ") + 1]
    assert _verify(app, cut).status == "not sealed"


def test_a_key_the_site_never_published_is_an_unknown_issuer(app, certificate):
    stranger = KeySet.of([PublishedKey(Ed25519PrivateKey.generate().public_key())])
    assert verify_pdf_file(_pdf(app, certificate), stranger).status == "unknown issuer"


def test_rotation_keeps_old_certificates_valid(app, certificate, keys_in):
    before = _pdf(app, certificate)
    with app.app_context():
        old, new = rotate_key(keys_in / "key.pem", keys_in / "retired.json", local_today())
        app.extensions.pop("lms.issuer_key", None)
        assert issuer_key().verification_method == new.verification_method
    keys = _keys(app)
    assert [k.status for k in keys.keys] == ["current", "retired"]
    assert keys.find(old.verification_method).retired_on == local_today()
    assert verify_pdf_file(before, keys).status == "valid"  # signed by the retired key
    after = _pdf(app, certificate)  # sealed by the new key, facts signed by the old one
    verdict = verify_pdf_file(after, keys)
    assert verdict.status == "valid" and verdict.kid == new.verification_method
    only_new = KeySet.of([keys.find(new.verification_method)])
    assert verify_pdf_file(before, only_new).status == "unknown issuer"


def test_a_certificate_signed_on_or_after_the_compromise_date_is_reported(
    app, certificate, keys_in
):
    pdf = _pdf(app, certificate)
    issued = date.fromisoformat(certificate.facts["issued_on"])
    with app.app_context():
        old, _new = rotate_key(keys_in / "key.pem", keys_in / "retired.json", local_today())
        app.extensions.pop("lms.issuer_key", None)
        mark_compromised(keys_in / "retired.json", old.verification_method, issued + timedelta(1))
    assert _verify(app, pdf).status == "valid"  # signed the day before the compromise
    with app.app_context():
        mark_compromised(keys_in / "retired.json", old.verification_method, issued)
    assert _verify(app, pdf).status == "compromised key"
    jwk = next(k for k in _keys(app).jwks()["keys"] if k["kid"] == old.verification_method)
    assert jwk["status"] == "retired" and jwk["compromised_from"] == issued.isoformat()


def test_the_issuer_page_lists_earlier_keys_and_their_compromise(app, client, keys_in):
    assert "Earlier keys" not in client.get("/verify/issuer").get_data(as_text=True)
    with app.app_context():
        old, new = rotate_key(keys_in / "key.pem", keys_in / "retired.json", local_today())
        app.extensions.pop("lms.issuer_key", None)
        mark_compromised(keys_in / "retired.json", old.verification_method, date(2026, 3, 1))
    html = client.get("/verify/issuer").get_data(as_text=True)
    assert new.did in html  # the current key, as before
    earlier = html.split("Earlier keys", 1)[1]
    assert old.verification_method in earlier and "compromised from" in earlier
    assert new.verification_method not in earlier


# Hostile files ---------------------------------------------------------------------------


def test_not_a_pdf_truncated_and_too_large(app, certificate):
    pdf = _pdf(app, certificate)
    keys = _keys(app)
    assert verify_pdf_file(b"PK\x03\x04 a zip file", keys).status == "not a pdf"
    assert verify_pdf_file(pdf[: len(pdf) // 2], keys).status == "truncated"
    assert verify_pdf_file(pdf[:-20], keys).status == "truncated"  # the seal line cut short
    huge = b"%PDF-1.7\n" + b"0" * MAX_PDF_BYTES
    assert verify_pdf_file(huge, keys).status == "too large"


def test_an_encrypted_pdf_says_so(app, certificate):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf(app, certificate))))
    writer.encrypt("secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    assert _verify(app, out.getvalue()).status == "encrypted"


def test_a_zip_bomb_is_refused_without_inflating_it(app):
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_attachment("certificate.json", b"{}")
    bomb = DecodedStreamObject()
    bomb.set_data(zlib.compress(b"\0" * 200_000_000, 9))
    bomb[NameObject("/Filter")] = NameObject("/FlateDecode")
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[1].get_object()
    spec["/EF"][NameObject("/F")] = writer._add_object(bomb)
    out = io.BytesIO()
    writer.write(out)
    assert len(out.getvalue()) < 1_000_000
    assert _verify(app, out.getvalue()).status == "too large"


def _sealed_document(**facts):
    """A blank PDF sealed with signed facts by a new key: any document the issuer seals
    (transcripts too) verifies the same way."""
    private = Ed25519PrivateKey.generate()
    key = PublishedKey(private.public_key())
    facts = {"version": 2, "code": "X", "key": key.did, "issued_on": "2026-01-05", **facts}
    signature = b64(private.sign(canonical_json(facts)))
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    document = {"facts": facts, "signature": signature, "key": key.did}
    sealed = seal_pdf(out.getvalue(), document, private.sign, key.kid, date(2026, 1, 5))
    return sealed, KeySet.of([key])


def _status_list(bits: bytes):
    encoded = "u" + b64(gzip.compress(bytes(bits)))
    return decode_list({"credentialSubject": {"encodedList": encoded}})


def test_an_expired_document_says_so():
    sealed, keys = _sealed_document(expires_on="2027-01-05")
    assert verify_pdf_file(sealed, keys, today=date(2027, 1, 5)).status == "valid"
    assert verify_pdf_file(sealed, keys, today=date(2027, 1, 6)).status == "expired"


def test_a_status_list_marks_a_sealed_document_revoked():
    entry = {"statusListIndex": "9", "statusPurpose": "revocation"}
    sealed, keys = _sealed_document(expires_on=None, credentialStatus=entry)
    bits = bytearray(16384)
    clear = verify_pdf_file(sealed, keys, _status_list(bits))
    assert clear.status == "valid" and clear.revocation_checked
    bits[1] = 0x40  # index 9
    assert verify_pdf_file(sealed, keys, _status_list(bits)).status == "revoked"
    assert not verify_pdf_file(sealed, keys).revocation_checked  # no list: not checked


def test_a_status_list_that_inflates_too_far_is_refused():
    with pytest.raises(ValueError, match="inflates"):
        _status_list(bytes(3_000_000))


# The QR claim -----------------------------------------------------------------------------


def test_the_qr_claim_verifies_and_one_altered_character_is_caught(app, certificate):
    with app.test_request_context():
        fragment = qr_claim(db.session.merge(certificate))
    keys = _keys(app)
    verdict = verify_claim(fragment, keys)
    assert verdict.status == "valid"
    assert verdict.claim["n"] == NAME and verdict.claim["c"] == certificate.verification_code
    for at in (3, len(fragment) // 2, len(fragment) - 3):
        changed = fragment[:at] + ("A" if fragment[at] != "A" else "B") + fragment[at + 1 :]
        assert verify_claim(changed, keys).status in ("altered", "unknown issuer")
    private = Ed25519PrivateKey.generate()
    stranger = make_claim({"k": PublishedKey(private.public_key()).kid}, private.sign)
    assert verify_claim(stranger, keys).status == "unknown issuer"
    assert verify_claim("not a claim", keys).status == "altered"


def test_the_published_keys_and_did_document(app, client):
    jwks = client.get("/.well-known/jwks.json")
    assert jwks.status_code == 200 and jwks.mimetype == "application/jwk-set+json"
    assert jwks.headers["Access-Control-Allow-Origin"] == "*"
    (jwk,) = jwks.get_json()["keys"]
    with app.app_context():
        key = issuer_key()
    assert jwk["kid"] == key.verification_method and jwk["kty"] == "OKP"
    assert jwk["crv"] == "Ed25519" and jwk["status"] == "current" and "d" not in jwk
    assert KeySet.from_jwks(jwks.get_json()).find(key.did) is not None
    did = client.get("/.well-known/did.json").get_json()
    assert did["id"].startswith("did:web:") and did["alsoKnownAs"] == [key.did]
    method = did["verificationMethod"][0]
    assert method["publicKeyMultibase"] == key.did.removeprefix("did:key:")
    assert did["assertionMethod"] == [method["id"]]
    json.dumps(did)
