"""``lms certificates``: keygen (and key rotation), issue, revoke, verify, list, pdf.

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
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import Cohort, User
from lms.accounts.names import username_key
from lms.certificates import offline_verify
from lms.certificates.issuing import (
    CertificateError,
    NotEligible,
    issue_certificates,
    revoke_certificate,
)
from lms.certificates.keyset import KeySetError
from lms.certificates.models import Certificate
from lms.certificates.signing import (
    SigningKeyMissing,
    generate_key,
    mark_compromised,
    published_keys,
    rotate_key,
)
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
from lms.core.extensions import db
from lms.core.privacy import IdentifyingText
from lms.core.unit_of_work import after_commit, unit_of_work
from lms.courses.content import catalogue
from lms.i18n.language import language
from lms.i18n.languages import LANGUAGES


def _outcome(status: str) -> str:
    """A verification outcome in the command's language."""
    words = {
        VALID: _("valid"),
        EXPIRED: _("expired"),
        REVOKED: _("revoked"),
        SUPERSEDED: _("superseded"),
        UNKNOWN: _("unknown"),
        TYPO: _("typo"),
        TAMPERED: _("tampered"),
        UNKNOWN_ISSUER: _("unknown issuer"),
        NOT_A_CERTIFICATE: _("not a certificate"),
        COMPROMISED: _("signed by a compromised key"),
        MODIFIED: _("modified after signing"),
        FACTS_BAD: _("facts signature bad"),
        UNSEALED: _("not sealed: the file itself is not signed"),
        NOT_A_PDF: _("not a PDF"),
        TRUNCATED: _("truncated"),
        ENCRYPTED: _("encrypted"),
        TOO_LARGE: _("too large"),
    }
    return words.get(status, status)


EXIT_CODES = {
    VALID: 0,
    **dict.fromkeys((EXPIRED, REVOKED, SUPERSEDED, UNKNOWN, TYPO), 1),
    **dict.fromkeys((TAMPERED, MODIFIED, FACTS_BAD, UNSEALED), 3),
    **dict.fromkeys((NOT_A_PDF, NOT_A_CERTIFICATE, UNKNOWN_ISSUER, COMPROMISED), 4),
    **dict.fromkeys((TOO_LARGE, TRUNCATED, ENCRYPTED), 5),
}


def _no_certificate(code: str, status: str) -> str:
    if status == TYPO:
        return _("%(code)s: typo code", code=code)
    return _("%(code)s: unknown code", code=code)


@click.group("certificates")
def certificates_group() -> None:
    """Issue, revoke and verify certificates."""


@certificates_group.command("keygen")
@click.option(
    "--rotate",
    is_flag=True,
    help="retire the current key (it keeps verifying what it signed) and make a new one",
)
@with_appcontext
def keygen(rotate: bool) -> None:
    """Create the issuer's Ed25519 key at LMS_SIGNING_KEY_FILE (never in the repository)."""
    path = Path(current_app.config["SIGNING_KEY_FILE"])
    if rotate:
        _rotate(path)
        return
    try:
        generate_key(path)
    except FileExistsError as exc:
        fail(str(exc))
    click.echo(
        _("Signing key written to %(path)s. Keep a copy somewhere safe and private.", path=path)
    )


def _rotate(path: Path) -> None:
    retired_path = Path(current_app.config["RETIRED_KEYS_FILE"])
    try:
        old, new = rotate_key(path, retired_path, local_today())
    except (SigningKeyMissing, KeySetError) as exc:
        fail(str(exc))
    current_app.extensions.pop("lms.issuer_key", None)
    click.echo(
        _("Retired %(old)s (listed in %(file)s).", old=old.verification_method, file=retired_path)
    )
    click.echo(
        _(
            "New signing key %(new)s written to %(path)s. Keep a copy somewhere safe and private.",
            new=new.verification_method,
            path=path,
        )
    )


@certificates_group.command("compromised")
@click.argument("kid")
@click.option(
    "--from",
    "from_day",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="the first day the key may have been used by someone else (YYYY-MM-DD)",
)
@with_appcontext
def compromised(kid: str, from_day) -> None:
    """Mark a retired key as compromised from a date: what it signed from then on is refused."""
    retired_path = Path(current_app.config["RETIRED_KEYS_FILE"])
    try:
        mark_compromised(retired_path, kid, from_day.date())
    except KeySetError as exc:
        fail(str(exc))
    except KeyError:
        fail(
            _(
                "%(kid)s is not a retired key. Rotate a compromised current key first "
                "(keygen --rotate), then mark it.",
                kid=kid,
            )
        )
    click.echo(_("%(kid)s: compromised from %(day)s", kid=kid, day=from_day.date().isoformat()))


def _people(username: str | None, cohort_code: str | None) -> list[User]:
    if bool(username) == bool(cohort_code):
        fail(_("Give exactly one of --user USERNAME or --cohort CODE."))
    if username:
        user = db.session.scalar(select(User).where(User.username_key == username_key(username)))
        return [user] if user else fail(_("No user “%(name)s”.", name=username))
    cohort = db.session.scalar(select(Cohort).where(Cohort.code == cohort_code))
    return list(cohort.trainees) if cohort else fail(_("No cohort “%(code)s”.", code=cohort_code))


