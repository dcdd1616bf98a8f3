"""The worker's minute task, run twice by a real Huey consumer (threads, on SQLite storage and,
when LMS_TEST_REDIS_URL is set, on Redis): the LRS gets every statement once."""

from __future__ import annotations

import time

import pytest
from jobs.consumer import STORAGES, queue_app, queue_url, running_consumer
from races import kept_loaded
from sqlalchemy import select
from support import Factory, dispose
from xapi.events import everything_happened_to
from xapi.fake_lrs import running_lrs

from lms.core.extensions import db
from lms.jobs.queue import queue
from lms.xapi.models import XapiStatement


def _statuses(app) -> list[str]:
    with app.app_context():
        statuses = db.session.scalars(select(XapiStatement.status)).all()
        db.session.remove()
        return statuses


@pytest.mark.parametrize("storage", STORAGES)
def test_a_real_workers_minute_task_delivers_each_statement_once(storage, empty_database, tmp_path):
    with running_lrs() as lrs:
        app = queue_app(empty_database, queue_url(storage, tmp_path), LRS_URL=lrs.url)
        with kept_loaded(app):
            everything_happened_to(app, Factory(app))
        with running_consumer(app, workers=2):
            queue(app).every_minute()
            queue(app).every_minute()
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                statuses = _statuses(app)
                if statuses and set(statuses) == {"delivered"}:
                    break
                time.sleep(0.2)
            time.sleep(0.5)  # the second run, had it sent anything again, has done so now
        sent = [s["id"] for _, batch in lrs.posts for s in batch]
    statuses = _statuses(app)
    assert len(statuses) > 20 and set(statuses) == {"delivered"}
    assert sorted(sent) == sorted(set(sent)) and len(sent) == len(statuses)
    dispose(app)
