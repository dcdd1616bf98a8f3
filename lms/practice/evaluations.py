"""Field evaluations at mid-placement and at the end: the supervisor rates every competency of
the programme (1–5 or not observed); the trainee writes a self-evaluation and acknowledges.

The supervisor may revise an evaluation until the trainee acknowledges it; after that it is
final. Completion, revision and acknowledgement are audited.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import User
from lms.accounts.self_decisions import refuse_self
from lms.core import audit
from lms.core.database import local_today, utcnow
from lms.core.extensions import db
from lms.core.privacy import require_clean
from lms.core.transitions import claim
from lms.notifications.sending import notify
from lms.practice.errors import PracticeError
from lms.practice.models import STAGES, FieldEvaluation, FieldRating, Placement
from lms.practice.models.evaluations import RATINGS
from lms.practice.programme import programme_competencies

TEXT_MAX = 5000


def evaluation_of(placement_id: int, stage: str) -> FieldEvaluation | None:
    return db.session.scalar(
        select(FieldEvaluation).where(
            FieldEvaluation.placement_id == placement_id, FieldEvaluation.stage == stage
        )
    )


def _check(supervisor: User, placement: Placement, stage: str, ratings: Mapping) -> None:
    refuse_self(supervisor, placement.trainee_id)
    if placement.supervisor_id != supervisor.id:
        raise PracticeError(_("Only the placement's supervisor can evaluate it."))
    if stage not in STAGES:
        raise PracticeError(_("An evaluation is at mid-placement or at the end."))
    if placement.starts_on > local_today():
        raise PracticeError(_("The placement has not started yet."))
    codes = [c.code for c in programme_competencies(placement.programme)]
    if set(ratings) != set(codes):
        raise PracticeError(_("Rate every competency of the programme, or mark it not observed."))
    if any(value is not None and value not in RATINGS for value in ratings.values()):
        raise PracticeError(_("Ratings are 1 to 5, or not observed."))


def save_evaluation(
    supervisor: User,
    placement: Placement,
    stage: str,
    ratings: Mapping[str, int | None],
    *,
    strengths: str,
    areas_to_develop: str,
    confirmed: bool = False,
) -> FieldEvaluation:
    """Complete (or, before the trainee acknowledges it, revise) an evaluation. Texts that look
    identifying need ``confirmed`` (the privacy guard, as for practice entries)."""
    _check(supervisor, placement, stage, ratings)
    require_clean([strengths, areas_to_develop], confirmed=confirmed)
    if len(strengths) > TEXT_MAX or len(areas_to_develop) > TEXT_MAX:
        raise PracticeError(_("Comments are at most %(max)d characters each.", max=TEXT_MAX))
    evaluation = evaluation_of(placement.id, stage)
    if evaluation is not None and evaluation.acknowledged:
        raise PracticeError(_("The trainee has acknowledged this evaluation; it is final."))
    action = "practice_evaluation.revised" if evaluation else "practice_evaluation.completed"
    if evaluation is None:
        evaluation = FieldEvaluation(placement_id=placement.id, stage=stage)
        db.session.add(evaluation)
    evaluation.supervisor_id = supervisor.id
    evaluation.strengths = strengths.strip()
    evaluation.areas_to_develop = areas_to_develop.strip()
    evaluation.completed_at = utcnow()
    evaluation.ratings = [FieldRating(competency=c, rating=r) for c, r in sorted(ratings.items())]
    db.session.flush()
    audit.record(
        action,
        actor_id=supervisor.id,
        target_type="practice_evaluation",
        target_id=evaluation.id,
        trainee_id=placement.trainee_id,
        stage=stage,
        ratings={c: r for c, r in sorted(ratings.items())},
    )
    if action == "practice_evaluation.completed":
        notify(
            placement.trainee_id,
            "evaluation_to_acknowledge",
            "practice_evaluation",
            evaluation.id,
            actor_id=supervisor.id,
        )
    return evaluation


def acknowledge_evaluation(
    trainee: User, evaluation: FieldEvaluation, self_evaluation: str, *, confirmed: bool = False
) -> FieldEvaluation:
    """The trainee's self-evaluation and acknowledgement; after this the evaluation is final."""
    if evaluation.placement.trainee_id != trainee.id:
        raise PracticeError(_("Only the trainee evaluated can acknowledge this evaluation."))
    if evaluation.acknowledged:
        raise PracticeError(_("You have already acknowledged this evaluation."))
    text = (self_evaluation or "").strip()
    if not text or len(text) > TEXT_MAX:
        raise PracticeError(
            _("Write your self-evaluation (at most %(max)d characters).", max=TEXT_MAX)
        )
    require_clean([text], confirmed=confirmed)
    # Claimed while still unacknowledged: of two tabs sending at once, one acknowledges.
    if not claim(
        evaluation, "acknowledged_at", None, self_evaluation=text, acknowledged_at=utcnow()
    ):
        raise PracticeError(_("You have already acknowledged this evaluation."))
    audit.record(
        "practice_evaluation.acknowledged",
        actor_id=trainee.id,
        target_type="practice_evaluation",
        target_id=evaluation.id,
    )
    return evaluation


def evaluations_of(placement_ids: list[int]) -> list[FieldEvaluation]:
    if not placement_ids:
        return []
    return list(
        db.session.scalars(
            select(FieldEvaluation)
            .where(FieldEvaluation.placement_id.in_(placement_ids))
            .order_by(FieldEvaluation.placement_id, FieldEvaluation.stage.desc())
        ).unique()
    )
