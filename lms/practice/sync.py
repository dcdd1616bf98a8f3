"""Entries written on the phone without a connection, arriving when it returns.

Each carries an id the phone made (``client_id``); an entry is stored once per trainee and id,
however often it is sent (a dropped answer, two tabs, a retry): a repeat finds the stored entry.
The usual rules apply when it arrives, so an entry whose placement ended or changed meanwhile is
refused with the reason and nothing is stored. A submission the privacy guard stops keeps the
entry as a draft and returns the warning, so the trainee's text is never lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.accounts.models import User
from lms.core.extensions import db
from lms.core.privacy import Finding, scan_entry
from lms.core.unit_of_work import all_or_nothing
from lms.practice.entries import EntryFields, create_entry
from lms.practice.errors import PracticeError, PrivacyConfirmationNeeded
from lms.practice.models import PracticeEntry
from lms.practice.signoff import submit_entries

CLIENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{7,63}")


@dataclass(frozen=True)
class Synced:
    entry: PracticeEntry
    created: bool  # False: sent before, the stored entry is answered
    findings: list[Finding] = field(default_factory=list)
    waiting: str | None = None  # why a submission asked for was not made (the entry is a draft)


def valid_client_id(client_id: object) -> bool:
    return isinstance(client_id, str) and CLIENT_ID.fullmatch(client_id) is not None


def entry_by_client_id(trainee_id: int, client_id: str) -> PracticeEntry | None:
    return db.session.scalar(
        select(PracticeEntry).where(
            PracticeEntry.trainee_id == trainee_id, PracticeEntry.client_id == client_id
        )
    )


def _store(trainee: User, client_id: str, fields: EntryFields) -> PracticeEntry | None:
    """The new draft, or None when the same id arrived a moment ago by another request."""
    try:
        with db.session.begin_nested():
            entry = create_entry(trainee, fields)
            entry.client_id = client_id
            db.session.flush()
            return entry
    except IntegrityError:
        return None  # the other request's entry won the unique index; it is answered instead
    except PracticeError:
        if entry_by_client_id(trainee.id, client_id) is not None:
            return None  # stored by a request that ended meanwhile: it overlaps with itself
        raise


def _submit(trainee: User, entry: PracticeEntry, *, confirmed: bool) -> Synced:
    try:
        with all_or_nothing():
            submit_entries(trainee, [entry], confirmed=confirmed)
    except PrivacyConfirmationNeeded as exc:
        return Synced(entry, True, exc.findings.get(entry.id, []), str(exc))
    except PracticeError as exc:
        return Synced(entry, True, [], _("Saved as a draft, not submitted: %(why)s", why=str(exc)))
    return Synced(entry, True)


def sync_entry(
    trainee: User, client_id: str, fields: EntryFields, *, submit: bool, confirmed: bool
) -> Synced:
    """Store an entry written offline once, and submit it when the trainee asked to.

    Raises PracticeError (nothing stored) when a rule refuses the entry itself."""
    if not valid_client_id(client_id):
        raise PracticeError(_("This entry has no valid id from the phone."))
    stored = entry_by_client_id(trainee.id, client_id)
    if stored is None:
        stored = _store(trainee, client_id, fields)
        if stored is not None:
            if submit:
                return _submit(trainee, stored, confirmed=confirmed)
            return Synced(stored, True, scan_entry(stored.reflection, stored.client_code))
        stored = entry_by_client_id(trainee.id, client_id)
        if stored is None:  # pragma: no cover - the unique index failed for another reason
            raise PracticeError(_("This entry could not be stored now. It will be sent again."))
    return Synced(stored, False, scan_entry(stored.reflection, stored.client_code))
