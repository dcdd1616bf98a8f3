"""Checking a W3C Bitstring Status List v1.0 credential, with nothing but the issuer's public
key: no Flask, no database (the offline verifier uses it on a machine with neither).

The site publishes its revocation list as a ``BitstringStatusListCredential`` (see
``status_publish.py`` for the publishing side) signed like the badges: a Data Integrity proof,
cryptosuite ``eddsa-jcs-2022`` (RFC 8785 canonical JSON, SHA-256, Ed25519), by the issuer's
``did:key``. Its ``credentialSubject.encodedList`` is the multibase (``u``) base64url form,
without padding, of the GZIP-compressed bitstring; bit ``i`` is the most significant bit first
(bit 0 is the left-most bit of the first byte). A set bit means revoked (a revoked or a
superseded certificate). The list is short-lived (``validUntil``): a verifier holding an old
copy is told it is stale, and how old it is.

The API::

    check_status(list_credential, index, public_key, *, now=None) -> StatusCheck
        list_credential: the list credential as a dict, or its JSON text / bytes (a downloaded
            file); index: the certificate's ``statusListIndex`` (int or its decimal string);
            public_key: the issuer's Ed25519 public key (a ``cryptography`` Ed25519PublicKey, its
            32 raw bytes, or its ``did:key`` string); now: an aware datetime (default: the clock).
        Returns StatusCheck(revoked: bool, valid_from: datetime, stale: bool), a named tuple;
        ``valid_from`` is when the list was signed (its age is ``now - valid_from``); ``stale``
        is true once ``validUntil`` has passed (the answer may then be out of date).
        Raises StatusListError (a ValueError whose message is the verdict for people, an English
        message of the project's catalogue: show it with ``gettext(str(error))``) when the
        list is not JSON, not a revocation status list, has no proof or a proof that does not
        verify with this key (an unsigned or altered list), when the index is outside the list,
        or the encoded list is malformed or would decompress beyond MAX_LIST_BYTES.

    entry_location(credential) -> (list_url, index)
        Where a badge's ``credentialStatus`` points: the list credential's URL and the index.

    encode_bitstring(set_indexes, length=LIST_LENGTH) -> str
    decode_bitstring(encoded) -> bytes
    sign_document / verify_document: the eddsa-jcs-2022 proof, given a signing callable or a
        public key (the publishing side and tests use them).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import zlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import NamedTuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from lms.certificates.canonical import VERIFIABLE_FORMS, canonical_json

# 131,072 entries (16 KB uncompressed), the specification's minimum, for herd privacy.
LIST_LENGTH = 131_072
# Against a compressed "bomb": no list of ours comes anywhere near this.
MAX_LIST_BYTES = 16 * 1024 * 1024
CRYPTOSUITE = "eddsa-jcs-2022"
LIST_TYPE = "BitstringStatusListCredential"
ENTRY_TYPE = "BitstringStatusListEntry"
PURPOSE = "revocation"

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_MULTICODEC = b"\xed\x01"


def _(message: str) -> str:
    """Marks a message for the catalogue without translating it here (no Flask in this
    module): the caller shows ``gettext(str(error))``, in the reader's language."""
    return message


class StatusListError(ValueError):
    """The status list cannot be trusted or read; the message (an English catalogue message,
    see ``_``) says why, for people."""


class StatusCheck(NamedTuple):
    revoked: bool
    valid_from: datetime
    stale: bool


def _b58encode(raw: bytes) -> str:
    number, encoded = int.from_bytes(raw, "big"), ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = _B58[remainder] + encoded
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + encoded


def _b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in _B58:
            raise StatusListError(_("the proof value is not base58btc"))
        number = number * 58 + _B58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def did_key(public_raw: bytes) -> str:
    """An Ed25519 public key (32 raw bytes) as a did:key identifier."""
    return "did:key:z" + _b58encode(_ED25519_MULTICODEC + public_raw)


def _public_key(key: Ed25519PublicKey | bytes | str) -> Ed25519PublicKey:
    if isinstance(key, Ed25519PublicKey):
        return key
    if isinstance(key, str):
        if not key.startswith("did:key:z"):
            raise StatusListError(_("the issuer key is not an Ed25519 did:key"))
        raw = _b58decode(key.removeprefix("did:key:z").split("#")[0])
        if not raw.startswith(_ED25519_MULTICODEC) or len(raw) != 34:
            raise StatusListError(_("the issuer key is not an Ed25519 did:key"))
        key = raw[2:]
    return Ed25519PublicKey.from_public_bytes(key)


def _raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def verification_method(public_raw: bytes) -> str:
    did = did_key(public_raw)
    return f"{did}#{did.removeprefix('did:key:')}"


def _hash_data(document: dict, options: dict, canonical=canonical_json) -> bytes:
    options_hash = hashlib.sha256(canonical(options)).digest()
    return options_hash + hashlib.sha256(canonical(document)).digest()


