"""The issuer's public keys as anyone outside the programme sees them: no Flask, no database.

A key is named by its ``did:key`` verification method (``did:key:z6Mk…#z6Mk…``): the name is
made from the key itself, so a verifier recognises a key without asking any registry, and a
rotated key keeps its name. The issuer publishes every key it has used as a JWK Set
(RFC 7517, ``kty`` ``OKP``, ``crv`` ``Ed25519``; ``/.well-known/jwks.json``), each JWK with

- ``kid``: the verification method;
- ``status``: ``current`` (signs what is issued now) or ``retired`` (signed earlier documents,
  signs nothing new);
- ``retired_on`` (``YYYY-MM-DD``, retired keys): the day it stopped signing;
- ``compromised_from`` (``YYYY-MM-DD``, optional): from that day on, anything the key signed
  may have been signed by someone else; what it signed before stays trusted.

The retired keys are kept by the issuer in the same format (``LMS_RETIRED_KEYS_FILE``).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

# gettext needs no application: outside one it gives the English text.
from flask_babel import gettext as _

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_MULTICODEC = b"\xed\x01"
CURRENT, RETIRED = "current", "retired"


class KeySetError(ValueError):
    """A JWK Set that cannot be used; the message says why."""


def base58btc(raw: bytes) -> str:
    number = int.from_bytes(raw, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = _B58[remainder] + encoded
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + encoded


def base58btc_decode(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * 58 + _B58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def unb64(text: str) -> bytes:
    """base64url without padding; ValueError on anything else."""
    if not isinstance(text, str) or not text.isascii() or "=" in text:
        raise ValueError("not base64url")  # i18n: caught by every caller, never shown
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc  # i18n: caught by every caller


def public_raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def did_key(public: Ed25519PublicKey) -> str:
    """The key as a did:key identifier (multicodec ed25519-pub, base58btc)."""
    return "did:key:z" + base58btc(_ED25519_MULTICODEC + public_raw(public))


def verification_method(public: Ed25519PublicKey) -> str:
    did = did_key(public)
    return f"{did}#{did.removeprefix('did:key:')}"


def _day(value: object, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise KeySetError(
            _(
                "%(name)s must be a date YYYY-MM-DD, not “%(value)s”",
                name=name,
                value=str(value)[:40],
            )
        ) from None


@dataclass(frozen=True)
class PublishedKey:
    """One public key of the issuer with what the issuer says about it."""

    public: Ed25519PublicKey
    status: str = CURRENT
    retired_on: date | None = None
    compromised_from: date | None = None

    @property
    def did(self) -> str:
        return did_key(self.public)

    @property
    def kid(self) -> str:
        return verification_method(self.public)

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            self.public.verify(signature, message)
        except InvalidSignature:
            return False
        return True

    def trusted_on(self, day: date) -> bool:
        """Whether a signature this key made on ``day`` can be trusted."""
        return self.compromised_from is None or day < self.compromised_from

    def jwk(self) -> dict:
        jwk = {
            "kty": "OKP",
            "crv": "Ed25519",
            "x": b64(public_raw(self.public)),
            "kid": self.kid,
            "alg": "EdDSA",
            "use": "sig",
            "status": self.status,
        }
        if self.retired_on:
            jwk["retired_on"] = self.retired_on.isoformat()
        if self.compromised_from:
            jwk["compromised_from"] = self.compromised_from.isoformat()
        return jwk

    @classmethod
    def from_jwk(cls, jwk: object) -> PublishedKey:
        if not isinstance(jwk, dict) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            raise KeySetError(_("each key must be a JWK with kty OKP and crv Ed25519"))
        try:
            raw = unb64(jwk.get("x", ""))
            public = Ed25519PublicKey.from_public_bytes(raw)
        except ValueError:
            raise KeySetError(_("a key's x is not a base64url Ed25519 public key")) from None
        key = cls(
            public=public,
            status=RETIRED if jwk.get("status") == RETIRED else CURRENT,
            retired_on=_day(jwk.get("retired_on"), "retired_on"),
            compromised_from=_day(jwk.get("compromised_from"), "compromised_from"),
        )
        if "kid" in jwk and jwk["kid"] != key.kid:
            # A kid is the key's own did:key: one that does not match was edited or forged.
            raise KeySetError(_("kid “%(kid)s” does not name its key", kid=str(jwk["kid"])[:80]))
        return key


@dataclass(frozen=True)
class KeySet:
    """The keys a verifier trusts, found by verification method or by DID."""

    keys: tuple[PublishedKey, ...] = ()

    def find(self, name: str) -> PublishedKey | None:
        for key in self.keys:
            if name in (key.kid, key.did):
                return key
        return None

    def with_key(self, key: PublishedKey) -> KeySet:
        """This set with ``key`` added, or replacing the entry of the same key."""
        others = tuple(k for k in self.keys if k.kid != key.kid)
        return KeySet((*others, key))

    def marked_compromised(self, kid: str, day: date) -> KeySet:
        found = self.find(kid)
        if found is None:
            raise KeyError(kid)
        return self.with_key(replace(found, compromised_from=day))

    def jwks(self) -> dict:
        return {"keys": [key.jwk() for key in self.keys]}

    @classmethod
    def from_jwks(cls, document: object) -> KeySet:
        if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
            raise KeySetError(_("a JWK Set is a JSON object with a “keys” list"))
        return cls(tuple(PublishedKey.from_jwk(jwk) for jwk in document["keys"]))

    @classmethod
    def of(cls, keys: Iterable[PublishedKey]) -> KeySet:
        return cls(tuple(keys))
