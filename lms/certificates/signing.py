"""The issuer's Ed25519 key: created by ``lms certificates keygen``, kept in a file outside the
database and the repository (``LMS_SIGNING_KEY_FILE``), never in either.

Certificates' facts are signed as canonical JSON (``canonical.py``); the public key is
published (as a ``did:key`` and PEM) so anyone can check a certificate offline.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app
from flask_babel import gettext as _

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ED25519_MULTICODEC = b"\xed\x01"


class SigningKeyMissing(RuntimeError):
    pass


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


def generate_key(path: Path) -> None:
    """Write a new private key (PEM, readable by the owner only); refuse to overwrite."""
    if path.exists():
        raise FileExistsError(
            _(
                "%(path)s exists already; a new key would invalidate nothing but would sign "
                "future certificates differently. Remove it first.",
                path=path,
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.touch(mode=0o600)
    path.write_bytes(pem)


@dataclass(frozen=True)
class IssuerKey:
    private: Ed25519PrivateKey | None
    public: Ed25519PublicKey

    @property
    def public_raw(self) -> bytes:
        return self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def did(self) -> str:
        """The key as a did:key identifier (multicodec ed25519-pub, base58btc)."""
        return "did:key:z" + base58btc(_ED25519_MULTICODEC + self.public_raw)

    @property
    def verification_method(self) -> str:
        return f"{self.did}#{self.did.removeprefix('did:key:')}"

    @property
    def public_pem(self) -> str:
        return self.public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def sign(self, message: bytes) -> bytes:
        if self.private is None:
            raise SigningKeyMissing(_("this key can only verify"))
        return self.private.sign(message)

    def verify(self, signature: bytes, message: bytes) -> bool:
        try:
            self.public.verify(signature, message)
        except InvalidSignature:
            return False
        return True


def load_key(path: Path) -> IssuerKey:
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise SigningKeyMissing(
            _("no signing key at %(path)s; create one with `lms certificates keygen`", path=path)
        ) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise SigningKeyMissing(_("%(path)s is not an Ed25519 private key", path=path))
    return IssuerKey(private=private, public=private.public_key())


def issuer_key() -> IssuerKey:
    """The configured issuer key (cached per process)."""
    cached = current_app.extensions.get("lms.issuer_key")
    if cached is None:
        cached = load_key(Path(current_app.config["SIGNING_KEY_FILE"]))
        current_app.extensions["lms.issuer_key"] = cached
    return cached


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
