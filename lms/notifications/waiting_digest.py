"""The trainers' daily e-mail of what waits for them: the counts of their home page (entries
waiting for sign-off, essays to grade, field evaluations due), each with a link, in the
trainer's language. Nothing is written when every count is zero, nor for a trainer who chose
no such e-mail; run twice on one day, it writes nothing twice (one event key per person and
local day)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urljoin

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.accounts.models import User, UserRole
from lms.core.database import LOCAL_TIMEZONE, utcnow
from lms.core.extensions import db
from lms.i18n.formatting import number
from lms.notifications.models import NotificationChoice
from lms.notifications.preferences import WAITING as KIND
from lms.notifications.sending import _address, _addressable, _recipient_language, _write_outbox
from lms.notifications.waiting import waiting_for

LABEL = _l("A daily e-mail of what waits for you (trainers)")
CHOICES = (("digest", _l("Every morning, when something waits")), ("off", _l("No e-mail")))


def wants_waiting_email(user_id: int) -> bool:
    found = db.session.get(NotificationChoice, (user_id, KIND))
    return found is None or found.delivery != "off"


def _trainers_with_email() -> list[User]:
    choosing_none = select(NotificationChoice.user_id).where(
        NotificationChoice.kind == KIND, NotificationChoice.delivery == "off"
    )
    trainers = select(UserRole.user_id).where(UserRole.role == "trainer")
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(trainers),
                User.id.not_in(choosing_none),
                User.active.is_(True),
                User.email.is_not(None),
                User.email != "",
            )
            .order_by(User.id)
        )
    )


def write_waiting_digests(now: datetime | None = None) -> int:
    """Write the day's e-mail of each trainer with something waiting; how many were written."""
    now = now or utcnow()
    day = now.astimezone(LOCAL_TIMEZONE).date().isoformat()
    written = 0
    for trainer in _trainers_with_email():
        language = _recipient_language(trainer)
        with _addressable(), force_locale(language):
            waiting = [w for w in waiting_for(trainer) if w.count]
            if not waiting:
                continue
            root = _address("site.index")
            lines = [
                f"- {w.label}: {number(w.count, 0)}\n  {urljoin(root, w.url)}" for w in waiting
            ]
            subject = _("What waits for you today")
            body = "\n".join(
                [
                    *lines,
                    "",
                    _("You chose this daily e-mail; change that in your notification settings."),
                ]
            )
            _write_outbox(
                f"waiting:{trainer.id}:{day}", trainer, language, subject=subject, body=body
            )
        written += 1
    return written
