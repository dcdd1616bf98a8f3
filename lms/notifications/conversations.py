"""The conversation on a subject (a practice entry, a field evaluation): trainee and supervisor
write back and forth, and each message notifies the others taking part.

Who may read and write is the domain's decision (whoever may see the subject); this module
keeps the messages, checks their text with the privacy guard and notifies. Messages are never
changed or deleted: they stay part of the subject's history after approval.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.core.privacy import require_clean
from lms.notifications.models import ConversationMessage
from lms.notifications.sending import notify

MESSAGE_MAX = 2000


class MessageRefused(ValueError):
    """The message is empty or too long (the privacy guard raises its own IdentifyingText)."""


@dataclass(frozen=True)
class Said:
    author_name: str
    author_id: int
    body: str
    at: datetime


def conversation(subject_type: str, subject_id: int) -> list[Said]:
    """The messages on the subject, oldest first, with their authors' names (one query)."""
    rows = db.session.execute(
        select(ConversationMessage, User.full_name)
        .join(User, User.id == ConversationMessage.author_id)
        .where(
            ConversationMessage.subject_type == subject_type,
            ConversationMessage.subject_id == subject_id,
        )
        .order_by(ConversationMessage.id)
    ).all()
    return [Said(name, m.author_id, m.body, m.created_at) for m, name in rows]


def post_message(
    author: User,
    subject_type: str,
    subject_id: int,
    body: str,
    *,
    participants: Iterable[int],
    confirmed: bool = False,
) -> ConversationMessage:
    """Add the author's message and notify the other ``participants``. Text that looks as if it
    identifies someone needs ``confirmed`` (IdentifyingText otherwise)."""
    text = (body or "").strip()
    if not text:
        raise MessageRefused(_("Write a message first."))
    if len(text) > MESSAGE_MAX:
        raise MessageRefused(_("A message is at most %(max)d characters.", max=MESSAGE_MAX))
    findings = require_clean([text], confirmed=confirmed)
    message = ConversationMessage(
        subject_type=subject_type,
        subject_id=subject_id,
        author_id=author.id,
        body=text,
        privacy_confirmed=bool(findings),
    )
    db.session.add(message)
    db.session.flush()
    for person_id in sorted(set(participants) - {author.id}):
        notify(person_id, "message", subject_type, subject_id, actor_id=author.id)
    return message
