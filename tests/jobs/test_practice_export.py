"""The national practice export as a job, run by a real Huey consumer (SQLite storage always,
Redis when LMS_TEST_REDIS_URL is set): the report page starts it, its page shows the progress
and then offers the file, which is the one the direct download gives; the file is for the admin
who asked only, and it expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jobs.consumer import STORAGES, queue_app, queue_url, running_consumer, wait_for
from practice.world import approved, practice_world, submitted
from races import kept_loaded
from sqlalchemy import select
from support import PASSWORD, Factory, dispose, login, post_form

from lms.core.extensions import db
from lms.jobs.control import drop_expired_downloads
from lms.jobs.models import Job


@pytest.fixture(params=STORAGES)
def world(request, empty_database, tmp_path):
    app = queue_app(empty_database, queue_url(request.param, tmp_path))
    with kept_loaded(app):
        built = practice_world(Factory(app))
        for offset in range(1, 6):
            approved(built, offset=offset)
        submitted(built, offset=7)
    yield built
    dispose(app)


def _client(app, username):
    client = app.test_client()
    login(client, username)
    return client


def _export(world, client, query: str = "") -> int:
    page = f"/practice/reports{query}"
    answer = post_form(client, f"/practice/reports/export{query}", {}, token_from=page)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return int(answer.location.rsplit("/", 1)[1])


def test_the_export_runs_as_a_job_and_gives_the_file_of_the_direct_download(world, monkeypatch):
    monkeypatch.setattr("lms.practice.export_job.EXPORT_BATCH", 2)  # progress in steps
    app = world.app
    client = _client(app, "gozel")
    assert "Export entries (CSV)" in client.get("/practice/reports").get_data(as_text=True)
    with running_consumer(app):
        job_id = _export(world, client)
        states = wait_for(client, job_id)
    done = [s["done"] for s in states]
    assert done == sorted(done)
    last = states[-1]
    assert last["status"] == "done" and last["total"] == 6 and last["done"] == 6
    assert last["summary"] == "6 practice entries exported."
    assert last["download"] == f"/jobs/{job_id}/download"
    page = client.get(f"/jobs/{job_id}").get_data(as_text=True)  # after a reload
    assert "Exporting practice entries" in page and "6 practice entries exported." in page
    assert f'href="/jobs/{job_id}/download"' in page
    file = client.get(f"/jobs/{job_id}/download")
    assert file.status_code == 200 and file.mimetype == "text/csv"
    assert "practice-entries.csv" in file.headers["Content-Disposition"]
    direct = client.get("/practice/reports.csv")
    assert file.data == direct.data  # the same rows, columns and order
    assert file.data.decode("utf-8-sig").count("\r\n") == 7  # heading and six entries


def test_the_filter_is_kept_and_a_bad_one_starts_nothing(world):
    app = world.app
    client = _client(app, "gozel")
    day = world.day(3).isoformat()
    with running_consumer(app):
        job_id = _export(world, client, f"?start={day}")
        summary = wait_for(client, job_id)[-1]["summary"]
        assert summary == "4 practice entries exported."  # days 3, 4, 5 and 7
    bad = post_form(
        client, "/practice/reports/export?start=2026-02-30", {}, token_from="/practice/reports"
    )
    assert bad.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Job.id).where(Job.id > job_id)) is None


def test_the_file_is_for_the_admin_who_asked_only_and_expires(world):
    app = world.app
    client = _client(app, "gozel")
    with running_consumer(app):
        job_id = _export(world, client)
        wait_for(client, job_id)
    with app.app_context():
        from lms.accounts.users import NewUser, create_user

        create_user(NewUser("other", "Other Admin", PASSWORD, ("admin",)), actor_id=None)
        db.session.commit()
    other = _client(app, "other")
    assert other.get(f"/jobs/{job_id}").status_code == 200  # admins see every job
    assert other.get(f"/jobs/{job_id}.json").get_json()["download"] is None
    assert other.get(f"/jobs/{job_id}/download").status_code == 404
    trainee = _client(app, world.trainee.username)
    assert trainee.get(f"/jobs/{job_id}/download").status_code == 404
    assert trainee.get(f"/jobs/{job_id}").status_code == 404

    with app.app_context():
        job = db.session.get(Job, job_id)
        job.finished_at -= timedelta(hours=app.config["JOB_DOWNLOAD_HOURS"] + 1)
        db.session.commit()
    assert client.get(f"/jobs/{job_id}/download").status_code == 404
    assert "The file has expired" in client.get(f"/jobs/{job_id}").get_data(as_text=True)
    with app.app_context():
        assert drop_expired_downloads() == 1
        assert db.session.get(Job, job_id).download is None
        assert drop_expired_downloads() == 0
