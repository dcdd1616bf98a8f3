"""The records the universities, certificates and pool operations need, beside api_world's
people: a degree programme at each university (one course mapped, one not), a certificate of
each trainee, and a pool member (``trainer`` holds a ToT certificate)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from itertools import count

from competencies.world import save_sample
from sqlalchemy import select

from lms.certificates.codes import display, new_code
from lms.certificates.models import Certificate
from lms.competencies.mapping import set_course_mapping
from lms.competencies.models import Competency, University
from lms.competencies.universities import CourseFields, create_programme, save_course
from lms.core.extensions import db

_numbers = count(1)


def certify(user, programme: str, *, issued: datetime | None = None, status="valid"):
    """A certificate row as issuing leaves it (its signature is not checked by these reads)."""
    n = next(_numbers)
    code = new_code()
    issued = issued or datetime(2026, 6, 1, 9, tzinfo=UTC)
    facts = {
        "serial": f"API-{n}",
        "code": display(code),
        "holder": {"name": user.full_name},
        "programme": {"code": programme, "title": {"en": programme}},
        "issued_on": issued.date().isoformat(),
        "expires_on": None,
    }
    certificate = Certificate(
        serial=f"API-{n}",
        verification_code=code,
        user_id=user.id,
        programme=programme,
        holder_name=user.full_name,
        issued_at=issued,
        status=status,
        revoked_at=issued if status == "revoked" else None,
        revoked_reason="Practice hours were not genuine" if status == "revoked" else None,
        facts_json=json.dumps(facts),
        signature="-",
        key_id="-",
        status_index=20_000 + n,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def degree_programme(university: University, framework, codes: dict[str, int]):
    programme = create_programme(university, "Bachelor of Social Work", framework)
    mapped = save_course(programme, CourseFields("SW101", "Ethics", Decimal("7.5"), 1, 1))
    set_course_mapping(mapped, {codes["ETH-1"]: "I", codes["COM-1"]: "M"})
    save_course(programme, CourseFields("SW102", "Statistics", Decimal("5"), 1, 2))
    return programme


def add_records(app, users: dict) -> dict:
    """Builds the records (committed); returns the ids the matrix rows name."""
    with app.app_context():
        framework = save_sample(f"API{next(_numbers)}")
        codes = dict(
            db.session.execute(
                select(Competency.code, Competency.id).where(
                    Competency.framework_id == framework.id
                )
            ).all()
        )
        universities = {u.short_code: u for u in db.session.scalars(select(University))}
        ssu = degree_programme(universities["SSU"], framework, codes)
        osu = degree_programme(universities["OSU"], framework, codes)
        mine = certify(db.session.merge(users["trainee"]), "foundational")
        theirs = certify(db.session.merge(users["other_trainee"]), "advanced")
        certify(db.session.merge(users["trainer"]), "tot")
        ids = {
            "university_id": universities["SSU"].id,
            "other_university_id": universities["OSU"].id,
            "degree_programme_id": ssu.id,
            "other_degree_programme_id": osu.id,
            "certificate_id": mine.id,
            "other_certificate_id": theirs.id,
            "certificate_code": mine.code_display,
            "pool_member_id": users["trainer"].id,
        }
        db.session.commit()
        return ids
