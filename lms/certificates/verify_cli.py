"""``lms certificates verify``: a code (in the database) or a PDF (by its signatures).

``lms certificates verify FILE.pdf --key JWKS`` needs neither the database nor the private key:
it is the command anyone outside the programme runs. Exit codes (``EXIT_CODES``):
0 valid; 1 not valid now (expired, revoked, replaced, unknown or mistyped code) or the check
could not run (a key set or status list that cannot be read); 2 wrong usage; 3 altered
(tampered, modified after signing, facts signature bad, not sealed); 4 not ours or not to be
trusted (not a PDF, not a certificate, unknown issuer, compromised key); 5 unreadable (too
large, truncated, encrypted).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from lms.certificates import offline_verify
from lms.certificates.cli import certificates_group, outcome
from lms.certificates.keyset import KeySetError
from lms.certificates.signing import SigningKeyMissing, published_keys
from lms.certificates.sources import SourceError, read_key_set
from lms.certificates.status_list import read_status_list
from lms.certificates.verification import (
    COMPROMISED,
    ENCRYPTED,
    EXPIRED,
    FACTS_BAD,
    MODIFIED,
    NOT_A_CERTIFICATE,
    NOT_A_PDF,
    REVOKED,
    SUPERSEDED,
    TAMPERED,
    TOO_LARGE,
    TRUNCATED,
    TYPO,
    UNKNOWN,
    UNKNOWN_ISSUER,
    UNSEALED,
    VALID,
    find_by_code,
    verify_pdf,
)
from lms.core.cli import fail
from lms.core.database import local_today
from lms.i18n.language import language

EXIT_CODES = {
    VALID: 0,
    **dict.fromkeys((EXPIRED, REVOKED, SUPERSEDED, UNKNOWN, TYPO), 1),
    **dict.fromkeys((TAMPERED, MODIFIED, FACTS_BAD, UNSEALED), 3),
    **dict.fromkeys((NOT_A_PDF, NOT_A_CERTIFICATE, UNKNOWN_ISSUER, COMPROMISED), 4),
    **dict.fromkeys((TOO_LARGE, TRUNCATED, ENCRYPTED), 5),
}


def _describe(verdict) -> str:
    facts = verdict.facts or {}
    if facts.get("kind") == "transcript":
        return _(
            "%(status)s: transcript of %(holder)s, issued %(date)s",
            status=outcome(verdict.status),
            holder=facts.get("holder", {}).get("name", "?"),
            date=facts.get("issued_on", "?"),
        )
    titles = facts.get("programme", {}).get("title", {})
    shown = {
        "status": outcome(verdict.status),
        "holder": facts.get("holder", {}).get("name", "?"),
        "programme": titles.get(language()) or titles.get("en", "?"),
        "date": facts.get("issued_on", "?"),
    }
    certificate = getattr(verdict, "certificate", None)
    if certificate is not None and certificate.status == "revoked":
        return _(
            "%(status)s: %(holder)s, %(programme)s, issued %(date)s; revoked: %(reason)s",
            reason=certificate.revoked_reason,
            **shown,
        )
    return _("%(status)s: %(holder)s, %(programme)s, issued %(date)s", **shown)


@certificates_group.command("verify")
@click.argument("code_or_pdf")
@click.option(
    "--key",
    "key_source",
    metavar="FILE|URL",
    help="the issuer's public keys (a JWK Set, e.g. /.well-known/jwks.json): no database needed",
)
@click.option(
    "--status-list",
    "status_source",
    metavar="FILE|URL",
    help="a Bitstring Status List credential, to tell revoked certificates",
)
@click.option(
    "--facts",
    "show_facts",
    is_flag=True,
    help="also print the signed facts (JSON) the document carries",
)
@with_appcontext
def verify(
    code_or_pdf: str, key_source: str | None, status_source: str | None, show_facts: bool
) -> None:
    """Check a code (in the database) or a PDF file (by its signatures). Exit 0 if valid.

    Exit codes: 0 valid; 1 not valid now, or the check could not run; 3 altered; 4 not ours
    or signed by a compromised key; 5 unreadable (too large, truncated, encrypted)."""
    path = Path(code_or_pdf)
    if path.suffix.lower() == ".pdf" or path.is_file():
        verdict = _verify_file(path, key_source, status_source)
    else:
        verdict = find_by_code(code_or_pdf)
    click.echo(_describe(verdict) if verdict.facts else outcome(verdict.status))
    if show_facts and verdict.facts:
        click.echo(json.dumps(verdict.facts, ensure_ascii=False, indent=2))
    sys.exit(EXIT_CODES.get(verdict.status, 1))


def _read_pdf(path: Path) -> bytes | None:
    """The file's bytes, or None when it is too large to be a certificate (refused unread)."""
    try:
        if path.stat().st_size > offline_verify.MAX_PDF_BYTES:
            return None
        return path.read_bytes()
    except OSError as exc:
        fail(_("%(path)s: cannot read the file (%(error)s).", path=path, error=exc.strerror))


def _describe_list(status_list) -> None:
    """Say which revocation list the verdict rests on, and when it is out of date."""
    if status_list is None:
        return
    click.echo(
        _("Revocation checked against the status list of %(date)s.", date=status_list.valid_from)
    )
    if status_list.stale():
        click.echo(
            _(
                "Warning: the status list was valid until %(date)s; a newer one may know of a "
                "later revocation.",
                date=status_list.valid_until,
            )
        )


def _verify_file(path: Path, key_source: str | None, status_source: str | None):
    pdf = _read_pdf(path)
    if pdf is None:
        return offline_verify.Verdict(TOO_LARGE)
    try:
        if key_source:  # only the public keys: no database, no private key
            keys = read_key_set(key_source)
            status_list = read_status_list(status_source, keys) if status_source else None
            _describe_list(status_list)
            return offline_verify.verify_pdf_file(pdf, keys, status_list, local_today())
        if status_source:
            status_list = read_status_list(status_source, published_keys())
            _describe_list(status_list)
            return offline_verify.verify_pdf_file(pdf, published_keys(), status_list, local_today())
        return verify_pdf(pdf, published_keys())
    except SourceError as exc:
        fail(str(exc))
    except (SigningKeyMissing, KeySetError) as exc:
        fail(_("%(error)s. Give the issuer's public keys with --key FILE|URL.", error=exc))
