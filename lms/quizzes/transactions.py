"""Committing a request whose transaction may lose a race, by running it again.

Two requests that start or submit the same attempt at once are kept apart by the database: on
PostgreSQL the loser's INSERT breaks a unique constraint; on SQLite (one writer at a time) its
write may find that its snapshot is stale ("database is locked"). Either way nothing of the
loser's transaction is kept: it is rolled back and run again from the start, after a short,
growing, randomised pause (SQLite refuses a stale writer at once rather than making it wait),
and the next run sees the winner's result (the attempt already in progress, or submitted).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError

from lms.core.extensions import db

T = TypeVar("T")
TRIES = 10
FIRST_PAUSE = 0.02  # seconds; doubled after each conflict, up to LONGEST_PAUSE
LONGEST_PAUSE = 0.5


class Busy(Exception):
    """The operation lost its race every time it was tried."""


def _is_conflict(error: Exception) -> bool:
    if isinstance(error, IntegrityError):
        return True
    message = str(getattr(error, "orig", error)).lower()
    return "database is locked" in message or "deadlock" in message


def run_with_retry(operation: Callable[[], T], tries: int = TRIES) -> T:
    """Run ``operation`` and commit; on a conflict roll back and run it again."""
    for attempt in range(tries):
        try:
            result = operation()
            db.session.commit()
            return result
        except (IntegrityError, OperationalError) as error:
            db.session.rollback()
            if not _is_conflict(error):
                raise
            pause = min(LONGEST_PAUSE, FIRST_PAUSE * 2**attempt)
            time.sleep(pause * random.uniform(0.5, 1.5))
    raise Busy("too many concurrent changes")  # i18n: views turn it into a message or a 503
