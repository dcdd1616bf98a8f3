"""Checking a certificate: by its code (against the database) or as a PDF file (offline).

A PDF is checked with the signed facts it carries: the signature must verify with the issuer's
public key. The local database, when there is one, adds whether it was revoked or replaced.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from sqlalchemy import select

from lms.certificates.canonical import signed_bytes
from lms.certificates.codes import CodeTypo, normalise
from lms.certificates.models import Certificate
from lms.certificates.pdf import ATTACHMENT_NAME
from lms.certificates.signing import IssuerKey, unb64
from lms.core.database import local_today
from lms.core.extensions import db

# Outcomes, in the words the CLI and pages use.
VALID, EXPIRED, REVOKED, SUPERSEDED = "valid", "expired", "revoked", "superseded"
UNKNOWN, TYPO, TAMPERED, UNKNOWN_ISSUER, NOT_A_CERTIFICATE = (
    "unknown",
    "typo",
    "tampered",
    "unknown issuer",
    "not a certificate",
)


@dataclass(frozen=True)
class Verdict:
    status: str
    certificate: Certificate | None = None
    facts: dict | None = None

    @property
    def ok(self) -> bool:
        return self.status == VALID


def status_of(certificate: Certificate) -> str:
    if certificate.status == "revoked":
        return REVOKED
    if certificate.status == "superseded":
        return SUPERSEDED
    return EXPIRED if certificate.is_expired(local_today()) else VALID


def find_by_code(text: str) -> Verdict:
    """What a typed or scanned code refers to."""
    try:
        code = normalise(text)
    except CodeTypo:
        return Verdict(TYPO)
    if code is None:
        return Verdict(UNKNOWN)
    certificate = db.session.scalar(
        select(Certificate).where(Certificate.verification_code == code)
    )
    if certificate is None:
        return Verdict(UNKNOWN)
    return Verdict(status_of(certificate), certificate, certificate.facts)


def read_signed_document(pdf: bytes) -> dict | None:
    """The signed document attached to a certificate PDF, or None when there is none."""
    try:
        attachments = PdfReader(io.BytesIO(pdf)).attachments
    except (PdfReadError, ValueError, KeyError, TypeError):
        return None
    contents = attachments.get(ATTACHMENT_NAME)
    if not contents:
        return None
    try:
        document = json.loads(contents[0])
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(document, dict) or not {"facts", "signature", "key"} <= set(document):
        return None
    return document


def verify_pdf(pdf: bytes, key: IssuerKey, *, with_database: bool = True) -> Verdict:
    """Check a certificate PDF offline: signature first, then (if possible) revocation."""
    document = read_signed_document(pdf)
    if document is None:
        return Verdict(NOT_A_CERTIFICATE)
    facts = document["facts"]
    if document["key"] != key.did or facts.get("key") != key.did:
        return Verdict(UNKNOWN_ISSUER, facts=facts)
    try:
        signature = unb64(str(document["signature"]))
    except ValueError:
        return Verdict(TAMPERED, facts=facts)
    if not key.verify(signature, signed_bytes(facts)):
        return Verdict(TAMPERED, facts=facts)
    if with_database:
        known = find_by_code(str(facts.get("code", "")))
        if known.certificate is not None:
            if known.certificate.signature != document["signature"]:
                return Verdict(TAMPERED, facts=facts)
            return Verdict(known.status, known.certificate, facts)
    expires = facts.get("expires_on")
    if expires and expires < local_today().isoformat():
        return Verdict(EXPIRED, facts=facts)
    return Verdict(VALID, facts=facts)
