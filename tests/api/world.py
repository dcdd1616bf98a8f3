"""The people and records the API tests build on: every role of the access matrix.

``trainee`` is in cohort FND-M (foundational) of ``trainer``; ``other_trainee`` is in cohort
ADV-O (advanced) of ``other_trainer``; ``coordinator`` coordinates university SSU and
``other_coordinator`` university OSU. Resource tests add their own records beside these.
"""

from __future__ import annotations

from datetime import timedelta

from api.world_records import add_records

from lms.api.scopes import all_scopes
from lms.api.tokens import create_token
from lms.core.database import utcnow
from lms.core.extensions import db

MATRIX_ROLES = (
    "anonymous",
    "trainee",
    "other_trainee",
    "trainer",
    "other_trainer",
    "coordinator",
    "other_coordinator",
    "admin",
)
ROLE_OF = {
    "trainee": "trainee",
    "other_trainee": "trainee",
    "trainer": "trainer",
    "other_trainer": "trainer",
    "coordinator": "coordinator",
    "other_coordinator": "coordinator",
    "admin": "admin",
}


def make_token(app, user, scopes=None, days: int = 30) -> str:
    """A committed token of ``user`` (every scope unless named); returns its secret."""
    with app.app_context():
        made = create_token(
            db.session.merge(user),
            "test token",
            list(scopes or all_scopes()),
            utcnow() + timedelta(days=days),
            actor=db.session.merge(user),
        )
        db.session.commit()
        return made.secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def api_world(factory) -> dict:
    """Users of every matrix role, their cohorts and universities, and a token for each."""
    from lms.competencies.universities import create_university, set_coordinators

    users = {name: factory.user(name.replace("_", "-"), role) for name, role in ROLE_OF.items()}
    cohort = factory.cohort("FND-M", trainers=[users["trainer"]], trainees=[users["trainee"]])
    other = factory.cohort(
        "ADV-O",
        trainers=[users["other_trainer"]],
        trainees=[users["other_trainee"]],
        programme="advanced",
    )
    with factory.app.app_context():
        for short, name, who in (
            ("SSU", "Sample State", "coordinator"),
            ("OSU", "Other", "other_coordinator"),
        ):
            university = create_university(f"{name} University", short, actor_id=None)
            set_coordinators(university, [users[who].id], actor_id=None)
        db.session.commit()
    tokens = {name: make_token(factory.app, user) for name, user in users.items()}
    records = add_records(factory.app, users)  # universities, certificates, pool (world_records)
    return {
        "users": users,
        "tokens": tokens,
        "ids": {
            "cohort_id": cohort.id,
            "other_cohort_id": other.id,
            "trainee_id": users["trainee"].id,
            "other_trainee_id": users["other_trainee"].id,
            **records,
        },
    }
