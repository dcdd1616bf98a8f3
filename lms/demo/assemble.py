"""The demo data set, assembled from each domain's demo module in dependency order, plus the
programmes the demo trainees have completed (which cross every domain).

Idempotent: running it again creates only what is missing.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lms.accounts.cohorts import CohortFields, set_cohort_people
from lms.accounts.demo import DEMO_PASSWORD, DEMO_USERS, build_accounts_demo, ensure_cohort
from lms.accounts.models import Cohort, User
from lms.certificates.demo import build_certificates_demo
from lms.competencies.demo import build_competencies_demo
from lms.core.extensions import db
from lms.courses.demo import build_reading_demo
from lms.courses.programmes import programme_codes
from lms.demo.pool import POOL_DEMO_USERS, build_pool_demo
from lms.practice.demo import build_practice_demo
from lms.quizzes.demo import build_quiz_demo

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

    past = ensure_cohort(PAST_COHORT, programme_codes())
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


def build_demo() -> dict[str, User]:
    """Create (or complete) the whole demo; return the demo users by username."""
    users = build_accounts_demo(programme_codes())
    build_reading_demo(users)
    build_quiz_demo(users)
    build_practice_demo(users)
    build_competencies_demo(users)
    _ensure_completions(users)
    build_certificates_demo(users)
    users.update(build_pool_demo())
    return users


__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "POOL_DEMO_USERS", "build_demo"]
