"""The job queue: Huey, on SQLite storage by default and on Redis in production.

``LMS_QUEUE_URL`` chooses the storage: ``redis://host:6379/0`` (several machines share it), or
``sqlite:///path`` (one machine). Unset, the queue is a SQLite file beside the SQLite database
(``lms-queue.sqlite3``), so the demo and the tests need no service. The Huey instance is built
on first use, not when the app is created (opening the file or the connection is I/O), and it
holds one task, ``run_job``, that runs a row of the ``jobs`` table, and one periodic task that
runs what ``lms.jobs.kinds.every_minute`` declared.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey, crontab

from lms.core.config import ConfigError
from lms.jobs.kinds import run_periodic
from lms.jobs.running import execute

log = logging.getLogger(__name__)

QUEUE_NAME = "lms"
RETRIES = 3  # after the first attempt
RETRY_DELAY_S = 10  # then 20, then 40: a database or mail server away for a minute is outlived
RETRY_BACKOFF = 2
REDIS_TIMEOUT_S = 3  # an unreachable Redis makes a page wait this long, not a minute


class QueueUnavailable(RuntimeError):
    """The queue's storage does not answer (Redis is down): nothing can be started now."""


@dataclass(frozen=True)
class Queue:
    huey: Huey
    run_job: object  # the Huey task wrapper: ``run_job(job_id)`` enqueues
    every_minute: object  # the periodic task; calling it enqueues one run now


def default_queue_url(database_url: str, instance_path: str) -> str:
    """A SQLite file beside a SQLite database; in the instance folder otherwise."""
    if database_url.startswith("sqlite:///") and not database_url.endswith(":memory:"):
        database = Path(database_url.removeprefix("sqlite:///"))
        return f"sqlite:///{database.with_name(database.stem + '-queue.sqlite3')}"
    return f"sqlite:///{Path(instance_path) / 'lms-queue.sqlite3'}"


def configured_url(app: Flask) -> str:
    return app.config.get("QUEUE_URL") or default_queue_url(
        app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path
    )


def build_huey(url: str) -> Huey:
    if url.startswith(("redis://", "rediss://", "unix://")):
        from redis import ConnectionPool

        pool = ConnectionPool.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT_S, socket_timeout=REDIS_TIMEOUT_S + 2
        )
        return RedisHuey(QUEUE_NAME, connection_pool=pool)
    if url.startswith("sqlite:///"):
        return SqliteHuey(QUEUE_NAME, filename=url.removeprefix("sqlite:///"))
    raise ConfigError(
        "LMS_QUEUE_URL must start with redis://, rediss://, unix:// or sqlite:///"  # i18n: setup
    )


def _tasks(app: Flask, huey: Huey) -> Queue:
    """The queue's tasks, each running in an app context of ``app``."""

    @huey.task(
        retries=app.config.get("QUEUE_RETRIES", RETRIES),
        retry_delay=app.config.get("QUEUE_RETRY_DELAY", RETRY_DELAY_S),
        retry_backoff=RETRY_BACKOFF,
        context=True,
        name="run_job",
    )
    def run_job(job_id: int, task=None) -> None:
        with app.app_context():
            execute(job_id, retries_left=task.retries if task is not None else 0)

    @huey.periodic_task(crontab(minute="*"), name="every_minute")
    def every_minute() -> None:
        with app.app_context():
            run_periodic()

    return Queue(huey, run_job, every_minute)


def queue(app: Flask | None = None) -> Queue:
    """The app's queue, built on first use."""
    app = app or current_app._get_current_object()
    found = app.extensions.get("lms_queue")
    if found is None:
        found = app.extensions["lms_queue"] = _tasks(app, build_huey(configured_url(app)))
    return found


def check_available() -> None:
    """Raise ``QueueUnavailable`` unless the queue's storage answers now."""
    try:
        queue().huey.storage.queue_size()
    except Exception as exc:  # redis.ConnectionError, sqlite3.OperationalError, timeouts ...
        log.warning("job queue unavailable: %s", exc)
        raise QueueUnavailable(str(exc)) from exc


def send(job_id: int) -> bool:
    """Put job ``job_id`` on the queue; False (logged) when the storage does not answer: the
    job stays queued in the database and the minute's sweep sends it again."""
    try:
        queue().run_job(job_id)
    except Exception as exc:  # as in check_available
        log.warning("job %s not sent to the queue: %s", job_id, exc)
        return False
    return True
