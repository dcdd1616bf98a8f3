"""A certificate as an Open Badges 3.0 ``OpenBadgeCredential`` (VC data model 2.0) with an Ed25519
Data Integrity proof, cryptosuite ``eddsa-jcs-2022`` (JSON canonicalisation, RFC 8785).

The programme's required competencies travel as the achievement's alignments.
"""

from __future__ import annotations

import hashlib

from flask import current_app

from lms.certificates.canonical import VERIFIABLE_FORMS, canonical_json
from lms.certificates.issuing import competency_facts
from lms.certificates.models import Certificate
from lms.certificates.signing import IssuerKey, base58btc, base58btc_decode
from lms.certificates.status_publish import credential_status
from lms.courses.catalogue import Programme

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CRYPTOSUITE = "eddsa-jcs-2022"


def _achievement(facts: dict, base: str) -> dict:
    programme = facts["programme"]
    alignments = [
        {
            "type": ["Alignment"],
            "targetName": c["title"],
            "targetCode": c["code"],
            "targetUrl": f"{base}/frameworks/TM-SW#{c['code']}",
            "targetType": "ceasn:Competency",
        }
        for c in facts.get("competencies", [])
    ]
    achievement = {
        "id": f"{base}/achievements/{programme['code']}",
        "type": ["Achievement"],
        "name": programme["title"]["en"],
        "description": f"Completion of the {programme['title']['en']} of the national social work "
        "training programme of Turkmenistan.",
        "criteria": {
            "narrative": "Lessons read, module quizzes passed, supervised practice hours "
            "approved and required competencies assessed as proficient."
        },
        "achievementType": "Certificate",
    }
    if alignments:
        achievement["alignment"] = alignments
    return achievement


def programme_achievement(programme: Programme) -> dict:
    """The Achievement a programme's badges name, as published at its ``id`` (JSON-LD)."""
    facts = {
        "programme": {"code": programme.code, "title": {"en": programme.titles.en}},
        "competencies": competency_facts(programme),
    }
    base = current_app.config["PUBLIC_URL"]
    return {"@context": CONTEXTS, **_achievement(facts, base)}


def unsigned_credential(certificate: Certificate, key: IssuerKey) -> dict:
    facts = certificate.facts
    base = current_app.config["PUBLIC_URL"]
    credential = {
        "@context": CONTEXTS,
        "id": f"{base}/verify/{certificate.verification_code}/openbadge.json",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": key.did, "type": ["Profile"], "name": facts["issuer"], "url": base},
        "validFrom": certificate.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "name": facts["programme"]["title"]["en"],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": facts["holder"]["name"],
            "achievement": _achievement(facts, base),
        },
        # Revocation everyone can see: the certificate's entry in the published status list.
        "credentialStatus": credential_status(certificate),
    }
    if certificate.expires_on:
        credential["validUntil"] = f"{certificate.expires_on.isoformat()}T23:59:59Z"
    return credential


def _hash_data(document: dict, proof_options: dict, canonical=canonical_json) -> bytes:
    return (
        hashlib.sha256(canonical(proof_options)).digest()
        + hashlib.sha256(canonical(document)).digest()
    )


def signed_credential(certificate: Certificate, key: IssuerKey) -> dict:
    """The credential with its Data Integrity proof (created = the certificate's issue time)."""
    document = unsigned_credential(certificate, key)
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": document["validFrom"],
        "verificationMethod": key.verification_method,
        "proofPurpose": "assertionMethod",
        "@context": document["@context"],
    }
    signature = key.sign(_hash_data(document, options))
    proof = {k: v for k, v in options.items() if k != "@context"}
    proof["proofValue"] = "z" + base58btc(signature)
    return {**document, "proof": [proof]}


def verify_credential(credential: dict, key: IssuerKey) -> bool:
    """Check an eddsa-jcs-2022 proof made by ``signed_credential``."""
    proofs = credential.get("proof") or []
    if len(proofs) != 1 or proofs[0].get("cryptosuite") != CRYPTOSUITE:
        return False
    proof = dict(proofs[0])
    value = proof.pop("proofValue", "")
    if not value.startswith("z") or proof.get("verificationMethod") != key.verification_method:
        return False
    document = {k: v for k, v in credential.items() if k != "proof"}
    options = {**proof, "@context": document["@context"]}
    signature = base58btc_decode(value[1:])
    return any(
        key.verify(signature, _hash_data(document, options, canonical))
        for canonical in VERIFIABLE_FORMS
    )