def sign_document(
    document: dict, sign: Callable[[bytes], bytes], public_raw: bytes, created: str
) -> dict:
    """The document with an eddsa-jcs-2022 Data Integrity proof made by ``sign``."""
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method(public_raw),
        "proofPurpose": "assertionMethod",
        "@context": document["@context"],
    }
    proof = {k: v for k, v in options.items() if k != "@context"}
    proof["proofValue"] = "z" + _b58encode(sign(_hash_data(document, options)))
    return {**document, "proof": [proof]}


def verify_document(document: dict, public_key: Ed25519PublicKey | bytes | str) -> bool:
    """True when the document carries one eddsa-jcs-2022 proof by this key that verifies."""
    key = _public_key(public_key)
    proofs = document.get("proof")
    if isinstance(proofs, dict):
        proofs = [proofs]
    if not isinstance(proofs, list) or len(proofs) != 1 or not isinstance(proofs[0], dict):
        return False
    proof = dict(proofs[0])
    value = proof.pop("proofValue", "")
    if (
        proof.get("cryptosuite") != CRYPTOSUITE
        or not isinstance(value, str)
        or not value.startswith("z")
        or proof.get("verificationMethod") != verification_method(_raw(key))
    ):
        return False
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {**proof, "@context": unsigned.get("@context")}
    try:
        signature = _b58decode(value[1:])
    except StatusListError:
        return False
    for canonical in VERIFIABLE_FORMS:
        try:
            key.verify(signature, _hash_data(unsigned, options, canonical))
        except (InvalidSignature, ValueError, TypeError):
            continue
        return True
    return False


def encode_bitstring(set_indexes: Iterable[int], length: int = LIST_LENGTH) -> str:
    """The ``encodedList`` of a list of ``length`` bits with these bits set (bit 0 = MSB)."""
    bits = bytearray(length // 8)
    for index in set_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode_bitstring(encoded: str) -> bytes:
    """The uncompressed bitstring of an ``encodedList`` (at most MAX_LIST_BYTES)."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError(_("the encoded list is not multibase base64url"))
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except ValueError:
        raise StatusListError(_("the encoded list is not multibase base64url")) from None
    inflater = zlib.decompressobj(wbits=31)  # a GZIP member
    try:
        bits = inflater.decompress(compressed, MAX_LIST_BYTES + 1)
    except zlib.error:
        raise StatusListError(_("the encoded list is not GZIP-compressed")) from None
    if len(bits) > MAX_LIST_BYTES:
        raise StatusListError(_("the encoded list is too large"))
    return bits


def _time(value: object) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise StatusListError(_("the status list has no valid dates")) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def entry_location(credential: dict) -> tuple[str, int]:
    """The status list URL and index a badge's revocation ``credentialStatus`` points at."""
    entries = credential.get("credentialStatus")
    entries = entries if isinstance(entries, list) else [entries]
    for entry in entries:
        if (
            isinstance(entry, dict)
            and entry.get("type") == ENTRY_TYPE
            and entry.get("statusPurpose") == PURPOSE
        ):
            try:
                return str(entry["statusListCredential"]), int(entry["statusListIndex"])
            except (KeyError, TypeError, ValueError):
                break
    raise StatusListError(_("the credential carries no revocation status entry"))


def check_status(
    list_credential: dict | str | bytes,
    index: int | str,
    public_key: Ed25519PublicKey | bytes | str,
    *,
    now: datetime | None = None,
) -> StatusCheck:
    """Whether the entry ``index`` of a signed status list is set; see the module's docstring."""
    if isinstance(list_credential, str | bytes):
        try:
            list_credential = json.loads(list_credential)
        except (ValueError, UnicodeDecodeError):
            raise StatusListError(_("the status list is not JSON")) from None
    if not isinstance(list_credential, dict) or LIST_TYPE not in (
        list_credential.get("type") or []
    ):
        raise StatusListError(_("this is not a Bitstring Status List credential"))
    if not list_credential.get("proof"):
        raise StatusListError(_("the status list is not signed"))
    if not verify_document(list_credential, public_key):
        raise StatusListError(_("the status list's signature does not verify: altered or not ours"))
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("statusPurpose") != PURPOSE:
        raise StatusListError(_("the status list is not a revocation list"))
    try:
        index = int(index)
    except (TypeError, ValueError):
        raise StatusListError(_("the status list index is not a number")) from None
    bits = decode_bitstring(subject.get("encodedList"))
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(_("the status list index is outside the list"))
    valid_from = _time(list_credential.get("validFrom"))
    now = now or datetime.now(UTC)
    stale = "validUntil" in list_credential and _time(list_credential["validUntil"]) < now
    revoked = bool(bits[index // 8] & (0x80 >> (index % 8)))
    return StatusCheck(revoked=revoked, valid_from=valid_from, stale=stale)
