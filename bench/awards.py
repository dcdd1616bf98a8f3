"""What a finished course earns: trainers' competency statuses where the quizzes left a required
competency unproven, observed co-facilitation (ToT), and certificates (with those of the
earlier courses an advanced or ToT certificate requires).

Certificates are built by the app's own ``build_facts`` and signed with the bench's issuer key,
exactly as ``issuing.issue_certificate`` stores them (serials numbered per programme and year in
the order of issue, verification codes from ``codes.new_code``), so the verify page, the pool
register and offline PDF verification all work on them. About one in a hundred is revoked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from bench.learning import COURSE_DAYS, Enrolment, at_local
from bench.practice import Minutes, placement_dates
from lms.certificates.canonical import canonical_json
from lms.certificates.codes import new_code
from lms.certificates.eligibility import Eligibility
from lms.certificates.issuing import _expiry, build_facts
from lms.certificates.models import Certificate, CoFacilitation
from lms.certificates.signing import b64, issuer_key
from lms.competencies.evidence import apply_rule
from lms.competencies.models import CompetencyStatusOverride
from lms.core.database import LOCAL_TIMEZONE
from lms.courses.catalogue import Programme

OVERRIDES = CompetencyStatusOverride.__table__
CO_FACILITATIONS = CoFacilitation.__table__
CERTIFICATES = Certificate.__table__
OVERRIDE_NOTE = "Observed during the placement and discussed in supervision; meets the standard."
REVOKED_EVERY = 100
REVOKE_REASON = "Issued in error: the practice log it relied on was corrected."
# Hours of a finished placement (see bench.practice), for the courses before the trainee's cohort.
FINISHED_PLACEMENT = Minutes(direct=40 * 240, indirect=40 * 120, supervision=8 * 90)
TOPICS = ("Active listening in a first interview", "Planning a home visit", "Using supervision")


def unproven(programme: Programme, scores: dict, rated: set[str]) -> list[str]:
    """Required competencies the evidence does not make proficient (the rule of ``evidence``)."""
    missing = []
    for code in programme.certificate.competencies_proficient:
        total, count = scores.get(code, (0.0, 0))
        percent = round(100 * total / count, 1) if count else None
        rating = 3 if code in rated else None  # end-of-placement ratings are 3 to 5
        if apply_rule(programme.competency_rule, percent, 0, rating) != "proficient":
            missing.append(code)
    return missing


def override_rows(ids, enrolment: Enrolment, programme: Programme, codes: list[str]):
    set_at = at_local(enrolment.starts + timedelta(days=COURSE_DAYS - 1), 16)
    for code in codes:
        yield {
            "id": ids.take("override"),
            "user_id": enrolment.user_id,
            "programme": programme.code,
            "code": code,
            "status": "proficient",
            "note": OVERRIDE_NOTE,
            "set_by_id": enrolment.trainer_id,
            "set_at": set_at,
        }


def co_facilitation_rows(ids, enrolment: Enrolment, needed: int, rng: random.Random):
    starts, _ends = placement_dates(enrolment)
    for n in range(needed):
        held = starts + timedelta(days=14 * (n + 1))
        yield {
            "id": ids.take("co_facilitation"),
            "trainee_id": enrolment.user_id,
            "observer_id": enrolment.trainer_id,
            "held_on": held,
            "topic": TOPICS[n % len(TOPICS)],
            "rating": rng.choice((3, 4, 4, 5)),
            "comments": "Well prepared; kept the group engaged.",
            "recorded_at": at_local(held, 18),
        }


@dataclass(frozen=True)
class Award:
    """A certificate to issue: to whom, for which programme, on which day, for what hours."""

    enrolment: Enrolment
    programme: Programme
    minutes: Minutes
    issued: date


def _hours(minutes: Minutes) -> dict[str, int]:
    """``Eligibility.hours`` as ``practice_summary`` rounds them."""
    counted = minutes.direct + minutes.indirect + minutes.supervision
    return {
        "counted": round(round(counted / 60, 2)),
        "direct": round(round(minutes.direct / 60, 2)),
        "supervision": round(round(minutes.supervision / 60, 2)),
    }


def _issued_at(day: date, now: datetime) -> datetime:
    issued = at_local(day, 11)
    if issued > now:
        issued = now - timedelta(minutes=5)
    return issued


def certificate_rows(awards: list[Award], admin_id: int, now: datetime):
    """Certificate rows in order of issue; serials count per programme prefix and year."""
    key, serials = issuer_key(), {}
    for number, award in enumerate(sorted(awards, key=lambda a: (a.issued, a.enrolment.user_id))):
        programme, holder = award.programme, award.enrolment
        issued_at = _issued_at(award.issued, now)
        issued = issued_at.astimezone(LOCAL_TIMEZONE).date()
        prefix = f"SW-{programme.serial_prefix}-{issued.year}-"
        serials[prefix] = serials.get(prefix, 0) + 1
        code, serial = new_code(), f"{prefix}{serials[prefix]:06d}"
        expires = _expiry(programme, issued)
        eligibility = Eligibility(hours=_hours(award.minutes))
        person = SimpleNamespace(full_name=holder.full_name)
        facts = build_facts(person, programme, eligibility, serial, code, issued, expires)
        signed = canonical_json(facts)
        revoked = number % REVOKED_EVERY == REVOKED_EVERY - 1
        revoked_at = min(issued_at + timedelta(days=20), now) if revoked else None
        yield {
            "id": number + 1,
            "serial": serial,
            "verification_code": code,
            "user_id": holder.user_id,
            "programme": programme.code,
            "holder_name": holder.full_name,
            "issued_at": issued_at,
            "expires_on": expires,
            "status": "revoked" if revoked else "valid",
            "facts_json": signed.decode(),
            "signature": b64(key.sign(signed)),
            "key_id": key.did,
            "issued_by_id": admin_id,
            "revoked_at": revoked_at,
            "revoked_reason": REVOKE_REASON if revoked else None,
            "revoked_by_id": admin_id if revoked else None,
            "superseded_by_id": None,
        }
