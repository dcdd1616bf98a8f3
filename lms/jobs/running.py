"""Running a job in the worker.

A job is claimed with a conditional update (queued -> running), so a job sent twice (a resend,
a retry racing the sweep) runs once at a time. A failure is recorded on its row: back to
``queued`` while Huey has retries left (it runs it again after a growing delay), ``failed``
after the last one, where admins see it with its error and can retry it.
"""

from __future__ import annotations

import logging

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.transitions import claim
from lms.core.unit_of_work import rollback, unit_of_work
from lms.jobs.kinds import RunningJob, kind_of
from lms.jobs.models import Job

log = logging.getLogger(__name__)


def _claimed(job_id: int) -> Job | None:
    with unit_of_work():
        job = db.session.get(Job, job_id)
        now = utcnow()
        if job is None or not claim(
            job,
            "status",
            "queued",
            status="running",
            attempts=job.attempts + 1,
            started_at=now,
            updated_at=now,
            finished_at=None,
            error="",
        ):
            return None
        return job


def _finish(job_id: int, status: str, error: str = "") -> None:
    with unit_of_work():
        job = db.session.get(Job, job_id, populate_existing=True)
        job.status, job.error, job.updated_at = status, error, utcnow()
        if status in ("done", "failed"):
            job.finished_at = job.updated_at


def execute(job_id: int, *, retries_left: int = 0) -> None:
    """Run job ``job_id`` if it is queued; re-raise its failure (for Huey to retry it)."""
    job = _claimed(job_id)
    if job is None:
        return  # done, failed, running elsewhere, or gone
    kind = kind_of(job)
    try:
        if kind is None:
            raise LookupError(f"no job kind {job.kind!r}")  # i18n: shown to admins as logged
        kind.run(RunningJob(job_id), **job.args)
    except Exception as exc:
        rollback()
        log.exception("job %s (%s) failed", job_id, job.kind)
        _finish(job_id, "queued" if retries_left > 0 else "failed", f"{type(exc).__name__}: {exc}")
        raise
    _finish(job_id, "done")
