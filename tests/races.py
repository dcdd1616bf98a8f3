"""Racing one state transition from N threads, each with its own connection and transaction.

On PostgreSQL every thread first reads the row (all see the old state), then they wait for each
other and write at once: without a conditional update or a row lock each would succeed. SQLite
serialises writers (BEGIN IMMEDIATE), so there the threads simply take turns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import func, orm, select

from lms.core.audit import AuditEvent
from lms.core.extensions import db


@dataclass
class Race:
    successes: list = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def race(app, n: int, load: Callable, act: Callable, refusal: type[Exception]) -> Race:
    """Run ``act(load())`` in ``n`` threads at once, each committing on success."""
    outcome = Race()
    barrier = threading.Barrier(n)
    lock = threading.Lock()

    def one():
        try:
            with app.app_context():
                target = load()
                if db.engine.dialect.name == "postgresql":
                    barrier.wait(20)
                try:
                    result = act(target)
                    db.session.commit()
                except refusal as exc:
                    db.session.rollback()
                    with lock:
                        outcome.refusals.append(str(exc))
                else:
                    with lock:
                        outcome.successes.append(result)
                finally:
                    db.session.remove()
        except Exception as exc:  # anything else escaping is the failure this guards against
            with lock:
                outcome.errors.append(repr(exc))

    threads = [threading.Thread(target=one) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcome


def audit_count(app, action: str, target_id: object) -> int:
    with app.app_context():
        count = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == action, AuditEvent.target_id == str(target_id))
        )
        db.session.remove()
        return count


@contextmanager
def kept_loaded(app):
    """Records built in the block stay readable afterwards (commits do not expire them), as
    the rolled-back-transaction fixture gives other tests; the race itself uses the app's own
    sessions, one per thread."""
    with app.app_context():
        engine = db.engine
    original = db.session
    db.session = orm.scoped_session(
        orm.sessionmaker(bind=engine, expire_on_commit=False), scopefunc=lambda: 0
    )
    try:
        yield
    finally:
        db.session.remove()
        db.session = original
