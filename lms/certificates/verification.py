"""Checking a certificate: by its code (against the database) or as a PDF file.

A PDF is checked by ``offline_verify`` with the issuer's published keys alone (its seal over
every byte, then its signed facts); the local database, when there is one, adds whether it was
revoked or replaced since.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from lms.certificates import offline_verify
from lms.certificates.codes import CodeTypo, normalise
from lms.certificates.keyset import KeySet
from lms.certificates.models import Certificate
from lms.certificates.offline_verify import (  # noqa: F401 - the outcomes, in one place
    COMPROMISED,
    ENCRYPTED,
    EXPIRED,
    FACTS_BAD,
    MODIFIED,
    NOT_A_CERTIFICATE,
    NOT_A_PDF,
    REVOKED,
    TAMPERED,
    TOO_LARGE,
    TRUNCATED,
    UNKNOWN_ISSUER,
    UNSEALED,
    VALID,
)
from lms.core.database import local_today
from lms.core.extensions import db

SUPERSEDED, UNKNOWN, TYPO = "superseded", "unknown", "typo"


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


def verify_pdf(pdf: bytes, keys: KeySet, *, with_database: bool = True) -> Verdict:
    """Check a certificate PDF with the public keys, then (if possible) against the database."""
    found = offline_verify.verify_pdf_file(pdf, keys, today=local_today())
    if not with_database or found.status not in (VALID, EXPIRED):
        return Verdict(found.status, facts=found.facts)
    known = find_by_code(str(found.facts.get("code", "")))
    if known.certificate is None:
        return Verdict(found.status, facts=found.facts)
    if known.certificate.facts != found.facts:
        return Verdict(TAMPERED, facts=found.facts)  # genuine signatures, but not of this code
    return Verdict(known.status, known.certificate, found.facts)
