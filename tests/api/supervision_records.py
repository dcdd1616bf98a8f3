"""Placements, supervision sessions and field evaluations for the API tests, made through the
practice services (as the supervisor's pages do)."""

from __future__ import annotations

from datetime import timedelta

from practice.world import make_placement, region_id

from lms.core.database import local_today
from lms.core.extensions import db
from lms.practice.evaluations import save_evaluation
from lms.practice.models import Placement
from lms.practice.programme import programme_competencies
from lms.practice.sessions import SessionFields, record_session


def placement_of(app, trainee, supervisor, cohort, *, region: str | None = None, actor=None) -> int:
    """A placement that started 40 days ago, in Gökdepe etrap unless ``region`` names another."""
    placement = make_placement(app, trainee, supervisor, cohort, actor=actor)
    if region is not None:
        with app.app_context():
            db.session.get(Placement, placement.id).region_id = region_id(app, region)
            db.session.commit()
    return placement.id


def session_of(app, supervisor, placement_ids, *, days_ago: int = 3, notes: str = "") -> int:
    with app.app_context():
        fields = SessionFields(
            placement_ids=tuple(placement_ids),
            day=local_today() - timedelta(days=days_ago),
            minutes=60,
            format="individual" if len(placement_ids) == 1 else "group",
            mode="in_person",
            topics=("cases",),
            case_codes=("F-014",),
            notes=notes or "Talked through the first home visit.",
            actions=(("Draw the ecomap", local_today() + timedelta(days=7)),),
        )
        session = record_session(db.session.merge(supervisor), fields)
        db.session.commit()
        return session.id


def evaluation_of(app, supervisor, placement_id: int, stage: str = "mid", rating: int = 3) -> int:
    with app.app_context():
        placement = db.session.get(Placement, placement_id)
        codes = [c.code for c in programme_competencies(placement.programme)]
        evaluation = save_evaluation(
            db.session.merge(supervisor),
            placement,
            stage,
            {code: rating for code in codes},
            strengths="Listens well.",
            areas_to_develop="Plan the visits.",
        )
        db.session.commit()
        return evaluation.id
