"""Revocation everyone can see: the site's W3C Bitstring Status List.

Each certificate has an entry (``Certificate.status_index``, given at issue and never reused);
entry ``i`` is bit ``i % LIST_LENGTH`` of list number ``i // LIST_LENGTH + 1``, published as a
signed ``BitstringStatusListCredential`` at ``/credentials/status/<number>``. A bit is set when
the certificate is no longer valid: revoked, or superseded by a corrected one.

The signed list is kept (table ``status_lists``): signed again when a certificate is revoked or
re-issued (in the same transaction, so the list and the certificates agree) and when half of
its validity (``STATUS_LIST_VALIDITY``) has passed, never for every request. Checking a list
needs no database: ``status_check.py``.
"""

from __future__ import annotations

import json
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from lms.certificates.models import Certificate, StatusList
from lms.certificates.signing import issuer_key
from lms.certificates.status_check import (
    ENTRY_TYPE,
    LIST_LENGTH,
    LIST_TYPE,
    PURPOSE,
    encode_bitstring,
    sign_document,
)
from lms.core.database import utcnow
from lms.core.extensions import db

CONTEXT = ["https://www.w3.org/ns/credentials/v2"]


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _lock(name: str) -> None:
    """PostgreSQL: one transaction at a time past this point (SQLite writers queue anyway)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(name))))


def next_status_index() -> int:
    """The entry of a certificate being issued: one past the last given (never reused, since
    certificates are never deleted). Two issuers at once take turns here."""
    _lock("certificate-status-index")
    last = db.session.scalar(select(func.max(Certificate.status_index)))
    return 0 if last is None else last + 1


def list_url(number: int) -> str:
    return f"{current_app.config['PUBLIC_URL']}/credentials/status/{number}"


def list_number(index: int) -> int:
    return index // LIST_LENGTH + 1


def credential_status(certificate: Certificate) -> dict:
    """The ``credentialStatus`` of the certificate's Open Badges credential."""
    return status_entry(certificate.status_index)


def status_entry(status_index: int) -> dict:
    """The W3C ``BitstringStatusListEntry`` of a status index: in the badge, and in the signed
    facts (so an offline verifier with a downloaded list finds the certificate's bit)."""
    url = list_url(list_number(status_index))
    position = status_index % LIST_LENGTH
    return {
        "id": f"{url}#{position}",
        "type": ENTRY_TYPE,
        "statusPurpose": PURPOSE,
        "statusListIndex": str(position),
        "statusListCredential": url,
    }


def list_count() -> int:
    """How many lists are published (at least one, empty while no certificate exists)."""
    last = db.session.scalar(select(func.max(Certificate.status_index)))
    return 1 if last is None else list_number(last)


def build_list(number: int) -> StatusList:
    """Sign list ``number`` afresh from the certificates' statuses and keep it."""
    _lock(f"status-list-{number}")
    first = (number - 1) * LIST_LENGTH
    unset = db.session.scalars(
        select(Certificate.status_index).where(
            Certificate.status != "valid",
            Certificate.status_index >= first,
            Certificate.status_index < first + LIST_LENGTH,
        )
    )
    now = utcnow().replace(microsecond=0)
    until = now + current_app.config["STATUS_LIST_VALIDITY"]
    url = list_url(number)
    key = issuer_key()
    document = {
        "@context": CONTEXT,
        "id": url,
        "type": ["VerifiableCredential", LIST_TYPE],
        "issuer": key.did,
        "validFrom": _stamp(now),
        "validUntil": _stamp(until),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode_bitstring(index - first for index in unset),
        },
    }
    signed = sign_document(document, key.sign, key.public_raw, _stamp(now))
    record = db.session.get(StatusList, number) or StatusList(number=number)
    record.credential_json = json.dumps(signed, ensure_ascii=False, separators=(",", ":"))
    record.valid_from, record.valid_until = now, until
    db.session.add(record)
    db.session.flush()
    return record


def status_changed(certificate: Certificate) -> None:
    """A certificate was revoked or superseded: sign its list again (same transaction)."""
    build_list(list_number(certificate.status_index))


def kept_list(number: int) -> StatusList | None:
    """The kept list if it is fresh enough to hand out (less than half its validity gone)."""
    record = db.session.get(StatusList, number)
    if record is None:
        return None
    half = (record.valid_until - record.valid_from) / 2
    return record if utcnow() < record.valid_from + half else None
