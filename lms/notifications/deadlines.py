"""What is due for a person: each domain registers a source of deadlines (placement ends,
evaluations due, supervision sessions, a cohort's course dates), and the deadlines page and the
calendar feed list them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from lms.accounts.models import User


@dataclass(frozen=True)
class Deadline:
    uid: str  # stable across feeds: a calendar updates the event instead of adding another
    day: date  # a whole local day (Asia/Ashgabat)
    title: str  # in the current language; never text someone typed about a family
    url: str | None = None


Source = Callable[[User, date], list[Deadline]]  # (person, from this day on) -> deadlines
_SOURCES: list[Source] = []


def deadline_source(source: Source) -> Source:
    """Register the decorated function as a source of deadlines."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def deadlines_for(person: User, since: date) -> list[Deadline]:
    """Everything due for the person on or after ``since``, soonest first."""
    found = [d for source in _SOURCES for d in source(person, since) if d.day >= since]
    return sorted(found, key=lambda d: (d.day, d.title, d.uid))
