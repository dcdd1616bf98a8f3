"""The demo's National Pool of Educators and its cascade.

A national master trainer (Batyr) took two specialists through the foundational (2022), advanced
(2023) and training-of-trainers (2024) courses; both hold the ToT certificate and are trainers
now. Ogulşat went on to train a foundational cohort (begun before the demo is first run, still
running) whose two trainees are certified, so the register, a member's page and the national
cascade (generation 0, a spread per year and velayat) all have something to show.

Everything goes through the services people use; idempotent like the rest of the demo.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from lms.accounts.cohorts import CohortFields, set_cohort_people
from lms.accounts.demo import DEMO_PASSWORD, ensure_cohort, ensure_user
from lms.accounts.models import Cohort, User
from lms.accounts.models.cohorts import cohort_trainers
from lms.accounts.users import NewUser
from lms.certificates.co_facilitation import ObservedSession, record_co_facilitation
from lms.certificates.issuing import issue_certificate, valid_certificate
from lms.certificates.models import CoFacilitation
from lms.certificates.pool import POOL_PROGRAMME, set_modules
from lms.core.database import local_today
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.courses.programmes import programme_codes
from lms.demo.completion import Completion, complete_programme

POOL_DEMO_USERS = [
    NewUser("batyr", "Batyr Öwezmyradow", DEMO_PASSWORD, ("trainer",), region_code="AS-KOP"),
    NewUser(
        "ogulshat",
        "Ogulşat Çüriýewa",
        DEMO_PASSWORD,
        ("trainer", "trainee"),
        region_code="DZ-GOR",
    ),
    NewUser("mahri", "Mähri Jumaýewa", DEMO_PASSWORD, ("trainer", "trainee"), region_code="LB-KER"),
    NewUser("shohrat", "Şöhrat Gurbanow", DEMO_PASSWORD, ("trainee",), region_code="DZ-AKD"),
    NewUser("ayna", "Aýna Döwletowa", DEMO_PASSWORD, ("trainee",), region_code="DZ-GOR"),
]
MASTER, MEMBERS, TRAINED = "batyr", ("ogulshat", "mahri"), ("shohrat", "ayna")
CASCADE_TRAINER = "ogulshat"

# The pool members' own courses, each ending with an eight-week placement.
HISTORY = (
    (
        CohortFields(
            "FND-2022-B",
            "Foundational 2022, group B",
            "foundational",
            date(2022, 2, 7),
            date(2022, 6, 24),
        ),
        date(2022, 6, 17),
    ),
    (
        CohortFields(
            "ADV-2023-B",
            "Advanced 2023, group B",
            "advanced",
            date(2023, 2, 6),
            date(2023, 6, 30),
        ),
        date(2023, 6, 23),
    ),
    (
        CohortFields(
            "TOT-2024-A",
            "Training of trainers 2024, group A",
            POOL_PROGRAMME,
            date(2024, 2, 5),
            date(2024, 6, 28),
        ),
        date(2024, 6, 21),
    ),
)
# Sessions each ToT candidate co-facilitated, observed and rated by the master trainer.
OBSERVED = (
    (date(2024, 5, 14), "Adult learning: a first home visit, as a role play", 4),
    (date(2024, 6, 4), "Giving feedback after a supervised case review", 4),
)
# What the members may teach (module keys "programme/module"): the first foundational ones.
TAUGHT_MODULES = 3


def _members_history(users: dict[str, User]) -> None:
    master = users[MASTER]
    members = [users[u] for u in MEMBERS]
    programmes = programme_codes()
    for fields, placement_ends in HISTORY:
        cohort = ensure_cohort(fields, programmes)
        if cohort.trainees:
            continue  # done on an earlier run
        set_cohort_people(
            cohort,
            trainer_ids=[master.id],
            trainee_ids=[m.id for m in members],
            actor_id=None,
        )
        programme = catalogue().programme(fields.programme)
        for member in members:
            complete_programme(Completion(member, master, cohort, placement_ends), programme.code)
            if programme.certificate.co_facilitated_sessions:
                _observe(master, member)
            issue_certificate(member, programme, actor_id=None)


def _observe(master: User, member: User) -> None:
    done = db.session.scalar(
        select(CoFacilitation.id).where(CoFacilitation.trainee_id == member.id).limit(1)
    )
    if done is not None:
        return
    for held_on, topic, rating in OBSERVED:
        record_co_facilitation(
            master,
            ObservedSession(
                member.id,
                held_on,
                topic,
                rating,
                "Clear plan, safe group climate, good use of the participants' own cases.",
            ),
        )


def _cascade_cohort(trainer: User) -> Cohort | None:
    return db.session.scalar(
        select(Cohort)
        .join(cohort_trainers, cohort_trainers.c.cohort_id == Cohort.id)
        .where(cohort_trainers.c.user_id == trainer.id, Cohort.programme == "foundational")
    )


def _cascade(users: dict[str, User]) -> None:
    """The foundational cohort Ogulşat trains: begun 16 weeks before the demo was first run and
    ending 8 weeks after it (a member's cohorts are those ending on or after certification), so
    its trainees' placements are over and they are certified."""
    trainer = users[CASCADE_TRAINER]
    if _cascade_cohort(trainer) is not None:
        return
    today = local_today()
    starts = today - timedelta(weeks=16)
    cohort = ensure_cohort(
        CohortFields(
            f"FND-{starts.year}-P",
            f"Foundational {starts.year}, Daşoguz pool group",
            "foundational",
            starts,
            today + timedelta(weeks=8),
        ),
        programme_codes(),
    )
    trainees = [users[u] for u in TRAINED]
    set_cohort_people(
        cohort, trainer_ids=[trainer.id], trainee_ids=[t.id for t in trainees], actor_id=None
    )
    programme = catalogue().programme("foundational")
    for trainee in trainees:
        complete_programme(
            Completion(trainee, trainer, cohort, today - timedelta(days=7)), programme.code
        )
        issue_certificate(trainee, programme, actor_id=None)


def build_pool_demo() -> dict[str, User]:
    """Create (or complete) the pool's demo; return its people by username."""
    users = {new.username: ensure_user(new) for new in POOL_DEMO_USERS}
    _members_history(users)
    _cascade(users)
    foundational = catalogue().programme("foundational")
    keys = [f"foundational/{m.slug}" for m in foundational.modules[:TAUGHT_MODULES]]
    for username in MEMBERS:
        if valid_certificate(users[username].id, POOL_PROGRAMME) is not None:
            set_modules(users[username].id, keys)
    return users
