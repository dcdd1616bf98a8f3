"""What is signed: RFC 8785 bytes (the rfc8785 package) for new certificates and proofs, while
certificates signed over the legacy form (facts version 1) keep verifying."""

import json
from datetime import date

import pytest
import rfc8785
from certificate_helpers import qualify

from lms.certificates.canonical import (
    FACTS_VERSION,
    canonical_json,
    legacy_canonical_json,
    signed_bytes,
)
from lms.certificates.issuing import issue_certificate
from lms.certificates.models import Certificate
from lms.certificates.openbadges import _hash_data, signed_credential, verify_credential
from lms.certificates.pdf import render_certificate_pdf
from lms.certificates.signing import b64, base58btc, issuer_key, published_keys, unb64
from lms.certificates.status_publish import next_status_index
from lms.certificates.verification import verify_pdf
from lms.core.extensions import db
from lms.courses.content import catalogue

NAMES = {"tk": "Ýazgül Öwezowa", "ru": "Аннаев Мурад"}
# Numbers where the two forms part: 1.0 (legacy "1.0", RFC 8785 "1"), 1e21, -0.0, 0.1.
NUMBERS = {"one": 1.0, "big": 1e21, "tenth": 0.1, "zero": -0.0, "hours": 240, "€": "x", "𝄞": 1}


def test_canonical_json_is_rfc_8785():
    data = {"holder": NAMES, "numbers": NUMBERS, "version": FACTS_VERSION}
    assert canonical_json(data) == rfc8785.dumps(data)
    assert "Ýazgül".encode() in canonical_json(data)  # UTF-8, not \\u escapes
    assert canonical_json(data) != legacy_canonical_json(data)  # the numbers part them


def test_the_version_in_the_facts_chooses_the_form():
    legacy = {"version": 1, "holder": {"name": NAMES["ru"]}, "numbers": NUMBERS}
    assert signed_bytes(legacy) == legacy_canonical_json(legacy)
    current = {**legacy, "version": FACTS_VERSION}
    assert signed_bytes(current) == rfc8785.dumps(current)


def test_a_new_certificate_is_signed_over_rfc_8785_bytes(app, factory):
    trainee = factory.user("yazgul", "trainee", full_name="Ýazgül Аннаева")
    with app.app_context():
        qualify(trainee, "foundational")
        certificate = issue_certificate(
            trainee, catalogue().programme("foundational"), actor_id=None
        ).certificate
        facts = json.loads(certificate.facts_json)
        assert facts["version"] == FACTS_VERSION and facts["holder"]["name"] == "Ýazgül Аннаева"
        assert certificate.facts_json.encode() == rfc8785.dumps(facts)
        key = issuer_key()
        assert key.sign(rfc8785.dumps(facts)) == unb64(certificate.signature)  # Ed25519
        with app.test_request_context():
            body = render_certificate_pdf(certificate)
        assert verify_pdf(body, published_keys(), with_database=False).status == "valid"


def _legacy_certificate(app, factory) -> Certificate:
    """A certificate as issued before RFC 8785: version 1 facts, signed over json.dumps."""
    holder = factory.user("annaev", "trainee", full_name=NAMES["ru"])
    key = issuer_key()
    facts = {
        "version": 1,
        "serial": "SW-FND-2025-000001",
        "code": "ABCDEFGHJKMNPQRST",
        "issuer": app.config["ISSUER_NAME"],
        "key": key.did,
        "holder": {"name": NAMES["ru"]},
        "programme": {"code": "foundational", "title": {"en": "Foundational", "tk": "Esaslar"}},
        "issued_on": "2025-06-30",
        "expires_on": None,
        "hours": {"total": 240.0, "direct": 130.5},
        "competencies": [],
        "url": "https://example.org/verify/ABCDEFGHJKMNPQRST",
    }
    signed = legacy_canonical_json(facts)
    assert signed != rfc8785.dumps(facts)  # a certificate only the fallback can verify
    certificate = Certificate(
        serial=facts["serial"],
        verification_code=facts["code"],
        user_id=holder.id,
        programme="foundational",
        holder_name=NAMES["ru"],
        expires_on=None,
        facts_json=signed.decode(),
        signature=b64(key.sign(signed)),
        key_id=key.did,
        status_index=next_status_index(),
    )
    db.session.add(certificate)
    db.session.commit()
    return certificate


def test_a_certificate_signed_the_old_way_still_verifies(app, factory):
    with app.app_context():
        certificate = _legacy_certificate(app, factory)
        with app.test_request_context():
            body = render_certificate_pdf(certificate)
        assert verify_pdf(body, published_keys(), with_database=False).status == "valid"
        assert verify_pdf(body, published_keys()).status == "valid"


@pytest.mark.parametrize("version", [FACTS_VERSION, None])
def test_no_other_version_verifies_a_legacy_signature(app, factory, version):
    with app.app_context():
        certificate = _legacy_certificate(app, factory)
        facts = {**json.loads(certificate.facts_json), "version": version}
        signature = unb64(certificate.signature)
        assert not issuer_key().verify(signature, signed_bytes(facts))


def test_open_badges_proofs_are_rfc_8785_and_old_proofs_still_verify(app, factory):
    trainee = factory.user("yazgul", "trainee", full_name="Ýazgül Аннаева")
    with app.app_context():
        qualify(trainee, "foundational")
        certificate = issue_certificate(
            trainee, catalogue().programme("foundational"), actor_id=None
        ).certificate
        key = issuer_key()
        with app.test_request_context():
            credential = signed_credential(certificate, key)
        assert verify_credential(credential, key)
        # The same credential with a number, proved over the legacy form as before the change.
        document = {k: v for k, v in credential.items() if k != "proof"}
        document["credentialSubject"] = {**document["credentialSubject"], "score": 1.0}
        proof = {k: v for k, v in credential["proof"][0].items() if k != "proofValue"}
        options = {**proof, "@context": document["@context"]}
        old = key.sign(_hash_data(document, options, legacy_canonical_json))
        assert old != key.sign(_hash_data(document, options, canonical_json))
        legacy_credential = {**document, "proof": [{**proof, "proofValue": "z" + base58btc(old)}]}
        assert verify_credential(legacy_credential, key)
        legacy_credential["credentialSubject"]["name"] = "Someone else"
        assert not verify_credential(legacy_credential, key)


def test_dates_in_facts_are_plain_strings():
    assert (
        canonical_json({"issued_on": date(2026, 1, 2).isoformat()}) == b'{"issued_on":"2026-01-02"}'
    )
