"""A W3C Bitstring Status List read offline: the hook ``offline_verify`` uses for revocation.

The list is a ``BitstringStatusListCredential`` whose ``credentialSubject.encodedList`` is a
multibase (``u``: base64url) GZIP-compressed bitstring; bit ``i`` (most significant bit of the
first byte first) set means the document with ``statusListIndex`` ``i`` is revoked.

A certificate names its place in the list with a W3C ``BitstringStatusListEntry`` in its signed
facts (``facts["credentialStatus"]``, with ``statusListIndex``, ``statusListCredential`` and
``statusPurpose`` ``revocation``). A certificate whose facts name no entry (all issued before
status lists) is not known to the list: ``revoked`` answers None and the verdict says the
revocation was not checked.

``read_status_list(source, keys)`` trusts a list only when its Data Integrity proof verifies with
one of the issuer's published keys (``status_check.verify_document``): an unsigned or altered list,
or one signed by another key, is refused. The list says how old it is (``valid_from``) and whether
its ``validUntil`` has passed (``stale``): a verifier shows both, since a stale list may not know
a recent revocation.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _

from lms.certificates.keyset import KeySet
from lms.certificates.sources import SourceError, read_json
from lms.certificates.status_check import verify_document

# 131,072 bits is the W3C minimum list length; a list is never more than a few of those.
MAX_BITSTRING_BYTES = 1024 * 1024


@dataclass(frozen=True)
class BitstringStatusList:
    bits: bytes
    valid_from: str | None = None
    url: str | None = None
    valid_until: str | None = None

    def stale(self, now: datetime | None = None) -> bool:
        """Whether the list's ``validUntil`` has passed (a newer list may know more)."""
        if not self.valid_until:
            return False
        try:
            until = datetime.fromisoformat(self.valid_until.replace("Z", "+00:00"))
        except ValueError:
            return True
        if until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
        return until < (now or datetime.now(UTC))

    def revoked(self, facts: dict) -> bool | None:
        entry = facts.get("credentialStatus")
        if not isinstance(entry, dict) or entry.get("statusPurpose", "revocation") != "revocation":
            return None
        if self.url and entry.get("statusListCredential") not in (None, self.url):
            return None  # another list's entry
        try:
            index = int(entry["statusListIndex"])
        except (KeyError, TypeError, ValueError):
            return None
        if not 0 <= index < len(self.bits) * 8:
            return None
        return bool(self.bits[index // 8] & (0x80 >> (index % 8)))


def _inflate(compressed: bytes) -> bytes:
    """GZIP data, refusing more than MAX_BITSTRING_BYTES once inflated (a zip bomb)."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        bits = inflater.decompress(compressed, MAX_BITSTRING_BYTES + 1)
    except zlib.error:
        raise ValueError(_("encodedList is not GZIP data")) from None
    if len(bits) > MAX_BITSTRING_BYTES:
        raise ValueError(_("encodedList inflates beyond the limit"))
    return bits


def decode_list(credential: object) -> BitstringStatusList:
    if not isinstance(credential, dict) or not isinstance(
        credential.get("credentialSubject"), dict
    ):
        raise ValueError(_("not a Bitstring Status List credential"))
    encoded = credential["credentialSubject"].get("encodedList")
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError(_("encodedList must be multibase base64url (u…)"))
    try:
        compressed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
    except (binascii.Error, ValueError):
        raise ValueError(_("encodedList is not base64url")) from None
    return BitstringStatusList(
        _inflate(compressed),
        valid_from=credential.get("validFrom"),
        url=credential.get("id"),
        valid_until=credential.get("validUntil"),
    )


def signed_by(credential: object, keys: KeySet) -> bool:
    """Whether the list credential carries a proof that one of ``keys`` verifies."""
    return isinstance(credential, dict) and any(
        verify_document(credential, key.public) for key in keys.keys
    )


def read_status_list(source: str, keys: KeySet) -> BitstringStatusList:
    """The list at ``source`` (a file or URL), trusted only when one of ``keys`` signed it."""
    try:
        credential = read_json(source)
        if not signed_by(credential, keys):
            raise ValueError(
                _("the status list is unsigned, altered or not signed by the issuer's keys")
            )
        return decode_list(credential)
    except ValueError as exc:
        if isinstance(exc, SourceError):
            raise
        raise SourceError(f"{source}: {exc}") from None
