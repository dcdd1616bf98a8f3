"""Starting a job, retrying a failed one, and resending what the queue never ran."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import or_, select, update

from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.transitions import claim
from lms.core.unit_of_work import after_commit, unit_of_work
from lms.jobs.kinds import every_minute, is_kind
from lms.jobs.models import Job
from lms.jobs.queue import send

RESEND_AFTER = timedelta(minutes=5)  # queued this long: the queue never got it (Redis was down)
STALLED_AFTER = timedelta(minutes=10)  # running without a step this long: its worker was killed


def download_expired(job: Job, now=None) -> bool:
    """A job's file is kept ``JOB_DOWNLOAD_HOURS`` after the job finished."""
    kept = timedelta(hours=current_app.config["JOB_DOWNLOAD_HOURS"])
    return job.finished_at is not None and (now or utcnow()) > job.finished_at + kept


@every_minute
def drop_expired_downloads(now=None) -> int:
    """Delete the files of jobs finished longer ago than ``JOB_DOWNLOAD_HOURS`` (the name stays,
    so the job's page says the file has expired); how many were deleted."""
    now = now or utcnow()
    kept = timedelta(hours=current_app.config["JOB_DOWNLOAD_HOURS"])
    with unit_of_work():
        result = db.session.execute(
            update(Job)
            .where(Job.download.is_not(None), Job.finished_at < now - kept)
            .values(download=None)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount


class JobNotRetryable(ValueError):
    """Only a failed job, or one whose worker stopped, is retried."""


def start_job(kind: str, *, started_by_id: int | None, **args: Any) -> Job:
    """Add a queued job; it is sent to the queue once the unit of work has committed."""
    if not is_kind(kind):
        raise KeyError(kind)
    job = Job(kind=kind, args_json=json.dumps(args, sort_keys=True), started_by_id=started_by_id)
    db.session.add(job)
    db.session.flush()
    job_id = job.id
    after_commit(lambda: send(job_id))
    return job


def retry_job(job: Job, *, actor_id: int) -> None:
    """Queue a failed (or stalled) job again, audited; sent once the request has committed."""
    stalled = job.status == "running" and utcnow() - job.updated_at > STALLED_AFTER
    if job.status != "failed" and not stalled:
        raise JobNotRetryable(job.status)
    if not claim(job, "status", job.status, status="queued", updated_at=utcnow()):
        raise JobNotRetryable(job.status)
    audit.record(
        "job.retried", actor_id=actor_id, target_type="job", target_id=job.id, kind=job.kind
    )
    job_id = job.id
    after_commit(lambda: send(job_id))


@every_minute
def resend_forgotten_jobs() -> None:
    """Send again the jobs the queue never got (it was down when they were started) and those
    whose worker was killed mid-way: they rerun, skipping what they had done."""
    now = utcnow()
    with unit_of_work():
        forgotten = db.session.scalars(
            select(Job).where(
                or_(
                    (Job.status == "queued") & (Job.updated_at < now - RESEND_AFTER),
                    (Job.status == "running") & (Job.updated_at < now - STALLED_AFTER),
                )
            )
        ).all()
        resend = [
            job.id
            for job in forgotten
            if claim(job, "status", job.status, status="queued", updated_at=now)
        ]
    for job_id in resend:
        send(job_id)
