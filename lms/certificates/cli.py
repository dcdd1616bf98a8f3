"""``lms certificates``: keygen (and key rotation), issue, revoke, list, pdf.

``verify`` is in ``verify_cli.py`` and ``status-list`` in ``status_cli.py``; both join this group.
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
    rotate_key,
)
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
)
from lms.core.cli import fail
from lms.core.database import local_today
from lms.core.extensions import db
from lms.core.privacy import IdentifyingText
from lms.core.unit_of_work import after_commit, unit_of_work
from lms.courses.content import catalogue
from lms.i18n.languages import LANGUAGES


def outcome(status: str) -> str:
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
