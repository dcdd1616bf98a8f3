"""Checking a signed PDF with nothing but the issuer's public keys: no Flask, no database.

Certificates now, transcripts later: any PDF the issuer seals. The API:

``seal_pdf(pdf, document, sign, kid, signed_on) -> bytes``
    What the issuer does after rendering: appends two PDF comment lines after the final
    ``%%EOF`` (PDF readers ignore them)::

        %lms-facts <base64url of the signed document JSON: {"facts", "signature", "key"}>
        %lms-signature 1 <kid> <YYYY-MM-DD> <base64url Ed25519 signature>

    The signature covers every byte of the file before it, and the signature line up to the
    space before the signature itself (so the key id and date are covered too).

``verify_pdf_file(pdf, keys, status_list=None, today=None) -> Verdict``
    Checks the file's seal, then the signed facts it carries, then the key's compromise date,
    the status list (when given) and the expiry date. ``Verdict.status`` is one of the
    constants below; ``Verdict.facts`` the signed facts whenever they could be read (even when
    the file is not valid, so a person can see what was claimed); ``Verdict.ok`` only for VALID.
    Nothing raises: a hostile file gets a verdict.

``make_claim(claim, sign, kid) -> str`` and ``verify_claim(fragment, keys) -> ClaimVerdict``
    The compact signed claim a certificate's QR code carries in its URL fragment
    (``<base64url claim JSON>.<base64url signature over the first part>``).

``StatusList``: anything with ``revoked(facts) -> bool | None`` (None: the list does not know
the document); ``status_list.py`` reads the W3C Bitstring Status List credential.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from pypdf import PdfReader, apply_configuration
from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError

from lms.certificates.canonical import signed_bytes
from lms.certificates.keyset import KeySet, PublishedKey, b64, unb64

# A certificate is a few hundred kilobytes: anything much larger is refused before parsing.
MAX_PDF_BYTES = 10 * 1024 * 1024
# What pypdf may inflate from one stream while reading a file that is not sealed (zip bombs).
MAX_INFLATED_BYTES = 8 * 1024 * 1024
ATTACHMENT_NAME = "certificate.json"
FACTS_TAG = b"%lms-facts "
SIGNATURE_TAG = b"%lms-signature "
SEAL_VERSION = b"1"

VALID = "valid"
EXPIRED = "expired"
REVOKED = "revoked"
COMPROMISED = "compromised key"
TAMPERED = "tampered"
MODIFIED = "modified after signing"
FACTS_BAD = "facts signature bad"
UNSEALED = "not sealed"
UNKNOWN_ISSUER = "unknown issuer"
NOT_A_CERTIFICATE = "not a certificate"
NOT_A_PDF = "not a pdf"
TRUNCATED = "truncated"
ENCRYPTED = "encrypted"
TOO_LARGE = "too large"
STATUSES = (
    *(VALID, EXPIRED, REVOKED, COMPROMISED, TAMPERED, MODIFIED, FACTS_BAD, UNSEALED),
    *(UNKNOWN_ISSUER, NOT_A_CERTIFICATE, NOT_A_PDF, TRUNCATED, ENCRYPTED, TOO_LARGE),
)


class StatusList(Protocol):
    def revoked(self, facts: dict) -> bool | None: ...


@dataclass(frozen=True)
class Verdict:
    status: str
    facts: dict | None = None
    kid: str | None = None
    signed_on: date | None = None
    # Whether a status list was consulted and knew the document.
    revocation_checked: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.status == VALID


@dataclass(frozen=True)
class Seal:
    kid: str
    signed_on: date
    signature: bytes
    covered: bytes  # what the signature covers
    after: bytes  # what follows the signature line


def seal_pdf(
    pdf: bytes, document: dict, sign: Callable[[bytes], bytes], kid: str, signed_on: date
) -> bytes:
    """The PDF with the signed document and a signature over all of it appended (see above)."""
    if not pdf.endswith(b"\n"):
        pdf += b"\n"
    packed = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    head = b"%s%s\n%s%s %s %s " % (
        pdf,
        FACTS_TAG + b64(packed).encode(),
        SIGNATURE_TAG,
        SEAL_VERSION,
        kid.encode(),
        signed_on.isoformat().encode(),
    )
    return head + b64(sign(head)).encode() + b"\n"


def _find_seal(pdf: bytes) -> Seal | str | None:
    """The last seal of the file, None when there is none, or the verdict for a broken one."""
    at = pdf.rfind(b"\n" + SIGNATURE_TAG)
    if at < 0:
        return None
    start = at + 1
    end = pdf.find(b"\n", start)
    if end < 0:
        return TRUNCATED
    parts = pdf[start:end].split(b" ")
    if len(parts) != 5 or parts[1] != SEAL_VERSION:
        return TAMPERED
    try:
        kid = parts[2].decode("ascii")
        signed_on = date.fromisoformat(parts[3].decode("ascii"))
        signature = unb64(parts[4].decode("ascii"))
    except ValueError:
        return TAMPERED
    if b64(signature).encode() != parts[4]:
        return TAMPERED  # another spelling of the same bytes (unused bits): still a change
    covered = pdf[: end - len(parts[4])]
    return Seal(kid, signed_on, signature, covered, pdf[end + 1 :])


def _sealed_document(covered: bytes) -> dict | None:
    at = covered.rfind(b"\n" + FACTS_TAG)
    if at < 0:
        return None
    line = covered[at + 1 + len(FACTS_TAG) :].split(b"\n", 1)[0]
    try:
        document = json.loads(unb64(line.decode("ascii")))
    except (ValueError, UnicodeDecodeError):
        return None
    return document if _is_signed_document(document) else None


def _is_signed_document(document: object) -> bool:
    return (
        isinstance(document, dict)
        and {"facts", "signature", "key"} <= set(document)
        and isinstance(document["facts"], dict)
    )


def _attached_document(pdf: bytes) -> dict | str:
    """The signed document attached to a PDF that is not sealed, or the verdict for the file.

    pypdf reads the file with a cap on what it may inflate: a zip bomb is refused."""
    caps = {
        "zlib_maximum_output_length": MAX_INFLATED_BYTES,
        "stream_decoding_work_maximum_length": MAX_INFLATED_BYTES,
    }
    try:
        with apply_configuration(**caps):
            reader = PdfReader(io.BytesIO(pdf))
            if reader.is_encrypted:
                return ENCRYPTED
            contents = reader.attachments.get(ATTACHMENT_NAME)
            document = json.loads(contents[0]) if contents else None
    except FileNotDecryptedError:
        return ENCRYPTED
    except LimitReachedError:
        return TOO_LARGE
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return NOT_A_CERTIFICATE
    return document if _is_signed_document(document) else NOT_A_CERTIFICATE


def visible_text(pdf: bytes) -> str:
    """All the text a reader of the PDF sees (every page, every layer), inflating with caps."""
    caps = {"zlib_maximum_output_length": MAX_INFLATED_BYTES}
    try:
        with apply_configuration(**caps):
            return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return ""


def _facts_verdict(document: dict, keys: KeySet) -> tuple[str | None, PublishedKey | None]:
    """None when the facts' own signature holds, else the verdict."""
    facts = document["facts"]
    key = keys.find(str(document["key"]))
    if key is None or facts.get("key") != document["key"]:
        return UNKNOWN_ISSUER, None
    try:
        signature = unb64(str(document["signature"]))
    except ValueError:
        return FACTS_BAD, key
    if not key.verify(signature, signed_bytes(facts)):
        return FACTS_BAD, key
    return None, key


