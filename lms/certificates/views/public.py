"""Public verification: no login. Lookups by code are rate limited per client address against
enumeration; the issuer's published keys (``/.well-known/jwks.json`` and the ``did:web``
document ``/.well-known/did.json``) are not: they name no certificate, and every browser that
checks a file or a QR claim fetches them."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from lms.certificates.keyset import KeySet
from lms.certificates.offline_verify import MAX_PDF_BYTES
from lms.certificates.openbadges import signed_credential
from lms.certificates.signing import SigningKeyMissing, issuer_key, published_keys
from lms.certificates.verification import TYPO, UNKNOWN, find_by_code
from lms.certificates.views.blueprint import verify_bp
from lms.core.caching import public_page
from lms.core.database import writing_apart
from lms.core.ratelimit import allow

# Nothing looked up: the keys, and the empty form (a phone's offline worker fetches it whenever it
# installs; a code typed into it is redirected to, and counted at, the lookup).
UNTHROTTLED = ("verify.jwks", "verify.did_document", "verify.verify_form")


@verify_bp.before_request
def throttle():
    if request.endpoint in UNTHROTTLED:
        return None
    # Counted apart from the request, even on GET: a lookup answered 404 or 429 (rolled back
    # as every error answer is) must count as much as one that found a certificate.
    with writing_apart():
        allowed = allow(
            "verify", request.remote_addr or "?", current_app.config["VERIFY_RATE_LIMIT"]
        )
    if not allowed:
        abort(429)


def _holder_shown(certificate, facts) -> str:
    """The signed name, or the pseudonym once the holder was erased (docs/privacy.md): the
    signed facts cannot change, but the page no longer publishes the name they hold."""
    if certificate.holder.erased_at is not None:
        return certificate.holder_name
    return facts["holder"]["name"]


def _public_facts(verdict) -> dict:
    certificate = verdict.certificate
    facts = verdict.facts
    data = {
        "status": verdict.status,
        "serial": certificate.serial,
        "code": certificate.code_display,
        "holder": _holder_shown(certificate, facts),
        "programme": facts["programme"],
        "issued_on": facts["issued_on"],
        "expires_on": facts["expires_on"],
        "issuer": facts["issuer"],
        # What the signature also covers: a reader compares them with the paper.
        "hours": facts.get("hours") or {},
        "competencies": facts.get("competencies") or [],
    }
    if certificate.status == "revoked":
        data["revoked_on"] = certificate.revoked_at.date().isoformat()
        data["revoked_reason"] = certificate.revoked_reason
    if certificate.superseded_by is not None:
        data["replaced_by"] = certificate.superseded_by.code_display
    return data


def _check_messages() -> dict[str, str]:
    """What static/js/verify.js says, in the page's language."""
    compromised = _("Signed by a compromised key: this signature cannot be trusted.")
    unknown = _("Unknown issuer: signed with a key this site never published.")
    return {
        "verdict:checking": _("Checking…"),
        "verdict:valid": _("Valid: the file is exactly as the issuer signed it."),
        "verdict:expired": _("Expired: genuine, but valid only until %(date)s."),
        "verdict:tampered": _("Tampered: the file was changed after it was signed."),
        "verdict:modified after signing": _(
            "Modified after signing: something was added to the file after it was signed, "
            "for example another name drawn over the page. Only the signed facts below are "
            "genuine."
        ),
        "verdict:facts signature bad": _("The signed facts do not match their signature."),
        "verdict:compromised key": compromised,
        "verdict:unknown issuer": unknown,
        "verdict:not a pdf": _("This is not a PDF file."),
        "verdict:not a certificate": _("This PDF is not one of our certificates."),
        "verdict:too large": _("This file is too large to be a certificate."),
        "verdict:truncated": _("This file is incomplete: part of it is missing."),
        "verdict:not sealed": _(
            "This file carries no seal that can be checked: it is not one of our certificates, "
            "it was rewritten, or it was made before certificates were sealed. Check the code "
            "printed on it instead."
        ),
        "verdict:claim:valid": _("The QR code's signed details are genuine."),
        "verdict:claim:altered": _("Altered: the QR code's link does not match its signature."),
        "verdict:claim:compromised key": compromised,
        "verdict:claim:unknown issuer": unknown,
        "file_note": _("Compare these signed facts with the paper."),
        "offline_note": _(
            "You are offline: whether the certificate was revoked since cannot be checked now. "
            "Connect to the internet and open this page again to see it."
        ),
        "no_keys": _(
            "The issuer's public keys could not be loaded. Connect to the internet once and "
            "try again."
        ),
        "unsupported": _(
            "This browser cannot check Ed25519 signatures. Use an up-to-date browser, or the "
            "code printed on the certificate."
        ),
        "holder": _("Holder"),
        "programme": _("Programme"),
        "issued_on": _("Issued on"),
        "valid_until": _("Valid until"),
        "practice": _("Supervised practice"),
        "hours_counted": _("%(hours)s hours counted"),
        "hours_direct": _("%(hours)s hours of direct work with people"),
        "hours_supervision": _("%(hours)s hours of supervision"),
        "competencies": _("Competencies shown proficient"),
        "serial": _("Serial number"),
        "code": _("Verification code"),
        "issuer": _("Issuer"),
        "lessons_read": _("%(read)s of %(total)s lessons read"),
        "quizzes_passed": _("%(passed)s of %(total)s quizzes passed"),
        "hours_approved": _("%(hours)s hours of practice approved"),
        "competencies_proficient": _("%(n)s of %(total)s competencies proficient"),
        "certificates": _("Certificates"),
    }


