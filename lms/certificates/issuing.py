"""Issuing, revoking and re-issuing certificates. Services flush, never commit.

Issuing is idempotent: asking again for a person who already holds a valid certificate of the
programme returns that certificate. Every issue, revocation and re-issue is audited. A cohort's
certificates go through ``issue_certificates``, which checks everyone's eligibility at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.accounts.self_decisions import refuse_self
from lms.certificates.canonical import FACTS_VERSION, canonical_json
from lms.certificates.codes import new_code
from lms.certificates.eligibility import Eligibility, check_eligibility_for
from lms.certificates.models import Certificate
from lms.certificates.signing import b64, issuer_key
from lms.certificates.status_publish import next_status_index, status_changed, status_entry
from lms.core import audit
from lms.core.database import local_today, utcnow
from lms.core.extensions import db
from lms.core.privacy import require_clean
from lms.core.search import starts_with
from lms.core.transitions import claim
from lms.courses.catalogue import Programme
from lms.courses.content import catalogue
from lms.notifications.sending import notify


class CertificateError(ValueError):
    """A certificate rule was broken; the message is for the person acting."""


class NotEligible(CertificateError):
    def __init__(self, eligibility: Eligibility):
        super().__init__("; ".join(eligibility.missing))
        self.eligibility = eligibility


@dataclass(frozen=True)
class IssueOutcome:
    certificate: Certificate
    created: bool


def _expiry(programme: Programme, issued: date) -> date | None:
    years = programme.certificate.valid_years
    if not years:
        return None
    try:
        return issued.replace(year=issued.year + years)
    except ValueError:  # 29 February
        return issued.replace(year=issued.year + years, day=28)


def competency_facts(programme: Programme) -> list[dict]:
    """The programme's required competencies as the facts (and the badge) name them."""
    framework = catalogue().framework(programme.framework)
    codes = programme.certificate.competencies_proficient
    found = [framework.competency(code) for code in codes] if framework else []
    return [{"code": c.code, "title": c.titles.en} for c in found if c is not None]


def build_facts(
    user: User,
    programme: Programme,
    eligibility: Eligibility,
    serial: str,
    code: str,
    issued: date,
    expires: date | None,
) -> dict:
    """What the certificate certifies, exactly as it is signed (no floats: canonical JSON)."""
    titles = programme.titles
    return {
        "version": FACTS_VERSION,
        "serial": serial,
        "code": code,
        "issuer": current_app.config["ISSUER_NAME"],
        "key": issuer_key().did,
        "holder": {"name": user.full_name},
        "programme": {
            "code": programme.code,
            "title": {"en": titles.en, "tk": titles.tk or titles.en, "ru": titles.ru or titles.en},
        },
        "issued_on": issued.isoformat(),
        "expires_on": expires.isoformat() if expires else None,
        "hours": {k: str(v) for k, v in eligibility.hours.items()},
        "competencies": competency_facts(programme),
        "url": f"{current_app.config['PUBLIC_URL']}/verify/{code}",
    }


def _serials(programme: Programme, year: int) -> Iterator[str]:
    """The next serials of the programme and year, numbered on from those already given (counted
    once, when the first is taken: a batch does not count again for each certificate)."""
    prefix = f"SW-{programme.serial_prefix}-{year}-"
    if db.session.get_bind().dialect.name == "postgresql":
        # Two admins issuing at once would count the same certificates and take the same serial:
        # the second waits here until the first's transaction ends, then counts its certificates
        # too. (SQLite writers already queue for the write lock when they begin.)
        db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(prefix))))
    count = db.session.scalar(
        select(func.count()).select_from(Certificate).where(starts_with(Certificate.serial, prefix))
    )
    for number in itertools.count(count + 1):
        yield f"{prefix}{number:06d}"


def _next_serial(programme: Programme, year: int) -> str:
    return next(_serials(programme, year))


def valid_certificate(user_id: int, programme_code: str) -> Certificate | None:
    return valid_certificates([user_id], programme_code).get(user_id)


def valid_certificates(user_ids: list[int], programme_code: str) -> dict[int, Certificate]:
    """The valid certificate of the programme each of these people holds, by user id."""
    if not user_ids:
        return {}
    found = db.session.scalars(
        select(Certificate).where(
            Certificate.user_id.in_(user_ids),
            Certificate.programme == programme_code,
            Certificate.status == "valid",
        )
    )
    return {certificate.user_id: certificate for certificate in found}


