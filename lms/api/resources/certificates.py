"""Certificates (resource group ``certificates``) and the public verification of a code.

Who may read a certificate is the PDF page's rule (``lms.accounts.cohorts.can_see_trainee``):
its holder, the trainers of the holder's cohorts, and admins; anything else is 404. The list
holds exactly those: one's own, and for a trainer those of their cohorts' trainees (the same
``trainees_trained_by`` the rule asks). ``/api/v1/verify/{code}`` needs no login, like
``/verify/<code>``, and counts against the same per-address limit.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import abort, current_app, request, url_for
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from lms.accounts.cohorts import can_see_trainee
from lms.accounts.models import User
from lms.accounts.trainers import trainees_trained_by
from lms.api.auth import Caller, api_access
from lms.api.errors import ApiError
from lms.api.lists import page_of_select, paged, region_ids
from lms.api.resources.certificates_schemas import (
    CertificateListQuery,
    CertificatePageSchema,
    CertificateSchema,
    VerdictSchema,
)
from lms.api.spec import API_PREFIX, ApiBlueprint
from lms.certificates.models import Certificate
from lms.certificates.verification import TYPO, UNKNOWN, find_by_code, status_of
from lms.core.database import LOCAL_TIMEZONE, writing_apart
from lms.core.extensions import db
from lms.core.ratelimit import allow

blp = ApiBlueprint(
    "api_certificates",
    __name__,
    url_prefix=f"{API_PREFIX}/certificates",
    description="Certificates: one's own, a trainer's cohorts' and (for admins) all of them.",
)
verify_blp = ApiBlueprint(
    "api_verify",
    __name__,
    url_prefix=f"{API_PREFIX}/verify",
    description="Public verification of a certificate's code: no login needed.",
)


def readable_certificate(caller: Caller, certificate_id: int) -> Certificate:
    """The certificate if the caller may see its holder's records, else 404."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not can_see_trainee(caller.user, certificate.user_id):
        abort(404)
    return certificate


def _visible(caller: Caller) -> Select:
    """The certificates whose holders ``can_see_trainee`` lets the caller see, as a SELECT."""
    # The replacement's code is in each answer: loaded with the page, not one by one.
    query = select(Certificate).options(selectinload(Certificate.superseded_by))
    if caller.user.has_role("admin"):
        return query
    return query.where(
        or_(
            Certificate.user_id == caller.user.id,
            Certificate.user_id.in_(trainees_trained_by(caller.user)),
        )
    )


def _local_start(day: date) -> datetime:
    """The UTC instant a local (Asia/Ashgabat) day starts: issue dates are local days."""
    return datetime.combine(day, time.min, tzinfo=LOCAL_TIMEZONE)


def _filtered(statement: Select, query: dict) -> Select:
    if "issued_from" in query:
        statement = statement.where(Certificate.issued_at >= _local_start(query["issued_from"]))
    if "issued_to" in query:
        end = _local_start(query["issued_to"] + timedelta(days=1))
        statement = statement.where(Certificate.issued_at < end)
    if "programme" in query:
        statement = statement.where(Certificate.programme == query["programme"])
    if "status" in query:
        statement = statement.where(Certificate.status == query["status"])
    if "region" in query:
        holders = select(User.id).where(User.region_id.in_(region_ids(query["region"])))
        statement = statement.where(Certificate.user_id.in_(holders))
    return statement


def _certificate(certificate: Certificate) -> dict:
    code = certificate.code_display
    revoked = None
    if certificate.status == "revoked" and certificate.revoked_at is not None:
        revoked = {"on": certificate.revoked_at.date(), "reason": certificate.revoked_reason}
    replacement = certificate.superseded_by
    return {
        "id": certificate.id,
        "code": code,
        "serial": certificate.serial,
        "programme": certificate.programme,
        "holder": {"id": certificate.user_id, "name": certificate.holder_name},
        "issued": certificate.issued_at,
        "expires_on": certificate.expires_on,
        "status": status_of(certificate),
        "revoked": revoked,
        "replaced_by": replacement.code_display if replacement is not None else None,
        "links": {
            "pdf": url_for("certificates.pdf", certificate_id=certificate.id),
            "openbadge": url_for("verify.openbadge", code=code),
            "verify": f"{current_app.config['PUBLIC_URL']}/verify/{code}",
        },
    }


@blp.get("")
@api_access("certificates")
@blp.etag
@blp.arguments(CertificateListQuery, location="query")
@blp.response(200, CertificatePageSchema)
def list_certificates(caller: Caller, query: dict):
    """The certificates the caller may see, newest first.

    Filters: issue date, programme, recorded status and the holder's region."""
    statement = _filtered(_visible(caller), query)
    statement = statement.order_by(Certificate.issued_at.desc(), Certificate.id.desc())
    return paged(page_of_select(statement, query, _certificate))


@blp.get("/<int:certificate_id>")
@api_access("certificates")
@blp.etag
@blp.response(200, CertificateSchema)
def get_certificate(caller: Caller, certificate_id: int):
    """One certificate, with links to its PDF, its Open Badges credential and its check."""
    return _certificate(readable_certificate(caller, certificate_id))


@verify_blp.before_request
def throttle():
    """The limit of /verify/<code>, on the same count: one address's lookups per minute."""
    with writing_apart():  # counted even when the lookup is answered 404 or 429
        allowed = allow(
            "verify", request.remote_addr or "?", current_app.config["VERIFY_RATE_LIMIT"]
        )
    if not allowed:
        raise ApiError(429, "rate_limited")


@verify_blp.get("/<code>")
@verify_blp.doc(security=[])
@verify_blp.etag
@verify_blp.response(200, VerdictSchema)
def verify(code: str):
    """What a certificate's code says (public: no token needed).

    valid, expired, revoked (with date and reason) or superseded; an unknown or mistyped code
    is 404 ``not_found``. Counted against the same per-address limit as /verify/<code>."""
    verdict = find_by_code(code)
    if verdict.status in (UNKNOWN, TYPO):
        raise ApiError(404, "not_found")
    certificate, facts = verdict.certificate, verdict.facts
    revoked = certificate.status == "revoked" and certificate.revoked_at is not None
    return {
        "status": verdict.status,
        "code": certificate.code_display,
        "serial": certificate.serial,
        "programme": facts["programme"],
        "holder": facts["holder"]["name"],
        "issued_on": facts["issued_on"],
        "expires_on": facts["expires_on"],
        "revoked_on": certificate.revoked_at.date().isoformat() if revoked else None,
        "revoked_reason": certificate.revoked_reason if revoked else None,
        "replaced_by": (
            certificate.superseded_by.code_display if certificate.superseded_by else None
        ),
    }