def _issued_on(facts: dict) -> date | None:
    try:
        return date.fromisoformat(str(facts.get("issued_on")))
    except ValueError:
        return None


def _standing(facts: dict, status_list: StatusList | None, today: date) -> tuple[str, bool]:
    """The verdict of a genuine document: revoked, expired or valid."""
    known = status_list.revoked(facts) if status_list is not None else None
    if known:
        return REVOKED, True
    expires = facts.get("expires_on")
    if expires and str(expires) < today.isoformat():
        return EXPIRED, known is not None
    return VALID, known is not None


def _unsealed(pdf: bytes, keys: KeySet) -> Verdict:
    if not pdf.rstrip().endswith(b"%%EOF"):
        return Verdict(TRUNCATED)
    document = _attached_document(pdf)
    if isinstance(document, str):
        return Verdict(document)
    problem, _key = _facts_verdict(document, keys)
    # Genuine facts in a file without a seal (one made before files were sealed, or one whose
    # seal was cut off): what the pages show cannot be trusted, so never "valid".
    return Verdict(problem or UNSEALED, facts=document["facts"])


def verify_pdf_file(
    pdf: bytes, keys: KeySet, status_list: StatusList | None = None, today: date | None = None
) -> Verdict:
    """The verdict on a PDF, with only the issuer's public keys (see the module docstring)."""
    if len(pdf) > MAX_PDF_BYTES:
        return Verdict(TOO_LARGE)
    if not pdf.startswith(b"%PDF-"):
        return Verdict(NOT_A_PDF)
    seal = _find_seal(pdf)
    if seal is None:
        return _unsealed(pdf, keys)
    if isinstance(seal, str):
        return Verdict(seal)
    file_key = keys.find(seal.kid)
    if file_key is None:
        return Verdict(UNKNOWN_ISSUER, kid=seal.kid, signed_on=seal.signed_on)
    if not file_key.verify(seal.signature, seal.covered):
        return Verdict(TAMPERED, kid=seal.kid)
    return _sealed(seal, file_key, keys, status_list, today or date.today())


