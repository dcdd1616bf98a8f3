"""The people and records the API tests build on: every role of the access matrix.

``trainee`` is in cohort FND-M (foundational) of ``trainer``; ``other_trainee`` is in cohort
ADV-O (advanced) of ``other_trainer``; ``coordinator`` coordinates university SSU and
``other_coordinator`` university OSU. Resource tests add their own records beside these.
"""

from __future__ import annotations

from datetime import timedelta

from api.quiz_records import ADV_QUIZ, attempt_of
from api.supervision_records import evaluation_of, placement_of, session_of
from api.world_records import add_records

from lms.api.scopes import scopes_for
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
    """A committed token of ``user`` (every scope their roles can use unless named); returns
    its secret."""
    with app.app_context():
        owner = db.session.merge(user)
        made = create_token(
            owner,
            "test token",
            list(scopes or scopes_for(owner)),
            utcnow() + timedelta(days=days),
            actor=owner,
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
    practice = _practice(factory.app, users, cohort)
    records = resource_records(factory, users, practice["world"].placement.id, other)
    records |= add_records(factory.app, users)  # universities, certificates, pool (world_records)
    return {
        "users": users,
        "tokens": tokens,
        "ids": {
            "cohort_id": cohort.id,
            "other_cohort_id": other.id,
            "trainee_id": users["trainee"].id,
            "other_trainee_id": users["other_trainee"].id,
            "entry_id": practice["entry_id"],
            **records,
        },
        "practice": practice,
    }


def resource_records(factory, users: dict, placement: int, other) -> dict:
    """Records the resource groups' rows name: ids by name. ``trainer`` supervises
    ``trainee``'s ``placement`` and ``other_trainer`` ``other_trainee``'s."""
    app = factory.app
    other_placement = placement_of(
        app, users["other_trainee"], users["other_trainer"], other, region="MR-BAY"
    )
    return {
        "attempt_id": attempt_of(app, users["trainee"]),
        "other_attempt_id": attempt_of(app, users["other_trainee"], ADV_QUIZ),
        "placement_id": placement,
        "other_placement_id": other_placement,
        "session_id": session_of(app, users["trainer"], [placement]),
        "other_session_id": session_of(app, users["other_trainer"], [other_placement]),
        "evaluation_id": evaluation_of(app, users["trainer"], placement),
        "other_evaluation_id": evaluation_of(app, users["other_trainer"], other_placement),
    }


def _practice(app, users, cohort) -> dict:
    """The trainee's placement (supervised by ``trainer``) and one submitted entry."""
    from practice.world import World, entry_form, make_placement, submitted

    placement = make_placement(app, users["trainee"], users["trainer"], cohort)
    world = World(
        app,
        users["trainee"],
        users["trainer"],
        users["other_trainer"],
        users["admin"],
        cohort,
        placement,
    )
    entry = submitted(world)
    fields = entry_form(world, offset=3, save=None)
    return {"world": world, "entry_id": entry.id, "new_entry_fields": fields}
