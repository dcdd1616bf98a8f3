"""Reading what an offline verifier is given: the issuer's keys and a status list, each from a
file or a URL, with a size cap and a timeout. No Flask, no database."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from flask_babel import gettext as _

from lms.certificates.keyset import KeySet, KeySetError

MAX_DOCUMENT_BYTES = 1024 * 1024
TIMEOUT_SECONDS = 15


class SourceError(ValueError):
    """A key set or status list that could not be read; the message names the source."""


def read_source(source: str, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of a file, or of an http(s) URL, refusing more than ``limit`` bytes."""
    if source.startswith(("https://", "http://")):
        # http(s) only (checked above): never file: or another scheme.
        request = urllib.request.Request(source, headers={"Accept": "application/json"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                body = response.read(limit + 1)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SourceError(f"{source}: {getattr(exc, 'reason', exc)}") from None
    else:
        try:
            with Path(source).open("rb") as file:
                body = file.read(limit + 1)
        except OSError as exc:
            raise SourceError(f"{source}: {exc.strerror}") from None
    if len(body) > limit:
        raise SourceError(_("%(source)s: larger than %(limit)s bytes", source=source, limit=limit))
    return body


def read_json(source: str) -> object:
    try:
        return json.loads(read_source(source))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(_("%(source)s: not JSON (%(error)s)", source=source, error=exc)) from None


def read_key_set(source: str) -> KeySet:
    """The issuer's keys from a JWK Set (``/.well-known/jwks.json`` or a copy of it)."""
    try:
        return KeySet.from_jwks(read_json(source))
    except KeySetError as exc:
        raise SourceError(f"{source}: {exc}") from None
