"""The demo data set: one user per role and a cohort of trainees across several etraps.

Idempotent: running it again creates only what is missing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lms.accounts.cohorts import CohortFields, create_cohort, set_cohort_people
from lms.accounts.models import Cohort, User
from lms.accounts.names import username_key
from lms.accounts.regions import sync_regions
from lms.accounts.users import NewUser, create_user
from lms.competencies.demo import build_competencies_demo
from lms.core.extensions import db
from lms.courses.programmes import programme_codes
from lms.practice.demo import build_practice_demo
from lms.quizzes.demo import build_quiz_demo

DEMO_PASSWORD = "social-work"  # noqa: S105 - published demo password, printed for the user

DEMO_USERS = [
    NewUser(
        "admin", "Gözel Muhammedowa", DEMO_PASSWORD, ("admin",), language="en", region_code="AS-BER"
    ),
    NewUser(
        "trainer",
        "Merdan Annaýew",
        DEMO_PASSWORD,
        ("trainer",),
        language="en",
        region_code="AS-KOP",
    ),
    NewUser(
        "coordinator",
        "Ogulgerek Nurmuhammedowa",
        DEMO_PASSWORD,
        ("coordinator",),
        language="en",
        region_code="AS-BAG",
    ),
    NewUser(
        "trainee",
        "Ýazgül Saparowa",
        DEMO_PASSWORD,
        ("trainee",),
        language="en",
        region_code="AH-GOK",
    ),
    NewUser("trainer2", "Serdar Berdiýew", DEMO_PASSWORD, ("trainer",), region_code="MR-BAY"),
]

DEMO_TRAINEES = [
    ("aygul", "Aýgül Orazowa", "DZ-AKD"),
    ("bagul", "Bägül Hojamuradowa", "LB-CAR"),
    ("dowlet", "Döwlet Ataýew", "MR-MUR"),
    ("maysa", "Maýsa Gurbanowa", "BN-BER"),
    ("annageldi", "Annageldi Rejepow", "AH-TEJ"),
    ("gulshat", "Gülşat Amanowa", "LB-KER"),
    ("nury", "Nury Çaryýew", "DZ-GOR"),
    ("jeren", "Jeren Kakabaýewa", "MR-YOL"),
    ("shirin", "Şirin Öwezowa", "AS-BUZ"),
    ("zohre", "Zöhre Nurýagdyýewa", "AH-BAH"),
]

DEMO_COHORTS = [
    CohortFields(
        "FND-2026-A",
        "Foundational 2026, group A",
        "foundational",
        date(2026, 9, 7),
        date(2027, 1, 29),
    ),
    CohortFields(
        "ADV-2026-A", "Advanced 2026, group A", "advanced", date(2026, 3, 2), date(2026, 7, 31)
    ),
]


def _ensure_user(new: NewUser) -> User:
    user = db.session.scalar(select(User).where(User.username_key == username_key(new.username)))
    return user or create_user(new, actor_id=None)


def _ensure_cohort(fields: CohortFields) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.code == fields.code))
    return cohort or create_cohort(fields, programmes=programme_codes(), actor_id=None)


# How far each demo trainee has read: programme -> number of lessons done, in course order.
DEMO_READING = {
    "trainee": {"foundational": 9},
    "aygul": {"foundational": 25},
    "bagul": {},
    "dowlet": {"foundational": 3},
    "maysa": {"foundational": 25},
    "annageldi": {"foundational": 20},
    "gulshat": {"foundational": 1},
    "nury": {"foundational": 6},
    "jeren": {"foundational": 25, "advanced": 8},
    "shirin": {"foundational": 25, "advanced": 2},
    "zohre": {"foundational": 25},
}


def _ensure_reading(users: dict[str, User]) -> None:
    """Mark lessons done for the demo trainees, so every stage of progress is on show."""
    from lms.courses.content import catalogue
    from lms.courses.progress import mark_done, records_for

    for username, plan in DEMO_READING.items():
        user = users[username]
        existing = records_for(user.id, list(plan))
        for code, count in plan.items():
            programme = catalogue().programme(code)
            if programme is None or existing.get(code):
                continue
            sequence = [(m, lesson) for m in programme.modules for lesson in m.lessons]
            for module, lesson in sequence[:count]:
                mark_done(user.id, programme, module, lesson)


# Demo certificates: a valid one for Aýgül, and the foundational certificates the advanced
# cohort earned before starting (Maýsa is left eligible but not yet issued).
DEMO_CERTIFICATES = {"foundational": ("aygul", "jeren", "shirin", "zohre")}
PAST_COHORT = CohortFields(
    "FND-2025-A", "Foundational 2025, group A", "foundational", date(2025, 9, 8), date(2026, 1, 30)
)
# Who completes the foundational programme, in which cohort, with a placement ending when.
COMPLETIONS = (
    ("aygul", "FND-2026-A", date(2026, 10, 3)),
    ("maysa", "FND-2026-A", date(2026, 10, 3)),
    ("jeren", "FND-2025-A", date(2026, 1, 23)),
    ("shirin", "FND-2025-A", date(2026, 1, 23)),
    ("zohre", "FND-2025-A", date(2026, 1, 23)),
)


def _ensure_completions(users: dict[str, User]) -> None:
    """The advanced cohort took the foundational course last year; Aýgül and Maýsa have done
    everything this year: lessons, quizzes, eight weeks of approved practice, an evaluation."""
    from lms.demo.completion import Completion, complete_programme
    from lms.practice.models import Placement

    past = _ensure_cohort(PAST_COHORT)
    if not past.trainees:
        set_cohort_people(
            past,
            trainer_ids=[users["trainer"].id],
            trainee_ids=[users[u].id for u in ("jeren", "shirin", "zohre")],
            actor_id=None,
        )
    cohorts = {c.code: c for c in db.session.scalars(select(Cohort))}
    for username, code, ends in COMPLETIONS:
        trainee, cohort = users[username], cohorts[code]
        done = db.session.scalar(
            select(Placement.id).where(
                Placement.trainee_id == trainee.id,
                Placement.cohort_id == cohort.id,
                Placement.ends_on == ends,
            )
        )
        if done is None:
            complete_programme(Completion(trainee, users["trainer"], cohort, ends), "foundational")


def _ensure_certificates(users: dict[str, User]) -> None:
    from pathlib import Path

    from flask import current_app

    from lms.certificates.issuing import NotEligible, issue_certificate
    from lms.certificates.signing import generate_key
    from lms.courses.content import catalogue

    key_file = Path(current_app.config["SIGNING_KEY_FILE"])
    if not key_file.exists():
        generate_key(key_file)
    for code, usernames in DEMO_CERTIFICATES.items():
        for username in usernames:
            try:
                issue_certificate(users[username], catalogue().programme(code), actor_id=None)
            except NotEligible:
                continue  # the demo data does not (yet) meet every requirement for them


def build_demo() -> dict[str, User]:
    """Create the demo regions, users and cohorts; return the demo users by username."""
    sync_regions()
    users = {new.username: _ensure_user(new) for new in DEMO_USERS}
    for username, name, region in DEMO_TRAINEES:
        users[username] = _ensure_user(
            NewUser(username, name, DEMO_PASSWORD, ("trainee",), region_code=region)
        )
    foundational, advanced = (_ensure_cohort(fields) for fields in DEMO_COHORTS)
    if not foundational.trainees:
        trainees = [users["trainee"]] + [users[u] for u, _n, _r in DEMO_TRAINEES[:7]]
        set_cohort_people(
            foundational,
            trainer_ids=[users["trainer"].id],
            trainee_ids=[u.id for u in trainees],
            actor_id=None,
        )
    if not advanced.trainees:
        trainees = [users[u] for u, _n, _r in DEMO_TRAINEES[7:]]
        set_cohort_people(
            advanced,
            trainer_ids=[users["trainer2"].id],
            trainee_ids=[u.id for u in trainees],
            actor_id=None,
        )
    db.session.flush()
    _ensure_reading(users)
    build_quiz_demo(users)
    build_practice_demo(users)
    build_competencies_demo(users)
    _ensure_completions(users)
    _ensure_certificates(users)
    return users