def _signed(user: User, programme: Programme, facts: dict, actor_id: int | None) -> Certificate:
    key = issuer_key()
    status_index = next_status_index()
    facts = {**facts, "credentialStatus": status_entry(status_index)}  # its own, on re-issue too
    certificate = Certificate(
        serial=facts["serial"],
        verification_code=facts["code"],
        user_id=user.id,
        programme=programme.code,
        holder_name=user.full_name,
        expires_on=date.fromisoformat(facts["expires_on"]) if facts["expires_on"] else None,
        facts_json=canonical_json(facts).decode(),
        signature=b64(key.sign(canonical_json(facts))),  # facts of FACTS_VERSION: RFC 8785
        key_id=key.did,
        issued_by_id=actor_id,
        status_index=status_index,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def _issue(
    user: User,
    programme: Programme,
    eligibility: Eligibility,
    serial: str,
    issued: date,
    actor_id: int | None,
) -> Certificate:
    """Sign, store and audit the certificate of an eligible person."""
    code = new_code()
    facts = build_facts(
        user, programme, eligibility, serial, code, issued, _expiry(programme, issued)
    )
    certificate = _signed(user, programme, facts, actor_id)
    audit.record(
        "certificate.issued",
        actor_id=actor_id,
        target_type="certificate",
        target_id=certificate.id,
        serial=certificate.serial,
        holder=user.username,
        programme=programme.code,
    )
    notify(user.id, "certificate_issued", "certificate", certificate.id, actor_id=actor_id)
    return certificate


def issue_certificates(
    users: Iterable[User], programme: Programme, *, actor_id: int | None
) -> list[IssueOutcome | NotEligible]:
    """Issue the programme's certificate to each eligible person of ``users`` (or return the one
    they hold); for each, in order, its outcome or ``NotEligible`` with the reasons (returned,
    not raised). Eligibility is checked for everyone at once, in a fixed number of queries."""
    users = list(users)
    for user in users:
        refuse_self(actor_id, user)
    held = valid_certificates([user.id for user in users], programme.code)
    checked = check_eligibility_for([u for u in users if u.id not in held], programme)
    issued = local_today()
    serials = _serials(programme, issued.year)
    outcomes: list[IssueOutcome | NotEligible] = []
    for user in users:
        if user.id in held:
            outcomes.append(IssueOutcome(held[user.id], created=False))
        elif not checked[user.id].eligible:
            outcomes.append(NotEligible(checked[user.id]))
        else:
            certificate = _issue(user, programme, checked[user.id], next(serials), issued, actor_id)
            held[user.id] = certificate  # the same person twice in ``users``: issued once
            outcomes.append(IssueOutcome(certificate, created=True))
    return outcomes


def issue_certificate(user: User, programme: Programme, *, actor_id: int | None) -> IssueOutcome:
    """Issue the programme's certificate to an eligible person (or return the one they hold)."""
    (outcome,) = issue_certificates([user], programme, actor_id=actor_id)
    if isinstance(outcome, NotEligible):
        raise outcome
    return outcome


def _refuse_unless_valid(certificate: Certificate, *, reissuing: bool = False) -> None:
    """The "already done" refusal of a revocation or re-issue of a certificate no longer valid
    (also when another admin's revocation or re-issue won the race a moment ago)."""
    if certificate.status == "revoked":
        if reissuing:
            raise CertificateError(_("This certificate is revoked; only a valid one is re-issued."))
        raise CertificateError(_("This certificate is already revoked."))
    if certificate.status != "valid":
        if reissuing:
            raise CertificateError(
                _("This certificate is superseded; only a valid one is re-issued.")
            )
        raise CertificateError(_("This certificate is already superseded."))


def revoke_certificate(
    certificate: Certificate, reason: str, *, actor_id: int | None, confirmed: bool = False
) -> None:
    """Revoke a valid certificate; the reason passes the privacy guard (or is ``confirmed``)."""
    reason = " ".join(reason.split())
    if not reason:
        raise CertificateError(_("A revocation needs a reason."))
    require_clean([reason], confirmed=confirmed)
    _refuse_unless_valid(certificate)
    revoked = claim(
        certificate,
        "status",
        "valid",
        status="revoked",
        revoked_at=utcnow(),
        revoked_reason=reason,
        revoked_by_id=actor_id,
    )
    if not revoked:  # another admin revoked or re-issued it a moment ago
        _refuse_unless_valid(certificate)
        raise CertificateError(_("This certificate is already revoked."))
    status_changed(certificate)
    audit.record(
        "certificate.revoked",
        actor_id=actor_id,
        target_type="certificate",
        target_id=certificate.id,
        serial=certificate.serial,
        reason=reason,
    )
    notify(
        certificate.user_id, "certificate_revoked", "certificate", certificate.id, actor_id=actor_id
    )


def reissue_certificate(
    certificate: Certificate, reason: str, *, actor_id: int | None, confirmed: bool = False
) -> Certificate:
    """Replace a valid certificate with a corrected one (e.g. a misspelt name now fixed).

    The reason passes the privacy guard (or is ``confirmed``)."""
    refuse_self(actor_id, certificate.user_id)
    reason = " ".join(reason.split())
    if not reason:
        raise CertificateError(_("A re-issue needs a reason."))
    require_clean([reason], confirmed=confirmed)
    _refuse_unless_valid(certificate, reissuing=True)
    programme = catalogue().programme(certificate.programme)
    if programme is None:
        raise CertificateError(_("The programme of this certificate is no longer in the content."))
    # Claimed first: the one-valid-per-programme index must see the old one go, and of two
    # admins re-issuing at once only one gets here (the other is told it is already done).
    if not claim(certificate, "status", "valid", status="superseded"):
        _refuse_unless_valid(certificate, reissuing=True)
        raise CertificateError(_("This certificate is already superseded."))
    holder = certificate.holder
    code = new_code()
    facts = dict(certificate.facts)  # same achievement; corrected holder details
    facts.update(
        serial=_next_serial(programme, local_today().year),
        code=code,
        holder={"name": holder.full_name},
        issued_on=local_today().isoformat(),
        key=issuer_key().did,
        url=f"{current_app.config['PUBLIC_URL']}/verify/{code}",
        replaces=certificate.serial,
    )
    replacement = _signed(holder, programme, facts, actor_id)
    certificate.superseded_by_id = replacement.id
    status_changed(certificate)
    audit.record(
        "certificate.reissued",
        actor_id=actor_id,
        target_type="certificate",
        target_id=certificate.id,
        serial=certificate.serial,
        replacement=replacement.serial,
        reason=reason,
    )
    return replacement
