"""A person's notifications: the list, with each subject's title and address looked up for the
reader now, the unread count of the menu, and marking read."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update

from lms.accounts.models import User
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.notifications.kinds import sentence
from lms.notifications.models import Notification
from lms.notifications.subjects import SubjectLink, subject_link, subject_links

PAGE = 100  # the newest ones; older ones stay in the database


@dataclass(frozen=True)
class Shown:
    notification: Notification
    text: str
    link: SubjectLink | None  # None: the reader may no longer see the subject

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def notifications_of(reader: User) -> list[Shown]:
    """The reader's newest notifications, worded in the current language (fixed query count)."""
    found = db.session.scalars(
        select(Notification)
        .where(Notification.recipient_id == reader.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(PAGE)
    ).all()
    links = subject_links(reader, [(n.subject_type, n.subject_id) for n in found])
    shown = []
    for n in found:
        link = links.get((n.subject_type, n.subject_id))
        shown.append(Shown(n, sentence(n.kind, link.title if link else None), link))
    return shown


def unread_count(reader_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.recipient_id == reader_id, Notification.read_at.is_(None))
    )


def own_notification(reader: User, notification_id: int) -> Notification | None:
    found = db.session.get(Notification, notification_id)
    return found if found is not None and found.recipient_id == reader.id else None


def open_notification(reader: User, notification: Notification) -> SubjectLink | None:
    """Mark it read and give the subject's address, or None if the reader may not see it."""
    link = subject_link(reader, notification.subject_type, notification.subject_id)
    if link is not None and notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
    return link


def mark_all_read(reader: User) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.recipient_id == reader.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount
