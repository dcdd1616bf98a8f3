"""The job queue with a real Huey consumer (threads): on SQLite storage always, and on Redis when
LMS_TEST_REDIS_URL is set (Redis must then answer: the tests fail, never skip)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jobs.consumer import (
    STORAGES,
    qualified_cohort,
    queue_app,
    queue_url,
    running_consumer,
    wait_for,
)
from sqlalchemy import func, select
from support import dispose, login, post_form

from lms.accounts.models import User
from lms.certificates.issuing import issue_certificates
from lms.certificates.models import Certificate
from lms.core.audit import AuditEvent
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.jobs.control import resend_forgotten_jobs, start_job
from lms.jobs.kinds import RunningJob, job_kind
from lms.jobs.models import Job

COHORT_SIZE = 45
FLAKY = {"failing": True}


@job_kind("tests.flaky", title="Flaky")
def flaky(job: RunningJob) -> None:
    job.set_total(1)
    if FLAKY["failing"]:
        raise RuntimeError("the mail server said no")
    with job.step():
        pass
    job.set_result(ok=True)


@pytest.fixture(params=STORAGES)
def live_app(request, empty_database, tmp_path):
    app = queue_app(empty_database, queue_url(request.param, tmp_path))
    yield app
    dispose(app)  # the workers' pooled connections, closed before the schema is dropped


def _certificates(live_app) -> list[tuple[int, str]]:
    with live_app.app_context():
        rows = db.session.execute(
            select(Certificate.user_id, Certificate.status).order_by(Certificate.user_id)
        ).all()
        db.session.remove()
        return [tuple(row) for row in rows]


def test_a_cohorts_45_certificates_are_issued_through_the_queue_with_progress(live_app):
    cohort_id, trainees = qualified_cohort(live_app, COHORT_SIZE)
    client = live_app.test_client()
    login(client, "boss")
    with running_consumer(live_app):
        response = post_form(client, f"/certificates/cohorts/{cohort_id}", {})
        assert response.status_code == 302
        job_id = int(response.location.rsplit("/", 1)[1])
        states = wait_for(client, job_id)
    done = [state["done"] for state in states]
    assert done == sorted(done), "progress never goes back"
    assert states[-1] == {
        "id": job_id,
        "status": "done",
        "done": COHORT_SIZE,
        "total": COHORT_SIZE,
        "percent": 100,
        "summary": "45 certificates issued. 0 already held one. 0 not yet eligible.",
        "download": None,
    }
    assert _certificates(live_app) == [(trainee, "valid") for trainee in trainees]
    html = client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert 'value="100"' in html and "45 certificates issued." in html


def test_a_job_killed_midway_reruns_without_duplicating_certificates(live_app):
    cohort_id, trainees = qualified_cohort(live_app, 12)
    with live_app.app_context():
        boss = db.session.scalar(select(User).where(User.username == "boss"))
        job = start_job(
            "certificates.issue_cohort",
            started_by_id=boss.id,
            cohort_id=cohort_id,
            programme="foundational",
            actor_id=boss.id,
        )
        # The killed worker had claimed the job and issued five certificates, then nothing
        # more was heard of it.
        people = db.session.scalars(select(User).where(User.id.in_(trainees[:5]))).all()
        issue_certificates(people, catalogue().programme("foundational"), actor_id=boss.id)
        job.status, job.progress_done, job.progress_total, job.attempts = "running", 5, 12, 1
        job.updated_at = utcnow() - timedelta(minutes=30)
        db.session.commit()  # a test's own setup: the job is not sent (its worker "died")
        job_id = job.id
        db.session.remove()
    client = live_app.test_client()
    login(client, "boss")
    with running_consumer(live_app):
        with live_app.app_context():
            resend_forgotten_jobs()  # what the worker does every minute
            resend_forgotten_jobs()  # sent twice (a second worker's sweep): runs once
            db.session.remove()
        states = wait_for(client, job_id)
    assert states[-1]["status"] == "done"
    assert states[-1]["summary"] == "7 certificates issued. 5 already held one. 0 not yet eligible."
    assert _certificates(live_app) == [(trainee, "valid") for trainee in trainees]
    with live_app.app_context():
        assert db.session.get(Job, job_id).attempts == 2
        db.session.remove()


def test_a_failing_job_is_retried_then_shown_to_admins_who_retry_it(live_app):
    qualified_cohort(live_app, 0)
    FLAKY["failing"] = True
    client = live_app.test_client()
    login(client, "boss")
    with live_app.app_context():
        boss = db.session.scalar(select(User).where(User.username == "boss"))
        job = start_job("tests.flaky", started_by_id=boss.id)
        from lms.core.unit_of_work import commit

        commit()  # as the request's end would: the job is sent once its row is written
        job_id = job.id
        db.session.remove()
    with running_consumer(live_app):
        states = wait_for(client, job_id)
        assert states[-1]["status"] == "failed"
        with live_app.app_context():
            failed = db.session.get(Job, job_id)
            assert failed.attempts == 2  # the first run and Huey's one retry
            assert failed.error == "RuntimeError: the mail server said no"
            db.session.remove()
        html = client.get("/admin/jobs").get_data(as_text=True)
        assert "RuntimeError: the mail server said no" in html
        FLAKY["failing"] = False
        response = post_form(client, f"/admin/jobs/{job_id}/retry", {}, token_from="/admin/jobs")
        assert response.status_code == 302
        assert wait_for(client, job_id)[-1]["status"] == "done"
    with live_app.app_context():
        retried = db.session.scalar(select(func.count()).where(AuditEvent.action == "job.retried"))
        assert retried == 1
        db.session.remove()
    # A done job is not retried again.
    post_form(client, f"/admin/jobs/{job_id}/retry", {}, token_from="/admin/jobs")
    html = client.get("/admin/jobs").get_data(as_text=True)
    assert "Only a failed or stalled job can be retried." in html
