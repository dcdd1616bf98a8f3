"""Each person's choice, per kind of notification: e-mail at once, in a daily digest, or not
at all (then they are not notified of that kind in the platform either)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select

from lms.core.extensions import db
from lms.notifications.kinds import KINDS
from lms.notifications.models import DELIVERIES, NotificationChoice

DEFAULT_DELIVERY = "now"
WAITING = "waiting"  # lms.notifications.waiting_digest: "off", or a daily e-mail


def deliveries_of(user_id: int) -> dict[str, str]:
    """Every kind's delivery for the person (the default where they chose nothing)."""
    chosen = dict(
        db.session.execute(
            select(NotificationChoice.kind, NotificationChoice.delivery).where(
                NotificationChoice.user_id == user_id
            )
        ).all()
    )
    return {kind: chosen.get(kind, DEFAULT_DELIVERY) for kind in KINDS}


def delivery_for(user_id: int, kind: str) -> str:
    found = db.session.get(NotificationChoice, (user_id, kind))
    return found.delivery if found is not None else DEFAULT_DELIVERY


def digest_kinds_of(user_id: int) -> set[str]:
    return {kind for kind, delivery in deliveries_of(user_id).items() if delivery == "digest"}


def save_deliveries(user_id: int, deliveries: Mapping[str, str]) -> None:
    """Replace the person's choices; unknown kinds or deliveries are refused (ValueError).
    ``waiting`` (a trainer's daily e-mail of what waits) is kept beside the kinds."""
    if set(deliveries) - {*KINDS, WAITING} or set(deliveries.values()) - set(DELIVERIES):
        raise ValueError("unknown kind or delivery")  # i18n: a programming error, never shown
    db.session.execute(delete(NotificationChoice).where(NotificationChoice.user_id == user_id))
    db.session.add_all(
        NotificationChoice(user_id=user_id, kind=kind, delivery=delivery)
        for kind, delivery in sorted(deliveries.items())
        if delivery != DEFAULT_DELIVERY
    )
    db.session.flush()
