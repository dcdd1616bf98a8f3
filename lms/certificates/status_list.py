"""A W3C Bitstring Status List read offline: the hook ``offline_verify`` uses for revocation.

The list is a ``BitstringStatusListCredential`` whose ``credentialSubject.encodedList`` is a
multibase (``u``: base64url) GZIP-compressed bitstring; bit ``i`` (most significant bit of the
first byte first) set means the document with ``statusListIndex`` ``i`` is revoked.

A certificate names its place in the list with a W3C ``BitstringStatusListEntry`` in its signed
facts (``facts["credentialStatus"]``, with ``statusListIndex``, ``statusListCredential`` and
``statusPurpose`` ``revocation``). A certificate whose facts name no entry (all issued before
status lists) is not known to the list: ``revoked`` answers None and the verdict says the
revocation was not checked. Checking the list's own proof is the publisher's module's job (the
status list credential's issuer); this reader only decodes.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from dataclasses import dataclass

from flask_babel import gettext as _

from lms.certificates.sources import SourceError, read_json

# 131,072 bits is the W3C minimum list length; a list is never more than a few of those.
MAX_BITSTRING_BYTES = 1024 * 1024


@dataclass(frozen=True)
class BitstringStatusList:
    bits: bytes
    valid_from: str | None = None
    url: str | None = None

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
    )


def read_status_list(source: str) -> BitstringStatusList:
    try:
        return decode_list(read_json(source))
    except ValueError as exc:
        if isinstance(exc, SourceError):
            raise
        raise SourceError(f"{source}: {exc}") from None
