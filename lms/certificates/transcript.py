"""Transcripts: everything a trainee has done, as a signed PDF that verifies like a certificate.

The facts (``kind: transcript``) list every programme the trainee is enrolled in (each module's
lessons read and best quiz result), the approved practice hours by category with who signed them
off, the competency profile (evidence and status) and the certificates held. The PDF shows
exactly these facts; they are signed (RFC 8785 bytes, as certificates) and the file is sealed
(``offline_verify.seal_pdf``), so ``lms certificates verify transcript.pdf --key jwks.json``
checks it with the public keys alone.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import func, select

from lms.accounts.models import Cohort, User
from lms.certificates.canonical import FACTS_VERSION, canonical_json
from lms.certificates.models import Certificate
from lms.certificates.offline_verify import seal_pdf
from lms.certificates.signing import b64, issuer_key
from lms.competencies.evidence import profile
from lms.core.database import local_today
from lms.core.extensions import db
from lms.core.pdf import render_pdf
from lms.courses.catalogue import Programme, Titles
from lms.courses.content import catalogue
from lms.courses.enrolment import enrolled_codes
from lms.courses.progress import cohort_progress
from lms.practice.categories import categories
from lms.practice.counting import recorded
from lms.practice.models import Placement, PracticeEntry
from lms.quizzes.results import best_results_for

PACKAGE_DIR = Path(__file__).resolve().parent
KIND = "transcript"
# The language pairs a transcript is made in: Turkmen first, as certificates.
PAIRS = {"tk-en": ("tk", "en"), "tk-ru": ("tk", "ru")}


def _titles(titles: Titles) -> dict[str, str]:
    return {"en": titles.en, "tk": titles.tk or titles.en, "ru": titles.ru or titles.en}


def _modules(programme: Programme, user_id: int) -> tuple[dict, list[dict]]:
    progress = cohort_progress(programme, [user_id])[user_id]
    results = best_results_for([user_id], programme.code).get(user_id, {})
    modules = []
    for module in progress.modules:
        result = results.get(module.module.slug) if module.module.quiz is not None else None
        quiz = None
        if module.module.quiz is not None:
            quiz = {
                "best_percent": round(result.best_percent) if result else None,
                "passed": bool(result and result.passed),
                "attempts": result.attempts if result else 0,
            }
        modules.append(
            {
                "slug": module.module.slug,
                "title": _titles(module.module.titles),
                "lessons": {"read": module.done, "total": module.total},
                "quiz": quiz,
            }
        )
    return {"read": progress.done, "total": progress.total}, modules


def _practice(user_id: int) -> dict[str, list[dict]]:
    """Approved practice minutes by programme and category, with who approved them."""
    rows = db.session.execute(
        select(
            Cohort.programme,
            PracticeEntry.category,
            PracticeEntry.reviewed_by_id,
            func.sum(PracticeEntry.minutes),
        )
        .join(Placement, Placement.id == PracticeEntry.placement_id)
        .join(Cohort, Cohort.id == Placement.cohort_id)
        .where(PracticeEntry.trainee_id == user_id, recorded())
        .group_by(Cohort.programme, PracticeEntry.category, PracticeEntry.reviewed_by_id)
    ).all()
    reviewer_ids = {row[2] for row in rows if row[2] is not None}
    names = dict(
        db.session.execute(select(User.id, User.full_name).where(User.id.in_(reviewer_ids))).all()
        if reviewer_ids
        else []
    )
    minutes: dict[tuple[str, str], int] = defaultdict(int)
    signers: dict[tuple[str, str], set[str]] = defaultdict(set)
    for programme, category, reviewer_id, total in rows:
        minutes[programme, category] += int(total or 0)
        if reviewer_id in names:
            signers[programme, category].add(names[reviewer_id])
    found: dict[str, list[dict]] = defaultdict(list)
    known = categories()
    for programme, category in sorted(minutes):
        entry = known.get(category)
        found[programme].append(
            {
                "category": category,
                "title": _titles(entry.titles if entry else Titles(en=category)),
                "approved_minutes": minutes[programme, category],
                "signed_off_by": sorted(signers[programme, category]),
            }
        )
    return dict(found)


def _competencies(programme: Programme, user_id: int) -> list[dict]:
    return [
        {
            "code": e.code,
            "title": _titles(e.title),
            "status": e.status,
            "evidence": {
                "quiz_questions": e.questions,
                "quiz_percent": round(e.quiz_percent) if e.quiz_percent is not None else None,
                "practice_minutes": e.practice_minutes,
                "rating": e.rating,
            },
        }
        for e in profile(user_id, programme)
    ]


def _certificates(user_id: int) -> list[dict]:
    held = db.session.scalars(
        select(Certificate)
        .where(Certificate.user_id == user_id)
        .order_by(Certificate.issued_at, Certificate.id)
    )
    return [
        {
            "code": c.verification_code,
            "serial": c.serial,
            "programme": c.programme,
            "title": c.facts["programme"]["title"],
            "issued_on": c.facts["issued_on"],
            "status": c.status,
        }
        for c in held
    ]


def transcript_facts(user: User, pair: str) -> dict:
    """What the transcript states, exactly as it is signed (integers and text, no floats)."""
    practice = _practice(user.id)
    programmes = []
    codes = enrolled_codes(user)
    for programme in catalogue().programmes:
        if programme.code not in codes:
            continue
        lessons, modules = _modules(programme, user.id)
        programmes.append(
            {
                "code": programme.code,
                "title": _titles(programme.titles),
                "lessons": lessons,
                "modules": modules,
                "practice": practice.get(programme.code, []),
                "competencies": _competencies(programme, user.id),
            }
        )
    return {
        "kind": KIND,
        "version": FACTS_VERSION,
        "issuer": current_app.config["ISSUER_NAME"],
        "key": issuer_key().did,
        "holder": {"name": user.full_name},
        "issued_on": local_today().isoformat(),
        "languages": list(PAIRS[pair]),
        "programmes": programmes,
        "certificates": _certificates(user.id),
    }


def signed_transcript(facts: dict) -> dict:
    """The signed document the PDF carries: the facts, their signature and the key."""
    key = issuer_key()
    return {"facts": facts, "signature": b64(key.sign(canonical_json(facts))), "key": key.did}


def render_transcript_pdf(user: User, pair: str) -> bytes:
    """The transcript as a sealed A4 PDF in the pair's two languages (``PAIRS``)."""
    first, second = PAIRS[pair]
    facts = transcript_facts(user, pair)
    html = render_template(
        "certificates/pdf/transcript.html",
        facts=facts,
        first=first,
        second=second,
        verify_url=f"{current_app.config['PUBLIC_URL']}/verify/",
    )
    pdf = render_pdf(html, base=PACKAGE_DIR)
    key = issuer_key()
    return seal_pdf(pdf, signed_transcript(facts), key.sign, key.verification_method, local_today())
