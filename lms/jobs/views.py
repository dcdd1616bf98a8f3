"""A job's page (progress, then its result) for whoever started it and for admins; its file for
whoever started it only, until it expires; the admins' list of recent and failed jobs, with a
retry button."""

from __future__ import annotations

import mimetypes

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.accounts.forms import SimpleActionForm
from lms.core.downloads import download as file_download
from lms.core.extensions import db
from lms.jobs.control import JobNotRetryable, download_expired, retry_job
from lms.jobs.kinds import kind_of
from lms.jobs.models import Job
from lms.jobs.queue import QueueUnavailable, check_available

bp = Blueprint("jobs", __name__, template_folder="templates")

RECENT = 50


def _visible_job(job_id: int) -> Job:
    """The job, for the person who started it and for admins; 404 for anyone else."""
    job = db.session.get(Job, job_id)
    if job is None or not (job.started_by_id == current_user.id or current_user.has_role("admin")):
        abort(404)
    return job


def _has_file(job: Job) -> bool:
    """The job's file is offered to the person who started it, until it expires (an admin
    looking at someone else's job sees the summary, never the file: it holds personal data)."""
    return (
        job.status == "done"
        and job.download_name is not None
        and job.started_by_id == current_user.id
        and not download_expired(job)
    )


def describe(job: Job) -> str:
    kind = kind_of(job)
    if job.status != "done" or kind is None or kind.describe is None:
        return ""
    return kind.describe(job.result)


def job_state(job: Job) -> dict:
    return {
        "id": job.id,
        "status": job.status,
        "done": job.progress_done,
        "total": job.progress_total,
        "percent": job.percent,
        "summary": describe(job),
        "download": url_for("jobs.download", job_id=job.id) if _has_file(job) else None,
    }


@bp.get("/jobs/<int:job_id>")
@login_required
def job(job_id: int):
    job = _visible_job(job_id)
    return render_template(
        "jobs/job.html",
        job=job,
        kind=kind_of(job),
        summary=describe(job),
        has_file=_has_file(job),
        expired=job.download_name is not None and download_expired(job),
    )


@bp.get("/jobs/<int:job_id>.json")
@login_required
def job_json(job_id: int):
    response = jsonify(job_state(_visible_job(job_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/jobs/<int:job_id>/download")
@login_required
def download(job_id: int):
    job = _visible_job(job_id)
    if not _has_file(job) or job.download is None:
        abort(404)
    mimetype = mimetypes.guess_type(job.download_name)[0] or "application/octet-stream"
    return file_download(job.download, job.download_name, mimetype)


@bp.get("/admin/jobs")
@role_required("admin")
def admin_jobs():
    failed = db.session.scalars(
        select(Job).where(Job.status == "failed").order_by(Job.created_at.desc()).limit(RECENT)
    ).all()
    recent = db.session.scalars(select(Job).order_by(Job.created_at.desc()).limit(RECENT)).all()
    return render_template(
        "jobs/admin.html", failed=failed, recent=recent, form=SimpleActionForm(), kind_of=kind_of
    )


@bp.post("/admin/jobs/<int:job_id>/retry")
@role_required("admin")
def retry(job_id: int):
    if not SimpleActionForm().validate_on_submit():
        abort(400)
    job = db.session.get(Job, job_id) or abort(404)
    try:
        check_available()
        retry_job(job, actor_id=current_user.id)
    except QueueUnavailable:
        flash(_("The job queue is unavailable; try again in a few minutes."), "error")
    except JobNotRetryable:
        flash(_("Only a failed or stalled job can be retried."), "error")
    else:
        flash(_("Job %(id)d queued again.", id=job.id), "success")
    return redirect(url_for(".admin_jobs"))