@certificates_group.command("issue")
@click.option("--programme", required=True, help="foundational, advanced or tot")
@click.option("--user", "username", help="one person's username")
@click.option("--cohort", "cohort_code", help="every trainee of a cohort")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="write the PDFs here")
@with_appcontext
@unit_of_work()
def issue(programme: str, username: str | None, cohort_code: str | None, out: Path | None) -> None:
    """Issue a programme's certificate to one person or a whole cohort (eligible people only)."""
    found = catalogue().programme(programme) or fail(_("No programme “%(code)s”.", code=programme))
    people = _people(username, cohort_code)
    try:
        outcomes = issue_certificates(people, found, actor_id=None)
    except SigningKeyMissing as exc:
        fail(str(exc))
    refused, issued = 0, []
    for person, outcome in zip(people, outcomes, strict=True):
        if isinstance(outcome, NotEligible):
            refused += 1
            reasons = "; ".join(outcome.eligibility.missing)
            click.echo(
                _("%(name)s: not eligible: %(reasons)s", name=person.username, reasons=reasons),
                err=True,
            )
            continue
        issued.append(outcome.certificate)
        shown = {
            "name": person.username,
            "serial": outcome.certificate.serial,
            "code": outcome.certificate.code_display,
        }
        if outcome.created:
            click.echo(_("%(name)s: issued %(serial)s %(code)s", **shown))
        else:
            click.echo(_("%(name)s: already held %(serial)s %(code)s", **shown))
    if out is not None:  # the files only for certificates that exist: after the commit
        after_commit(lambda: _write_pdfs(issued, out))
    if refused and not issued:
        sys.exit(1)


def _write_pdfs(certificates: list, out: Path) -> None:
    from lms.certificates.pdf import render_certificate_pdf

    out.mkdir(parents=True, exist_ok=True)
    for certificate in certificates:
        (out / f"{certificate.serial}.pdf").write_bytes(render_certificate_pdf(certificate))


@certificates_group.command("revoke")
@click.argument("code")
@click.option("--reason", required=True)
@click.option(
    "--identifies-nobody",
    is_flag=True,
    help="the reason identifies nobody, despite the privacy guard's warning",
)
@with_appcontext
@unit_of_work()
def revoke(code: str, reason: str, identifies_nobody: bool) -> None:
    """Revoke a certificate, keeping the reason."""
    verdict = find_by_code(code)
    if verdict.certificate is None:
        fail(_no_certificate(code, verdict.status))
    try:
        revoke_certificate(verdict.certificate, reason, actor_id=None, confirmed=identifies_nobody)
    except IdentifyingText as exc:
        found = ", ".join(f"“{f.text}”" for f in exc.findings)
        fail(
            _(
                "%(code)s: the reason looks as if it could identify someone (%(found)s). "
                "Rewrite it, or add --identifies-nobody if it identifies nobody.",
                code=code,
                found=found,
            )
        )
    except CertificateError as exc:
        fail(f"{code}: {exc}")
    click.echo(_("%(serial)s: revoked", serial=verdict.certificate.serial))


def _describe(verdict) -> str:
    facts = verdict.facts or {}
    if facts.get("kind") == "transcript":
        return _(
            "%(status)s: transcript of %(holder)s, issued %(date)s",
            status=_outcome(verdict.status),
            holder=facts.get("holder", {}).get("name", "?"),
            date=facts.get("issued_on", "?"),
        )
    titles = facts.get("programme", {}).get("title", {})
    shown = {
        "status": _outcome(verdict.status),
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
    click.echo(_describe(verdict) if verdict.facts else _outcome(verdict.status))
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


@certificates_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def list_certificates(as_json: bool) -> None:
    """All certificates: code, holder, programme, status, date."""
    rows = [
        {
            "code": c.code_display,
            "serial": c.serial,
            "username": c.holder.username,
            "full_name": c.holder_name,
            "programme": c.programme,
            "status": c.status,
            "issued_at": c.issued_at.isoformat(),
        }
        for c in db.session.scalars(select(Certificate).order_by(Certificate.issued_at))
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(
            "\t".join(
                row[k]
                for k in (
                    "code",
                    "serial",
                    "username",
                    "full_name",
                    "programme",
                    "status",
                    "issued_at",
                )
            )
        )


@certificates_group.command("pdf")
@click.argument("code")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--language", default="en", type=click.Choice(LANGUAGES))
@with_appcontext
def pdf(code: str, out: Path, language: str) -> None:
    """Write one certificate's PDF."""
    from lms.certificates.pdf import render_certificate_pdf

    verdict = find_by_code(code)
    if verdict.certificate is None:
        fail(_no_certificate(code, verdict.status))
    out.write_bytes(render_certificate_pdf(verdict.certificate, language))
    click.echo(_("%(path)s written", path=out))