def _sealed(seal: Seal, file_key: PublishedKey, keys: KeySet, status_list, today: date) -> Verdict:
    document = _sealed_document(seal.covered)
    if document is None:
        return Verdict(NOT_A_CERTIFICATE, kid=seal.kid)
    facts = document["facts"]
    found = {"facts": facts, "kid": seal.kid, "signed_on": seal.signed_on}
    if seal.after.strip():
        return Verdict(MODIFIED, **found)
    problem, facts_key = _facts_verdict(document, keys)
    if problem:
        return Verdict(problem, **found)
    issued = _issued_on(facts) or seal.signed_on
    if not file_key.trusted_on(seal.signed_on) or not facts_key.trusted_on(issued):
        return Verdict(COMPROMISED, **found)
    status, checked = _standing(facts, status_list, today)
    return Verdict(status, revocation_checked=checked, **found)


# The QR code's claim -------------------------------------------------------------------------


@dataclass(frozen=True)
class ClaimVerdict:
    status: str  # VALID, "altered", UNKNOWN_ISSUER or COMPROMISED
    claim: dict | None = None


ALTERED = "altered"
MAX_FRAGMENT = 2000


def make_claim(claim: dict, sign: Callable[[bytes], bytes]) -> str:
    """``<claim>.<signature>``, both base64url; the claim names its key (``k``)."""
    body = b64(json.dumps(claim, ensure_ascii=False, separators=(",", ":")).encode())
    return f"{body}.{b64(sign(body.encode()))}"


def verify_claim(fragment: str, keys: KeySet) -> ClaimVerdict:
    """Check a QR claim; any change to a character gives ALTERED (or an unknown key)."""
    body, dot, signature = fragment.removeprefix("#").partition(".")
    if not dot or len(fragment) > MAX_FRAGMENT:
        return ClaimVerdict(ALTERED)
    try:
        claim = json.loads(unb64(body))
        raw_signature = unb64(signature)
    except (ValueError, UnicodeDecodeError):
        return ClaimVerdict(ALTERED)
    if not isinstance(claim, dict):
        return ClaimVerdict(ALTERED)
    key = keys.find(str(claim.get("k", "")))
    if key is None:
        return ClaimVerdict(UNKNOWN_ISSUER, claim)
    if not key.verify(raw_signature, body.encode()):
        return ClaimVerdict(ALTERED)
    issued = _issued_on({"issued_on": claim.get("d")})
    if issued is None or not key.trusted_on(issued):
        return ClaimVerdict(COMPROMISED, claim)
    return ClaimVerdict(VALID, claim)
