"""Which entries count: approved, not travel, and not superseded by an approved amendment.

An approved entry is never changed. When its amendment is approved, the original simply stops
counting; "superseded" is computed from the existence of that approved amendment.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import aliased

from lms.core.extensions import db
from lms.practice.models import PracticeEntry
from lms.practice.models.entries import COUNTED_KINDS

# One alias for every condition: building an alias and its columns anew costs about a
# millisecond a call, and the log and the reports ask for the condition on every request.
_AMENDMENT = aliased(PracticeEntry, name="amendment")


def not_superseded(entry=PracticeEntry):
    """SQL condition: no approved amendment refers to this entry."""
    return ~exists(
        select(_AMENDMENT.id).where(
            _AMENDMENT.amends_id == entry.id, _AMENDMENT.status == "approved"
        )
    )


def shared(entry=PracticeEntry):
    """SQL condition: the entry has been submitted at least once. A draft is the trainee's alone:
    autosave stores every keystroke, so names or phone numbers can sit in it before the privacy
    guard has seen them. Whatever lists entries to anyone but their owner filters on this."""
    return entry.status != "draft"


def counted(entry=PracticeEntry):
    """SQL condition for an entry that counts toward hours."""
    return and_(entry.status == "approved", entry.kind.in_(COUNTED_KINDS), not_superseded(entry))


def recorded(entry=PracticeEntry):
    """SQL condition for an approved, current entry of any kind (travel included)."""
    return and_(entry.status == "approved", not_superseded(entry))


def _amended_ids(entry_ids: Iterable[int], *, approved: bool) -> set[int]:
    ids = list(entry_ids)
    if not ids:
        return set()
    state = PracticeEntry.status == "approved" if approved else PracticeEntry.status != "approved"
    return set(
        db.session.scalars(
            select(PracticeEntry.amends_id).where(PracticeEntry.amends_id.in_(ids), state)
        )
    )


def superseded_ids(entry_ids: Iterable[int]) -> set[int]:
    """Of these entries, the ones an approved amendment replaces (one query)."""
    return _amended_ids(entry_ids, approved=True)


def open_amendment_ids(entry_ids: Iterable[int]) -> set[int]:
    """Of these entries, the ones with an amendment still going through sign-off."""
    return _amended_ids(entry_ids, approved=False)
