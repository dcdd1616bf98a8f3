"""Periodic work run by the worker: the kept national reports are recomputed ahead of expiry
(what ``lms reports refresh --every`` did in a loop the operator had to keep alive), the e-mail
outbox is sent, and the daily digests (and the trainers' e-mails of what waits for them) are
written once a day from ``DIGEST_HOUR`` (local)."""

from __future__ import annotations

import logging
from datetime import date, datetime

from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from lms.core.database import LOCAL_TIMEZONE, utcnow
from lms.core.extensions import db
from lms.core.unit_of_work import unit_of_work
from lms.jobs.kinds import every_minute
from lms.jobs.models import DailyRun
from lms.notifications.outbox import send_due
from lms.notifications.sending import write_digests
from lms.notifications.waiting_digest import write_waiting_digests
from lms.reports.cache import max_age, refresh_standing

log = logging.getLogger(__name__)

# Run every minute: recompute what would expire within the next two minutes.
REFRESH_WITHIN_S = 120


@every_minute
def refresh_kept_reports() -> None:
    if max_age() <= 0:
        return
    with unit_of_work():
        refreshed, dropped = refresh_standing(REFRESH_WITHIN_S)
    for report in refreshed:
        log.info("recomputed %s in %.2f s", report.key, report.seconds)
    if dropped:
        log.info("dropped %d expired reports", dropped)


@every_minute
def send_outbox() -> None:
    counts = send_due()
    if counts.sent or counts.retrying or counts.failed or counts.bounced:
        log.info(
            "e-mails: %d sent, %d to retry, %d failed, %d bounced",
            counts.sent,
            counts.retrying,
            counts.failed,
            counts.bounced,
        )


def first_run_today(name: str, day: date) -> bool:
    """Record that ``name`` runs for ``day``; False when it already has (INSERT ... ON CONFLICT
    DO NOTHING: of two workers at the same minute, one gets True)."""
    table = DailyRun.__table__
    module = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    inserted = db.session.execute(
        module.insert(table)
        .values(name=name, day=day, ran_at=utcnow())
        .on_conflict_do_nothing(index_elements=[table.c.name, table.c.day])
        .returning(table.c.name)
    ).first()
    return inserted is not None


@every_minute
def write_daily_digests(now: datetime | None = None) -> int | None:
    """The day's digests, once, from ``DIGEST_HOUR`` local time; None when not run now."""
    now = now or utcnow()
    local = now.astimezone(LOCAL_TIMEZONE)
    if local.hour < current_app.config["DIGEST_HOUR"]:
        return None
    with unit_of_work():
        if not first_run_today("notifications.digest", local.date()):
            return None
        written = write_digests(now)
        waiting = write_waiting_digests(now)
    log.info("wrote %d digests and %d trainers' e-mails of what waits", written, waiting)
    return written + waiting
