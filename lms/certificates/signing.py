"""The issuer's Ed25519 key: created by ``lms certificates keygen``, kept in a file outside the
database and the repository (``LMS_SIGNING_KEY_FILE``), never in either.

Certificates' facts are signed as canonical JSON (``canonical.py``) and their PDFs are sealed
(``offline_verify.py``). ``lms certificates keygen --rotate`` retires the key: its public half
joins the retired keys (``LMS_RETIRED_KEYS_FILE``, a JWK Set, see ``keyset.py``) and a new key
signs from then on. Every key is published (``/.well-known/jwks.json``) so anyone can check a
certificate offline, whichever key signed it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app
from flask_babel import gettext as _

from lms.certificates.keyset import (  # noqa: F401 - b64, unb64, base58 are imported from here
    RETIRED,
    KeySet,
    KeySetError,
    PublishedKey,
    b64,
    base58btc,
    base58btc_decode,
    did_key,
    public_raw,
    unb64,
    verification_method,
)


class SigningKeyMissing(RuntimeError):
    pass


def _write_private(path: Path, private: Ed25519PrivateKey) -> None:
    """Write a private key (PEM, readable by the owner only) whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    partial = path.with_name(path.name + ".new")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    os.replace(partial, path)


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
    _write_private(path, Ed25519PrivateKey.generate())


@dataclass(frozen=True)
class IssuerKey:
    private: Ed25519PrivateKey | None
    public: Ed25519PublicKey

    @property
    def public_raw(self) -> bytes:
        return public_raw(self.public)

    @property
    def did(self) -> str:
        """The key as a did:key identifier (multicodec ed25519-pub, base58btc)."""
        return did_key(self.public)

    @property
    def verification_method(self) -> str:
        return verification_method(self.public)

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


def read_retired_keys(path: Path) -> KeySet:
    """The retired public keys kept at ``path`` (a JWK Set); none when there is no file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return KeySet()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeySetError(f"{path}: {exc}") from None
    try:
        return KeySet.from_jwks(document)
    except KeySetError as exc:
        raise KeySetError(f"{path}: {exc}") from None


def _write_retired_keys(path: Path, keys: KeySet) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".new")
    partial.write_text(json.dumps(keys.jwks(), indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)


def published_keys() -> KeySet:
    """Every key the issuer has signed with: the current one first, then the retired ones."""
    current = issuer_key()
    retired = read_retired_keys(Path(current_app.config["RETIRED_KEYS_FILE"]))
    listed = retired.find(current.verification_method)
    # A current key marked compromised keeps its mark (it must be rotated at once).
    mark = listed.compromised_from if listed else None
    keys = [PublishedKey(current.public, compromised_from=mark)]
    keys += [k for k in retired.keys if k.kid != current.verification_method]
    return KeySet.of(keys)


def rotate_key(key_path: Path, retired_path: Path, today: date) -> tuple[IssuerKey, IssuerKey]:
    """Retire the current key (its public half joins the retired keys) and make a new one.

    The retired list is written first: if the new key cannot be written, the old one still
    signs and is merely listed twice (as current and retired), never lost."""
    old = load_key(key_path)
    retired = read_retired_keys(retired_path)
    listed = retired.find(old.verification_method)
    entry = PublishedKey(
        old.public,
        status=RETIRED,
        retired_on=today,
        compromised_from=listed.compromised_from if listed else None,
    )
    _write_retired_keys(retired_path, retired.with_key(entry))
    _write_private(key_path, Ed25519PrivateKey.generate())
    return old, load_key(key_path)


def mark_compromised(retired_path: Path, kid: str, day: date) -> PublishedKey:
    """Record that a retired key may have been used by others from ``day`` on."""
    retired = read_retired_keys(retired_path)
    updated = retired.marked_compromised(kid, day)  # KeyError: not a retired key
    _write_retired_keys(retired_path, updated)
    return updated.find(kid)
