"""Sending the outbox: each queued e-mail is claimed by one worker, sent once, and marked sent
or failed.

Exactly one e-mail per row, however many workers run and however often a job is retried: a
worker claims a row with a conditional UPDATE (queued -> sending) and commits before it talks
to the mail server, so no other worker can take it. A failure queues it again after a back-off
(1, 2, 4 ... minutes) until ``MAIL_ATTEMPTS``, then it is "failed"; a refusal the server says is
final (a 5xx answer, a refused address) makes it "bounced" at once, never tried again, and flags
the recipient's address (``MailBounce``): they see on their settings page that e-mails to it are
not arriving, until they change it or an e-mail to it goes through. A worker killed between
sending and marking leaves a row "sending": after ``STALE_AFTER`` it is marked failed, not sent
again (the e-mail may have gone), and an admin who knows it did not arrive sends it again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.mail import MailSettings, connect, is_permanent, message
from lms.core.transitions import claim
from lms.core.unit_of_work import unit_of_work
from lms.notifications.models import MailBounce, OutboxEmail

log = logging.getLogger(__name__)

BATCH = 100  # e-mails sent per run of the minute's hook (per worker)
FIRST_BACKOFF = timedelta(minutes=1)
STALE_AFTER = timedelta(minutes=15)
INTERRUPTED = "interrupted while sending: it may have been sent"  # i18n: an admin's diagnostic


class NotRetryable(ValueError):
    """Only a failed or bounced e-mail is sent again."""


@dataclass
class Sent:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    bounced: int = 0


def mail_settings() -> MailSettings | None:
    return current_app.config.get("MAIL")


def backoff(attempts: int) -> timedelta:
    return FIRST_BACKOFF * 2 ** max(attempts - 1, 0)


def send_due(now: datetime | None = None) -> Sent:
    """Send the e-mails that are due; nothing when mail is off (they stay queued)."""
    settings = mail_settings()
    counts = Sent()
    if settings is None:
        return counts
    now = now or utcnow()
    _give_up_interrupted(now)
    with unit_of_work():
        due = db.session.scalars(
            select(OutboxEmail.id)
            .where(
                OutboxEmail.status == "queued",
                (OutboxEmail.next_attempt_at.is_(None)) | (OutboxEmail.next_attempt_at <= now),
            )
            .order_by(OutboxEmail.id)
            .limit(BATCH)
        ).all()
    smtp = None
    try:
        for email_id in due:
            claimed = _claim(email_id, now)
            if claimed is None:
                continue  # another worker has it
            try:
                if smtp is None:
                    smtp = connect(settings)
            except Exception as exc:  # the server is away: the rest wait for the next run
                log.warning("mail server unavailable: %s", exc)
                # Refused before any address was given: the server's trouble, not the address's.
                _count(counts, _failed(email_id, exc, now, permanent=False))
                break
            try:
                smtp.send_message(
                    message(
                        settings,
                        claimed.to_address,
                        claimed.subject,
                        claimed.body,
                        claimed.language,
                    )
                )
            except Exception as exc:  # smtplib.SMTPException, OSError, timeouts ...
                log.warning("e-mail %s not sent: %s", email_id, exc)
                _count(counts, _failed(email_id, exc, now))
                if not is_permanent(exc):  # the connection may be broken: open a new one
                    smtp = _close(smtp)
                continue
            _sent(email_id)
            counts.sent += 1
    finally:
        _close(smtp)
    return counts


def _count(counts: Sent, outcome: str) -> None:
    """Count what became of a failed e-mail (its new status)."""
    if outcome == "bounced":
        counts.bounced += 1
    elif outcome == "failed":
        counts.failed += 1
    else:
        counts.retrying += 1


@dataclass(frozen=True)
class _Claimed:
    to_address: str
    subject: str
    body: str
    language: str


def _claim(email_id: int, now: datetime) -> _Claimed | None:
    with unit_of_work():
        row = db.session.get(OutboxEmail, email_id)
        if row is None or not claim(row, "status", "queued", status="sending", claimed_at=now):
            return None
        return _Claimed(row.to_address, row.subject, row.body, row.language)


def _sent(email_id: int) -> None:
    with unit_of_work():
        row = db.session.get(OutboxEmail, email_id)
        # The address took an e-mail: a bounce recorded for it no longer holds.
        db.session.execute(
            delete(MailBounce).where(
                MailBounce.user_id == row.recipient_id, MailBounce.address == row.to_address
            )
        )
        db.session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == email_id, OutboxEmail.status == "sending")
            .values(
                status="sent",
                sent_at=utcnow(),
                attempts=OutboxEmail.attempts + 1,
                last_error=None,
                next_attempt_at=None,
            )
        )


def _failed(email_id: int, exc: Exception, now: datetime, *, permanent: bool | None = None) -> str:
    """Record the failure; the e-mail's new status (queued again, failed or bounced)."""
    error = f"{type(exc).__name__}: {exc}"[:1000]
    bounced = is_permanent(exc) if permanent is None else permanent
    with unit_of_work():
        row = db.session.get(OutboxEmail, email_id, populate_existing=True)
        attempts = row.attempts + 1
        if bounced:
            status = "bounced"
        elif attempts >= current_app.config["MAIL_ATTEMPTS"]:
            status = "failed"
        else:
            status = "queued"
        db.session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == email_id, OutboxEmail.status == "sending")
            .values(
                status=status,
                attempts=attempts,
                last_error=error,
                next_attempt_at=now + backoff(attempts) if status == "queued" else None,
            )
        )
        if bounced:
            _flag_address(row.recipient_id, row.to_address, error, now)
    return status


def _flag_address(user_id: int, address: str, error: str, now: datetime) -> None:
    flag = db.session.get(MailBounce, user_id)
    if flag is None:
        flag = MailBounce(user_id=user_id)
        db.session.add(flag)
    flag.address, flag.error, flag.bounced_at = address, error, now


def bounce_of(user_id: int, address: str | None) -> MailBounce | None:
    """The bounce recorded for the person's current address, if any."""
    flag = db.session.get(MailBounce, user_id) if address else None
    return flag if flag is not None and flag.address == address else None


def _give_up_interrupted(now: datetime) -> None:
    with unit_of_work():
        db.session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.status == "sending", OutboxEmail.claimed_at < now - STALE_AFTER)
            .values(status="failed", last_error=INTERRUPTED)
            .execution_options(synchronize_session=False)
        )


def _close(smtp) -> None:
    if smtp is not None:
        try:
            smtp.quit()
        except Exception:  # the server went away: nothing more to tell it
            smtp.close()
    return None


def retry(email: OutboxEmail, *, actor_id: int) -> None:
    """Queue a failed or bounced e-mail again (audited; an admin who knows the address now
    works); the minute's hook sends it."""
    if email.status not in ("failed", "bounced") or not claim(
        email, "status", email.status, status="queued", next_attempt_at=None
    ):
        raise NotRetryable(email.status)
    audit.record("email.retried", actor_id=actor_id, target_type="email_outbox", target_id=email.id)


def counts_by_status() -> dict[str, int]:
    return dict(
        db.session.execute(
            select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)
        ).all()
    )


def failures(limit: int = 100) -> list[OutboxEmail]:
    return db.session.scalars(
        select(OutboxEmail)
        .where(
            OutboxEmail.status.in_(("failed", "bounced"))
            | ((OutboxEmail.status == "queued") & OutboxEmail.last_error.is_not(None))
        )
        .order_by(OutboxEmail.id.desc())
        .limit(limit)
    ).all()
