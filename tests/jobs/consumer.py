"""A queue app on a fresh database, a real Huey consumer (threads) beside it, and a cohort of
trainees who all qualify for the foundational certificate."""

from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager

from certificate_helpers import qualify
from support import PASSWORD, psycopg_url

from lms import create_app
from lms.accounts.cohorts import CohortFields, create_cohort, set_cohort_people
from lms.accounts.regions import sync_regions
from lms.accounts.users import NewUser, create_user
from lms.core.database import local_today
from lms.core.extensions import db
from lms.courses.programmes import programme_codes
from lms.jobs.queue import build_huey, queue

REDIS_URL = os.environ.get("LMS_TEST_REDIS_URL")
STORAGES = ["sqlite"] + (["redis"] if REDIS_URL else [])


def queue_url(storage: str, tmp_path) -> str:
    """An empty queue: a new SQLite file, or the test Redis database emptied (an unreachable
    Redis raises here: the test fails rather than skips)."""
    if storage == "sqlite":
        return f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    build_huey(REDIS_URL).flush()
    return REDIS_URL


def queue_app(database_url: str, queue_url: str, **config):
    from flask_migrate import upgrade

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": psycopg_url(database_url),
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "QUEUE_URL": queue_url,
            "QUEUE_RETRIES": 1,
            "QUEUE_RETRY_DELAY": 1,
            **config,
        }
    )
    with app.app_context():
        upgrade()
        sync_regions()
        db.session.commit()
        db.session.remove()
    return app


def qualified_cohort(app, size: int, code: str = "FND-Q") -> tuple[int, list[int]]:
    """An admin (``boss``) and a cohort of ``size`` trainees who all qualify; their ids."""
    with app.app_context():
        create_user(NewUser("boss", "Boss", PASSWORD, ("admin",)), actor_id=None)
        trainees = [
            create_user(NewUser(f"t{n}", f"Trainee {n}", PASSWORD, ("trainee",)), actor_id=None)
            for n in range(size)
        ]
        for trainee in trainees:
            qualify(trainee, "foundational")
        today = local_today()
        cohort = create_cohort(
            CohortFields(code, "Queue cohort", "foundational", today, today),
            programmes=programme_codes(),
            actor_id=None,
        )
        set_cohort_people(
            cohort, trainer_ids=[], trainee_ids=[t.id for t in trainees], actor_id=None
        )
        db.session.commit()
        ids = cohort.id, [t.id for t in trainees]
        db.session.remove()
        return ids


@contextmanager
def running_consumer(app, workers: int = 4):
    """The worker of ``lms worker``, in threads of this process (its signal handlers, which
    Huey sets for a process of its own, are put back)."""
    consumer = queue(app).huey.create_consumer(
        workers=workers, worker_type="thread", periodic=False, max_delay=0.2
    )
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    consumer.start()
    for number, handler in handlers.items():
        signal.signal(number, handler)
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)


def wait_for(client, job_id: int, seconds: float = 120) -> list[dict]:
    """The job's states as its page's script polls them, until it is done or failed."""
    seen, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = client.get(f"/jobs/{job_id}.json").get_json()
        seen.append(state)
        if state["status"] in ("done", "failed"):
            return seen
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {seen[-1]['status']} after {seconds} s")
