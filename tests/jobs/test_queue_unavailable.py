"""Redis away: pages keep working, starting a job says the queue is unavailable and writes
nothing; the queue's settings are checked."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from support import login, post_form

from lms.core.config import ConfigError
from lms.core.extensions import db
from lms.jobs.models import Job
from lms.jobs.queue import _tasks, build_huey, default_queue_url

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(app, monkeypatch):
    monkeypatch.setitem(app.extensions, "lms_queue", _tasks(app, build_huey(NOBODY_LISTENS)))


def _jobs(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Job))


def test_with_redis_down_issuing_a_cohort_says_the_queue_is_unavailable(
    app, client, factory, redis_down
):
    factory.user("boss", "admin")
    cohort = factory.cohort("FND-R", trainees=[factory.user("ready", "trainee")])
    login(client, "boss")
    assert client.get(f"/certificates/cohorts/{cohort.id}").status_code == 200
    response = post_form(client, f"/certificates/cohorts/{cohort.id}", {})
    assert response.status_code == 302 and "/jobs/" not in response.location
    html = client.get(response.location).get_data(as_text=True)
    assert "The job queue is unavailable; try again in a few minutes." in html
    assert _jobs(app) == 0
    assert client.get("/admin/jobs").status_code == 200


def test_a_job_is_seen_only_by_whoever_started_it_and_admins(app, client, factory):
    starter = factory.user("starter", "admin")
    factory.user("other", "trainer")
    factory.user("chief", "admin")
    with app.app_context():
        job = Job(kind="certificates.issue_cohort", started_by_id=starter.id, progress_total=4)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    for username, status in (("starter", 200), ("chief", 200), ("other", 404)):
        login(client, username)
        assert client.get(f"/jobs/{job_id}").status_code == status
        assert client.get(f"/jobs/{job_id}.json").status_code == status
        client.post("/logout", data={"csrf_token": ""})
        client.delete_cookie("lms_session")
    login(client, "starter")
    assert client.get(f"/jobs/{job_id}/download").status_code == 404  # no result yet


def test_the_queue_is_a_file_beside_the_sqlite_database_unless_configured():
    assert default_queue_url("sqlite:////srv/lms/lms.sqlite3", "/srv/i") == (
        "sqlite:////srv/lms/lms-queue.sqlite3"
    )
    assert default_queue_url("postgresql+psycopg://db/lms", "/srv/i") == (
        "sqlite:////srv/i/lms-queue.sqlite3"
    )
    with pytest.raises(ConfigError, match="LMS_QUEUE_URL"):
        build_huey("amqp://elsewhere")
