"""Supervision sessions: recorded by the supervisor, acknowledged by each trainee present."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import User
from lms.accounts.self_decisions import refuse_self
from lms.core import audit
from lms.core.database import local_today, utcnow
from lms.core.extensions import db
from lms.core.privacy import require_clean
from lms.core.transitions import claim
from lms.practice.entries import CLIENT_CODE, CLIENT_CODE_MAX
from lms.practice.errors import PracticeError
from lms.practice.models import (
    SESSION_FORMATS,
    SESSION_MODES,
    SESSION_TOPICS,
    AgreedAction,
    Placement,
    SessionParticipant,
    SupervisionSession,
)
from lms.practice.parsing import STEP_MINUTES
from lms.practice.placements import can_see_placement

MAX_SESSION_MINUTES = 8 * 60


@dataclass(frozen=True)
class SessionFields:
    placement_ids: tuple[int, ...]
    day: date
    minutes: int
    format: str
    mode: str
    topics: tuple[str, ...] = ()
    case_codes: tuple[str, ...] = ()
    notes: str = ""
    actions: tuple[tuple[str, date], ...] = field(default_factory=tuple)
    privacy_confirmed: bool = False  # the supervisor confirmed that the text identifies nobody


def _check_kind(fields: SessionFields) -> None:
    if fields.format not in SESSION_FORMATS or fields.mode not in SESSION_MODES:
        raise PracticeError(_("Choose the session's format and mode from the lists."))
    if set(fields.topics) - set(SESSION_TOPICS):
        raise PracticeError(_("Choose topics from the list."))
    if not 0 < fields.minutes <= MAX_SESSION_MINUTES or fields.minutes % STEP_MINUTES:
        raise PracticeError(_("A session lasts 15 minutes to 8 hours, in steps of 15 minutes."))
    if fields.day > local_today():
        raise PracticeError(_("A session cannot be recorded for a date in the future."))
    for code in fields.case_codes:
        if len(code) > CLIENT_CODE_MAX or not CLIENT_CODE.fullmatch(code):
            raise PracticeError(
                _("“%(code)s” is not a client code (letters, digits, hyphens).", code=code)
            )
    for description, due_on in fields.actions:
        if not description.strip() or len(description) > 300:
            raise PracticeError(
                _("Each agreed action needs a description (at most 300 characters).")
            )
        if due_on < fields.day:
            raise PracticeError(_("An agreed action cannot be due before the session."))


def _participants(supervisor: User, fields: SessionFields) -> list[Placement]:
    ids = sorted(set(fields.placement_ids))
    if not ids:
        raise PracticeError(_("Choose the trainee or trainees who took part."))
    if fields.format == "individual" and len(ids) != 1:
        raise PracticeError(_("An individual session has exactly one trainee."))
    placements = list(db.session.scalars(select(Placement).where(Placement.id.in_(ids))).unique())
    if len(placements) != len(ids):
        raise PracticeError(_("Some of those placements do not exist."))
    for placement in placements:
        refuse_self(supervisor, placement.trainee_id)
        if placement.supervisor_id != supervisor.id:
            raise PracticeError(_("You can record sessions only with trainees you supervise."))
        if not placement.covers(fields.day):
            raise PracticeError(
                _(
                    "%(name)s's placement does not include %(day)s.",
                    name=placement.trainee.full_name,
                    day=fields.day.isoformat(),
                )
            )
    if len({p.trainee_id for p in placements}) != len(placements):
        raise PracticeError(_("Choose each trainee once."))
    return placements


def record_session(supervisor: User, fields: SessionFields) -> SupervisionSession:
    """A supervision session with the trainees present and the actions agreed."""
    _check_kind(fields)
    placements = _participants(supervisor, fields)
    texts = [fields.notes, *(description for description, _due in fields.actions)]
    require_clean(texts, fields.case_codes, confirmed=fields.privacy_confirmed)
    session = SupervisionSession(
        supervisor_id=supervisor.id,
        day=fields.day,
        minutes=fields.minutes,
        format=fields.format,
        mode=fields.mode,
        topics=" ".join(t for t in SESSION_TOPICS if t in fields.topics),
        case_codes=" ".join(fields.case_codes),
        notes=fields.notes,
        participants=[
            SessionParticipant(placement_id=p.id, trainee_id=p.trainee_id) for p in placements
        ],
        actions=[AgreedAction(description=d.strip(), due_on=due) for d, due in fields.actions],
    )
    db.session.add(session)
    db.session.flush()
    audit.record(
        "practice_session.recorded",
        actor_id=supervisor.id,
        target_type="practice_session",
        target_id=session.id,
        trainees=sorted(p.trainee_id for p in placements),
        minutes=fields.minutes,
    )
    return session


def acknowledge_session(trainee: User, session: SupervisionSession) -> bool:
    """The trainee confirms the record. True when this call acknowledged it; False when it was
    already acknowledged (a second tab, a double tap): that changes nothing and is not audited."""
    participant = session.participant_for(trainee.id)
    if participant is None:
        raise PracticeError(_("Only a trainee who took part can acknowledge this record."))
    # Claimed while still unacknowledged: of two tabs sending at once, one is audited.
    if participant.acknowledged_at is None and claim(
        participant, "acknowledged_at", None, acknowledged_at=utcnow()
    ):
        audit.record(
            "practice_session.acknowledged",
            actor_id=trainee.id,
            target_type="practice_session",
            target_id=session.id,
        )
        db.session.flush()
        return True
    return False


def can_see_session(viewer: User, session: SupervisionSession) -> bool:
    if viewer.id == session.supervisor_id:
        return True
    return any(can_see_placement(viewer, p.placement) for p in session.participants)


def sessions_of(trainee_ids: Sequence[int]) -> list[SupervisionSession]:
    """Sessions any of these trainees took part in, newest first."""
    if not trainee_ids:
        return []
    return list(
        db.session.scalars(
            select(SupervisionSession)
            .where(
                SupervisionSession.id.in_(
                    select(SessionParticipant.session_id).where(
                        SessionParticipant.trainee_id.in_(trainee_ids)
                    )
                )
            )
            .order_by(SupervisionSession.day.desc(), SupervisionSession.id.desc())
        ).unique()
    )


def sessions_recorded_by(supervisor_id: int) -> list[SupervisionSession]:
    return list(
        db.session.scalars(
            select(SupervisionSession)
            .where(SupervisionSession.supervisor_id == supervisor_id)
            .order_by(SupervisionSession.day.desc(), SupervisionSession.id.desc())
        ).unique()
    )
