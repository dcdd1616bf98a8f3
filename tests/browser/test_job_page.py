"""A job's page follows its progress without a reload (plain script polling its JSON), on a
phone and on a desktop."""

import json

import pytest
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.jobs.models import Job

pytestmark = pytest.mark.browser


def _job(app, **values) -> int:
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        job = Job(kind="certificates.issue_cohort", started_by_id=admin.id, **values)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        db.session.remove()
        return job_id


def _worker_finishes(app, job_id: int) -> None:
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.status, job.progress_done = "done", job.progress_total
        job.result_json = json.dumps({"issued": 45, "held": 0, "waiting": 0})
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_job_page_shows_the_progress_then_the_result(live_server, request, screen):
    page = request.getfixturevalue(screen)
    job_id = _job(live_server.app, status="running", progress_done=9, progress_total=45)
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "social-work")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/jobs/{job_id}")
    assert page.inner_text("#job-count") == "9 of 45"
    assert page.get_attribute("#job-progress", "value") == "20"
    _worker_finishes(live_server.app, job_id)
    page.locator("#job[data-status=done]").wait_for(timeout=15000)
    assert page.inner_text("#job-status") == "Done."
    assert page.inner_text("#job-summary").startswith("45 certificates issued.")
    assert page.inner_text("#job-count") == "45 of 45"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
