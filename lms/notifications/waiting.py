"""What waits for a trainer, counted for their home page: each domain registers a count
(entries waiting for sign-off, essays to grade, evaluations due)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lms.accounts.models import User


@dataclass(frozen=True)
class Waiting:
    label: str  # in the current language
    count: int
    url: str


Counter = Callable[[User], Waiting | None]  # None: nothing of this sort for this person
_COUNTERS: list[Counter] = []


def waiting_count(counter: Counter) -> Counter:
    """Register the decorated function as one of the home page's counts."""
    if counter not in _COUNTERS:
        _COUNTERS.append(counter)
    return counter


def waiting_for(person: User) -> list[Waiting]:
    return [found for counter in _COUNTERS if (found := counter(person)) is not None]
