"""``notify``: record that something happened for someone, and write its e-mail into the outbox.

The domains call ``notify`` from their services, in the same transaction as the change it tells
of: a refused or rolled-back change notifies nobody. Whether an e-mail is written, and when,
follows the recipient's choice for the kind (``preferences``): at once (an outbox row now), in a
daily digest (``write_digests``), or not at all (no notification either).
"""

from __future__ import annotations

import json
from contextlib import nullcontext
from datetime import datetime

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from lms.accounts.models import User
from lms.core.database import LOCAL_TIMEZONE, utcnow
from lms.core.extensions import db
from lms.notifications.kinds import KINDS, sentence
from lms.notifications.models import Notification, OutboxEmail
from lms.notifications.preferences import delivery_for, digest_kinds_of
from lms.notifications.subjects import subject_link, subject_links


def notify(
    recipient_id: int,
    kind: str,
    subject_type: str,
    subject_id: int,
    *,
    actor_id: int | None = None,
    **params: int | str,
) -> Notification | None:
    """Tell ``recipient_id`` that ``kind`` happened to the subject; nobody is told of their own
    action. ``params`` hold codes and numbers only (never text someone typed)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")  # i18n: a programming error
    if recipient_id == actor_id:
        return None
    delivery = delivery_for(recipient_id, kind)
    if delivery == "off":
        return None
    now = utcnow()
    notification = Notification(
        recipient_id=recipient_id,
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        actor_id=actor_id,
        params=json.dumps(params, sort_keys=True),
        created_at=now,
        digested_at=now if delivery == "now" else None,
    )
    db.session.add(notification)
    db.session.flush()
    if delivery == "now":
        _email_at_once(notification)
    return notification


def _recipient_language(user: User) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.language if user.language in languages else current_app.config["CLI_LANGUAGE"]


def _address(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def _addressable():
    """A request context for building absolute addresses: the current request's, or, in a
    command or a job, one at the site's public address (``LMS_PUBLIC_URL``)."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context("/", base_url=current_app.config["PUBLIC_URL"])


def _email_at_once(notification: Notification) -> None:
    recipient = db.session.get(User, notification.recipient_id)
    if recipient is None or not recipient.email:
        return
    language = _recipient_language(recipient)
    with _addressable(), force_locale(language):
        link = subject_link(recipient, notification.subject_type, notification.subject_id)
        text = sentence(notification.kind, link.title if link else None)
        body = "\n\n".join(
            [
                text,
                _("Open it here: %(url)s", url=_address("notifications.index")),
                _("You chose to hear of this at once; change that in your notification settings."),
            ]
        )
        _write_outbox(
            f"notification:{notification.id}",
            recipient,
            language,
            subject=text,
            body=body,
        )


def _write_outbox(event_key: str, recipient: User, language: str, *, subject: str, body: str):
    """Add the e-mail unless one for the same event is there already (INSERT ... ON CONFLICT
    DO NOTHING on the event's unique key): a rerun never writes a second e-mail."""
    table = OutboxEmail.__table__
    module = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        module.insert(table)
        .values(
            event_key=event_key,
            recipient_id=recipient.id,
            to_address=recipient.email,
            language=language,
            subject=subject[:200],
            body=body,
            created_at=utcnow(),
            attempts=0,
        )
        .on_conflict_do_nothing(index_elements=[table.c.event_key])
    )
    db.session.execute(statement)


def write_digests(now: datetime | None = None) -> int:
    """One e-mail per person with notifications waiting for their daily digest, keyed by the
    person and the local day (run it again the same day: nothing more is written). Returns how
    many people's digests were written."""
    now = now or utcnow()
    day = now.astimezone(LOCAL_TIMEZONE).date()
    waiting = db.session.scalars(
        select(Notification)
        .where(Notification.digested_at.is_(None))
        .order_by(Notification.recipient_id, Notification.id)
    ).all()
    by_person: dict[int, list[Notification]] = {}
    for notification in waiting:
        by_person.setdefault(notification.recipient_id, []).append(notification)
    written = 0
    for user_id, notifications in by_person.items():
        recipient = db.session.get(User, user_id)
        wanted = digest_kinds_of(user_id)
        chosen = [n for n in notifications if n.kind in wanted]
        if recipient is not None and recipient.email and chosen:
            _email_digest(recipient, chosen, day.isoformat())
            written += 1
    if waiting:
        db.session.execute(
            update(Notification)
            .where(Notification.id.in_([n.id for n in waiting]))
            .values(digested_at=now)
        )
    return written


def _email_digest(recipient: User, notifications: list[Notification], day: str) -> None:
    language = _recipient_language(recipient)
    with _addressable(), force_locale(language):
        links = subject_links(recipient, [(n.subject_type, n.subject_id) for n in notifications])
        lines = []
        for n in notifications:
            link = links.get((n.subject_type, n.subject_id))
            lines.append("- " + sentence(n.kind, link.title if link else None))
        subject = _("Your daily summary: %(count)d new notifications", count=len(notifications))
        body = "\n".join(
            [*lines, "", _("Open them here: %(url)s", url=_address("notifications.index"))]
        )
        _write_outbox(
            f"digest:{recipient.id}:{day}", recipient, language, subject=subject, body=body
        )
