"""The bytes that are signed: JSON canonicalisation (RFC 8785, the ``rfc8785`` package).

Certificates issued before RFC 8785 was adopted were signed over an approximation of it
(``json.dumps`` with sorted keys and no spaces). The two agree on most data but not all (floats
such as 1.0, keys outside the Basic Multilingual Plane), and those certificates are in people's
hands, so the form is versioned inside what is signed: facts of ``version`` 2 onwards are RFC
8785; version 1 facts keep verifying over the form they were signed with. Nothing is signed in
the legacy form any more.
"""

from __future__ import annotations

import json

import rfc8785

# The facts version from which certificates are signed over RFC 8785 bytes.
FACTS_VERSION = 2
LEGACY_FACTS_VERSION = 1


def canonical_json(data: object) -> bytes:
    """RFC 8785 (JSON Canonicalization Scheme) bytes: what new signatures cover."""
    return rfc8785.dumps(data)


def legacy_canonical_json(data: object) -> bytes:
    """The form of version 1 facts (and proofs made before RFC 8785): verification only."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signed_bytes(facts: dict) -> bytes:
    """The bytes a certificate's signature covers, by the version written in its facts."""
    if facts.get("version") == LEGACY_FACTS_VERSION:
        return legacy_canonical_json(facts)
    return canonical_json(facts)


# For documents without a version (Open Badges credentials): RFC 8785 first, then the legacy
# form that a credential downloaded before the change was signed over.
VERIFIABLE_FORMS = (canonical_json, legacy_canonical_json)
