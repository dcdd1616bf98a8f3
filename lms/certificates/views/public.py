"""Public verification: no login. Rate limited per client address against enumeration."""

from __future__ import annotations

from flask import abort, current_app, jsonify, redirect, render_template, request, url_for

from lms.certificates.openbadges import signed_credential
from lms.certificates.signing import SigningKeyMissing, issuer_key
from lms.certificates.verification import TYPO, UNKNOWN, find_by_code
from lms.certificates.views.blueprint import verify_bp
from lms.core.caching import public_page
from lms.core.database import writing_apart
from lms.core.ratelimit import allow


@verify_bp.before_request
def throttle():
    # Counted apart from the request, even on GET: a lookup answered 404 or 429 (rolled back
    # as every error answer is) must count as much as one that found a certificate.
    with writing_apart():
        allowed = allow(
            "verify", request.remote_addr or "?", current_app.config["VERIFY_RATE_LIMIT"]
        )
    if not allowed:
        abort(429)


def _public_facts(verdict) -> dict:
    certificate = verdict.certificate
    facts = verdict.facts
    data = {
        "status": verdict.status,
        "serial": certificate.serial,
        "code": certificate.code_display,
        "holder": facts["holder"]["name"],
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
    return render_template("certificates/verify_form.html")


@verify_bp.get("/verify/<code>")
@public_page
def verify_page(code: str):
    verdict, found = _verdict_or_404(code)
    if not found:
        return render_template(
            "certificates/verify_unknown.html", code=code, typo=verdict.status == TYPO
        ), 404
    return render_template("certificates/verify.html", verdict=verdict, data=_public_facts(verdict))


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
    return render_template("certificates/issuer.html", key=key)
