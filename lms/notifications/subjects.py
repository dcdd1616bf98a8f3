"""What a notification is about: each domain registers how to find, for a reader, the title and
address of its subjects (a practice entry, an attempt, a certificate), so this package names
none of them and the domains stay above it.

A resolver answers only for the subjects the reader may still see: a notification about
anything else is listed without a title and its link answers 404.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lms.accounts.models import User


@dataclass(frozen=True)
class SubjectLink:
    title: str  # in the current language
    url: str


# (reader, subject ids) -> the visible ones' links, in one or two queries whatever the count
Resolver = Callable[[User, list[int]], dict[int, SubjectLink]]
_RESOLVERS: dict[str, Resolver] = {}


def subject_type(name: str):
    """Register the decorated function as the resolver of subjects of type ``name``."""

    def register(resolver: Resolver) -> Resolver:
        _RESOLVERS[name] = resolver
        return resolver

    return register


def subject_links(
    reader: User, subjects: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], SubjectLink]:
    """The links of those ``(type, id)`` subjects that ``reader`` may see, one resolver call per
    type (so a page of notifications costs a fixed number of queries)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for kind, subject_id in subjects:
        wanted[kind].add(subject_id)
    found: dict[tuple[str, int], SubjectLink] = {}
    for kind, ids in wanted.items():
        resolver = _RESOLVERS.get(kind)
        if resolver is None:
            continue
        for subject_id, link in resolver(reader, sorted(ids)).items():
            found[(kind, subject_id)] = link
    return found


def subject_link(reader: User, kind: str, subject_id: int) -> SubjectLink | None:
    return subject_links(reader, [(kind, subject_id)]).get((kind, subject_id))
