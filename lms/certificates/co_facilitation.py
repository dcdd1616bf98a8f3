"""Observed co-facilitation for the ToT certificate: a master trainer records a session a ToT
candidate co-facilitated and rates it. The service flushes; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lms.accounts.models import User
from lms.accounts.self_decisions import refuse_self
from lms.certificates.models import CoFacilitation
from lms.core import audit
from lms.core.extensions import db
from lms.core.privacy import require_clean


@dataclass(frozen=True)
class ObservedSession:
    trainee_id: int
    held_on: date
    topic: str
    rating: int  # 1..5; 3 ("meets the standard") or better counts toward the certificate
    comments: str = ""


def record_co_facilitation(
    observer: User, session: ObservedSession, *, confirmed: bool = False
) -> CoFacilitation:
    """Store the observed session and audit it. Nobody observes and rates themselves; the
    texts pass the privacy guard (or are ``confirmed``)."""
    refuse_self(observer, session.trainee_id)
    require_clean([session.topic, session.comments], confirmed=confirmed)
    record = CoFacilitation(
        trainee_id=session.trainee_id,
        observer_id=observer.id,
        held_on=session.held_on,
        topic=session.topic.strip(),
        rating=session.rating,
        comments=session.comments or "",
    )
    db.session.add(record)
    db.session.flush()
    audit.record(
        "tot.co_facilitation_rated",
        actor_id=observer.id,
        target_type="user",
        target_id=session.trainee_id,
        rating=session.rating,
        held_on=session.held_on.isoformat(),
    )
    return record
