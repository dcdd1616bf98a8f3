"""Running an operation that may lose a race again, inside the request's unit of work.

Two requests that start or submit the same attempt at once are kept apart by the database. On
PostgreSQL the loser's INSERT waits for the winner's commit and then breaks a unique
constraint: nothing of the loser's operation is kept (it runs in a savepoint, rolled back), and
after a short, growing, randomised pause it runs again; at READ COMMITTED each statement sees
what the winner committed, so the next run finds the attempt already in progress, or
submitted. On SQLite a writing request takes the write lock when it begins (BEGIN IMMEDIATE,
see ``lms.core.database``), so requests do not overlap; a "database is locked" met anyway is
retried the same way. The request commits at its end, as every request does
(``lms.core.unit_of_work``).
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
    """Run ``operation`` and flush it, in a savepoint; on a conflict roll the savepoint back
    and run it again."""
    for attempt in range(tries):
        try:
            with db.session.begin_nested():
                return operation()
        except (IntegrityError, OperationalError) as error:
            if not _is_conflict(error):
                raise
            pause = min(LONGEST_PAUSE, FIRST_PAUSE * 2**attempt)
            time.sleep(pause * random.uniform(0.5, 1.5))
    raise Busy("too many concurrent changes")  # i18n: views turn it into a message or a 503
