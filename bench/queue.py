"""Certificates and e-mails per second through the job queue, on SQLite storage and on Redis,
in one run.

    python bench/queue.py [--size 45] [--emails 300] [--workers 4] [--redis redis://...:6379/15]

For each storage: a fresh SQLite database with a cohort of ``--size`` trainees who all qualify
(built through the same services the tests use), one "issue the cohort's certificates" job
started as the admin page starts it, and a Huey consumer in threads of this process; the time
from the job's start to its end, and certificates per second. Then ``--emails`` e-mails written
into the outbox, sent by the queue's minute task (run back to back, as a busy worker would) to
a local SMTP sink (aiosmtpd) that keeps what it receives: the time until the sink holds them
all, and e-mails per second. The Redis database given is emptied first. Without a reachable
Redis only SQLite storage is measured (and it says so).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on the path, and this file would stand in for the
# standard library's ``queue`` module: the folder is taken off.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("LMS_SECRET_KEY", "bench-secret-key-not-for-production")
_KEYS = Path(tempfile.mkdtemp(prefix="lms-bench-key-"))
os.environ.setdefault("LMS_SIGNING_KEY_FILE", str(_KEYS / "issuer-ed25519.pem"))


def measure(storage: str, url: str, size: int, workers: int, folder: Path) -> float:
    from jobs.consumer import qualified_cohort, queue_app, running_consumer
    from sqlalchemy import select

    from lms.accounts.models import User
    from lms.certificates.cohort_job import KIND
    from lms.core.extensions import db
    from lms.core.unit_of_work import commit
    from lms.jobs.control import start_job
    from lms.jobs.models import Job

    app = queue_app(f"sqlite:///{folder / (storage + '.sqlite3')}", url)
    cohort_id, _trainees = qualified_cohort(app, size)
    with running_consumer(app, workers=workers), app.app_context():
        boss = db.session.scalar(select(User).where(User.username == "boss"))
        started = time.perf_counter()
        job = start_job(
            KIND,
            started_by_id=boss.id,
            cohort_id=cohort_id,
            programme="foundational",
            actor_id=boss.id,
        )
        commit()
        job_id = job.id
        while True:
            found = db.session.get(Job, job_id)
            db.session.expunge(found)
            db.session.remove()  # a command's session writes: never hold SQLite's lock
            if found.status in ("done", "failed"):
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        assert found.status == "done", found.error
        assert found.progress_done == size
    return elapsed


def _outbox(app, count: int) -> None:
    """``count`` e-mails waiting in the outbox, for one person."""
    from lms.accounts.users import NewUser, create_user
    from lms.core.extensions import db
    from lms.notifications.models import OutboxEmail

    with app.app_context():
        person = create_user(
            NewUser("reader", "Ýazgül Saparowa", "bench-password-1", ("trainee",)), actor_id=None
        )
        person.email = "yazgul@example.tm"
        db.session.add_all(
            OutboxEmail(
                event_key=f"bench:{number}",
                recipient_id=person.id,
                to_address=person.email,
                language="tk",
                subject=f"Habarnama {number}",
                body="Täze habarnama: şu ýerde açyň.",
            )
            for number in range(count)
        )
        db.session.commit()
        db.session.remove()


def measure_mail(storage: str, url: str, count: int, workers: int, folder: Path) -> float:
    """Seconds to deliver ``count`` outbox e-mails to a local SMTP sink through the queue."""
    from jobs.consumer import queue_app, running_consumer
    from notifications.smtp_sink import Sink, free_port

    from lms.core.mail import parse_mail_url
    from lms.jobs.queue import queue
    from lms.notifications.outbox import BATCH

    app = queue_app(f"sqlite:///{folder / (storage + '-mail.sqlite3')}", url)
    port = free_port()
    app.config["MAIL"] = parse_mail_url(f"smtp://127.0.0.1:{port}?from=lms@example.tm")
    _outbox(app, count)
    sink = Sink(port)
    sink.controller.start()
    try:
        with running_consumer(app, workers=workers):
            started = time.perf_counter()
            # One run of the minute task sends up to BATCH e-mails: the next is queued when the
            # sink has what the last one sent (runs at once would contend for the same rows).
            for sent in range(BATCH, count + BATCH, BATCH):
                queue(app).every_minute()
                while len(sink.received) < min(sent, count):
                    time.sleep(0.01)
            elapsed = time.perf_counter() - started
    finally:
        sink.controller.stop()
    assert len(sink.received) == count, len(sink.received)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=45)
    parser.add_argument("--emails", type=int, default=300)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args()
    from lms.certificates.signing import generate_key
    from lms.jobs.queue import build_huey

    if not Path(os.environ["LMS_SIGNING_KEY_FILE"]).exists():
        generate_key(Path(os.environ["LMS_SIGNING_KEY_FILE"]))
    folder = Path(tempfile.mkdtemp(prefix="lms-bench-queue-"))
    storages = [("sqlite", f"sqlite:///{folder / 'queue.sqlite3'}")]
    try:
        build_huey(args.redis).flush()
        storages.append(("redis", args.redis))
    except Exception as exc:  # Redis is not there: SQLite storage only
        print(f"redis: not measured ({exc})")
    for storage, url in storages:
        elapsed = measure(storage, url, args.size, args.workers, folder)
        print(
            f"{storage}: {args.size} certificates in {elapsed:.2f} s = "
            f"{args.size / elapsed:.1f} certificates/s ({args.workers} worker threads)"
        )
        if storage == "redis":
            build_huey(args.redis).flush()
        elapsed = measure_mail(storage, url, args.emails, args.workers, folder)
        print(
            f"{storage}: {args.emails} e-mails to a local SMTP sink in {elapsed:.2f} s = "
            f"{args.emails / elapsed:.1f} e-mails/s ({args.workers} worker threads)"
        )


if __name__ == "__main__":
    main()
