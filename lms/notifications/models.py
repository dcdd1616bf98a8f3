"""Notifications, each person's choices, the e-mail outbox, conversation messages and the
secret address of each person's calendar feed.

A notification stores what happened (its kind, the subject it is about and a few parameters),
never its English text: it is worded in the reader's language when shown, and the subject's
title is looked up then, so a subject the reader may no longer see is never named.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.database import UTCDateTime, utcnow
from lms.core.extensions import db

DELIVERIES = ("now", "digest", "off")  # e-mail at once, in a daily digest, or not at all


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    params: Mapped[str] = mapped_column(Text, default="{}")  # JSON: numbers and codes only
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when a daily digest has taken it (or when its kind is not e-mailed in a digest).
    digested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_notifications_recipient_created", "recipient_id", "created_at"),
        Index("ix_notifications_recipient_read", "recipient_id", "read_at"),
    )


class NotificationChoice(db.Model):
    """How one person wants to hear of one kind of event; no row means "at once"."""

    __tablename__ = "notification_choices"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    delivery: Mapped[str] = mapped_column(String(8))

    __table_args__ = (CheckConstraint("delivery IN ('now', 'digest', 'off')", name="delivery"),)


class OutboxEmail(db.Model):
    """An e-mail written in its recipient's language, waiting for the job that sends it.

    ``event_key`` names the event (one notification, or one person's digest of one day): an
    event is written into the outbox once, however often the code that writes it runs.
    ``status``: queued (waiting, or waiting for ``next_attempt_at`` after a failure), sending
    (claimed by one worker), sent, failed (given up, or interrupted mid-way: an admin
    decides whether to send it again), or bounced (the mail server refused the address for
    good: it is not tried again, and the address is flagged in ``MailBounce``).
    """

    __tablename__ = "email_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_key: Mapped[str] = mapped_column(String(120), unique=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    to_address: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="queued")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        Index("ix_email_outbox_unsent", "sent_at", "id"),
        Index("ix_email_outbox_status", "status", "next_attempt_at"),
        CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'failed', 'bounced')", name="status"
        ),
    )


class ConversationMessage(db.Model):
    """One message in the conversation on a subject (a practice entry, a field evaluation).

    Messages are never edited or deleted: they are part of the subject's history."""

    __tablename__ = "conversation_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    privacy_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        Index("ix_conversation_messages_subject", "subject_type", "subject_id", "id"),
    )


class CalendarFeed(db.Model):
    """The secret part of a person's calendar feed address; rotating it replaces the row."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailBounce(db.Model):
    """A person's e-mail address that the mail server refused for good (a 5xx answer): they
    see on their profile that e-mails to it are not arriving. It holds for that address only:
    once the person's address is changed, the flag no longer applies."""

    __tablename__ = "mail_bounces"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    address: Mapped[str] = mapped_column(String(254))
    error: Mapped[str] = mapped_column(Text)
    bounced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
