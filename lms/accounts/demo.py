"""The demo's people: one user per role, ten trainees across the velayats, and the cohorts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lms.accounts.cohorts import CohortFields, create_cohort, set_cohort_people
from lms.accounts.models import Cohort, User
from lms.accounts.names import username_key
from lms.accounts.regions import sync_regions
from lms.accounts.users import NewUser, create_user
from lms.core.extensions import db

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


def ensure_user(new: NewUser) -> User:
    user = db.session.scalar(select(User).where(User.username_key == username_key(new.username)))
    return user or create_user(new, actor_id=None)


def ensure_cohort(fields: CohortFields, programmes) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.code == fields.code))
    return cohort or create_cohort(fields, programmes=programmes, actor_id=None)


def build_accounts_demo(programmes) -> dict[str, User]:
    """Regions, the demo users and the two current cohorts; the users by username.
    ``programmes``: the programme codes the content defines (cohorts must name one)."""
    sync_regions()
    users = {new.username: ensure_user(new) for new in DEMO_USERS}
    for username, name, region in DEMO_TRAINEES:
        users[username] = ensure_user(
            NewUser(username, name, DEMO_PASSWORD, ("trainee",), region_code=region)
        )
    foundational, advanced = (ensure_cohort(fields, programmes) for fields in DEMO_COHORTS)
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
    return users