def _check(page: str) -> dict:
    return {
        "check_page": page,
        "check_messages": _check_messages(),
        "check_max_bytes": MAX_PDF_BYTES,
    }


def _verdict_or_404(code: str):
    verdict = find_by_code(code)
    if verdict.status in (UNKNOWN, TYPO):
        return verdict, False
    return verdict, True


@verify_bp.get("/verify/")
@public_page
def verify_form():
    code = request.args.get("code", "").strip()[:64]
    if code:
        return redirect(url_for("verify.verify_page", code=code))
    return render_template("certificates/verify_form.html", **_check("form"))


@verify_bp.get("/verify/<code>")
@public_page
def verify_page(code: str):
    verdict, found = _verdict_or_404(code)
    if not found:
        return render_template(
            "certificates/verify_unknown.html", code=code, typo=verdict.status == TYPO
        ), 404
    return render_template(
        "certificates/verify.html", verdict=verdict, data=_public_facts(verdict), **_check("result")
    )


@verify_bp.get("/verify/<code>.json")
@public_page
def verify_json(code: str):
    verdict, found = _verdict_or_404(code)
    if not found:
        return jsonify({"status": verdict.status, "code": code}), 404
    return jsonify(_public_facts(verdict))


@verify_bp.get("/verify/<code>/openbadge.json")
@public_page
def openbadge(code: str):
    verdict, found = _verdict_or_404(code)
    if not found:
        return jsonify({"status": verdict.status, "code": code}), 404
    if verdict.certificate.holder.erased_at is not None:
        # The signed credential names the holder and cannot be re-signed under a pseudonym:
        # once the holder is erased it is no longer published (the verify page still answers).
        return jsonify({"status": "withheld", "code": code}), 410
    try:
        credential = signed_credential(verdict.certificate, issuer_key())
    except SigningKeyMissing:
        abort(503)
    response = jsonify(credential)
    response.mimetype = "application/vc+ld+json"
    return response


@verify_bp.get("/verify/issuer")
@public_page
def issuer():
    """The issuer's public key, so anyone can check certificates offline."""
    key = issuer_key()
    if request.args.get("format") == "json":
        return jsonify(
            {
                "id": key.did,
                "name": current_app.config["ISSUER_NAME"],
                "verificationMethod": key.verification_method,
                "publicKeyPem": key.public_pem,
            }
        )
    earlier = [k for k in _published_or_503().keys if k.kid != key.verification_method]
    return render_template("certificates/issuer.html", key=key, earlier=earlier)


def _published_or_503() -> KeySet:
    try:
        return published_keys()
    except SigningKeyMissing:
        abort(503)


def _shared(response, mimetype: str):
    response.mimetype = mimetype
    # Any verifier may fetch the keys, from any page of any site.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@verify_bp.get("/.well-known/jwks.json")
@public_page
def jwks():
    """Every key the issuer has signed with (docs/certificates.md: status, compromised_from)."""
    return _shared(jsonify(_published_or_503().jwks()), "application/jwk-set+json")


def did_web() -> str:
    """The site as a did:web identifier (host, port percent-encoded, then any path)."""
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    path = [quote(segment) for segment in parts.path.split("/") if segment]
    return ":".join(["did:web", quote(parts.netloc), *path])


@verify_bp.get("/.well-known/did.json")
@public_page
def did_document():
    """The did:web document: the same keys as Multikey verification methods."""
    keys, did = _published_or_503(), did_web()
    methods = [
        {
            "id": f"{did}#{key.did.removeprefix('did:key:')}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.did.removeprefix("did:key:"),
        }
        for key in keys.keys
    ]
    document = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "alsoKnownAs": [key.did for key in keys.keys],
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
    return _shared(jsonify(document), "application/did+json")
