"""Sign-off: draft → submitted → approved, or returned (with a comment) → resubmitted.

Trainees submit one entry or a whole week; only the placement's supervisor approves or returns,
never their own entries, one at a time or in bulk. A batch is all or nothing: if any entry in it
may not be decided by this person, nothing changes. Approvals and returns are audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import User
from lms.accounts.self_decisions import refuse_self
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.privacy import Finding, require_clean, scan_entry
from lms.core.transitions import claim, lock_rows
from lms.notifications.sending import notify
from lms.practice.errors import PracticeError, PrivacyConfirmationNeeded
from lms.practice.labels import STATUS_LABELS
from lms.practice.models import Placement, PracticeEntry

MAX_BATCH = 500


def privacy_findings(entries: Sequence[PracticeEntry]) -> dict[int, list[Finding]]:
    """Entries whose reflection or client code looks identifying, with what was found."""
    found = {e.id: scan_entry(e.reflection, e.client_code) for e in entries}
    return {entry_id: items for entry_id, items in found.items() if items}


def _check_complete(entry: PracticeEntry) -> None:
    if entry.kind == "direct" and (not entry.target_group or not entry.reflection.strip()):
        raise PracticeError(
            _(
                "The entry of %(day)s needs a target group and a short reflection before it "
                "can be submitted.",
                day=entry.day.isoformat(),
            )
        )


def submit_entries(
    trainee: User, entries: Sequence[PracticeEntry], *, confirmed: bool
) -> list[PracticeEntry]:
    """Send drafts and returned entries to the supervisor.

    Refused with PrivacyConfirmationNeeded when any text looks identifying and the trainee has
    not confirmed that it identifies nobody. The rows are locked and read again before the
    check, so an edit from another tab cannot slip in between the privacy check and the claim.
    """
    lock_rows(list(entries))  # the trainee's own pending edits are flushed first, then locked
    for entry in entries:
        if entry.trainee_id != trainee.id:
            raise PracticeError(_("You can submit only your own entries."))
        _check_submittable(entry)
        _check_complete(entry)
    findings = privacy_findings(entries)
    if findings and not confirmed:
        raise PrivacyConfirmationNeeded(findings)
    now = utcnow()
    for entry in sorted(entries, key=lambda e: e.id):  # one order: no deadlock between batches
        sent = claim(
            entry,
            "status",
            entry.status,
            status="resubmitted" if entry.status == "returned" else "submitted",
            submitted_at=now,
            privacy_confirmed=entry.id in findings,
        )
        if not sent:  # a second tab or a double tap submitted it a moment ago
            _check_submittable(entry)
            raise PracticeError(_already_submitted(entry))
    return list(entries)


def _already_submitted(entry: PracticeEntry) -> str:
    return _("The entry of %(day)s has already been submitted.", day=entry.day.isoformat())


def _check_submittable(entry: PracticeEntry) -> None:
    if entry.editable:
        return
    if entry.pending or entry.status == "approved":
        raise PracticeError(_already_submitted(entry))
    raise PracticeError(_("Only drafts and returned entries can be submitted."))


def week_of(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def week_entries(trainee_id: int, monday: date) -> list[PracticeEntry]:
    return list(
        db.session.scalars(
            select(PracticeEntry)
            .where(
                PracticeEntry.trainee_id == trainee_id,
                PracticeEntry.day >= monday,
                PracticeEntry.day < monday + timedelta(days=7),
            )
            .order_by(PracticeEntry.day, PracticeEntry.start_minute, PracticeEntry.id)
        ).unique()
    )


def submit_week(trainee: User, monday: date, *, confirmed: bool) -> list[PracticeEntry]:
    """Submit every draft and returned entry of the week starting on ``monday``."""
    ready = [e for e in week_entries(trainee.id, monday) if e.editable]
    if not ready:
        raise PracticeError(_("There is nothing to submit in this week."))
    return submit_entries(trainee, ready, confirmed=confirmed)


def _decidable(reviewer: User, entry_ids: Sequence[int]) -> list[PracticeEntry]:
    ids = sorted(set(entry_ids))
    if not ids:
        raise PracticeError(_("Choose at least one entry."))
    if len(ids) > MAX_BATCH:
        raise PracticeError(_("Decide at most %(max)d entries at once.", max=MAX_BATCH))
    entries = list(
        db.session.scalars(select(PracticeEntry).where(PracticeEntry.id.in_(ids))).unique()
    )
    if len(entries) != len(ids):
        raise PracticeError(_("Some of those entries do not exist."))
    entries.sort(key=lambda e: e.id)  # claimed in one order: no deadlock between batches
    for entry in entries:
        refuse_self(reviewer, entry.trainee_id)
        if entry.placement.supervisor_id != reviewer.id:
            raise PracticeError(_("Only the placement's supervisor can approve or return entries."))
        _check_pending(entry)
    return entries


def _check_pending(entry: PracticeEntry) -> None:
    if not entry.pending:
        raise PracticeError(
            _(
                "The entry of %(day)s is not waiting for sign-off (its status: %(status)s).",
                day=entry.day.isoformat(),
                status=STATUS_LABELS.get(entry.status, entry.status),
            )
        )


def _decide(entry: PracticeEntry, **values) -> None:
    """Claim a pending entry for this decision; another supervisor's (or tab's) decision that
    won a moment ago makes this one the usual "not waiting for sign-off" refusal."""
    if not claim(entry, "status", entry.status, **values):
        _check_pending(entry)
        raise PracticeError(_("Someone else decided on this entry meanwhile; reload the page."))


def _record(action: str, reviewer: User, entry: PracticeEntry, **details) -> None:
    audit.record(
        action,
        actor_id=reviewer.id,
        target_type="practice_entry",
        target_id=entry.id,
        trainee_id=entry.trainee_id,
        minutes=entry.minutes,
        amends_id=entry.amends_id,
        **details,
    )


def approve_entries(reviewer: User, entry_ids: Sequence[int]) -> list[PracticeEntry]:
    """Approve pending entries; from then on they are frozen (in the database too)."""
    entries = _decidable(reviewer, entry_ids)
    now = utcnow()
    for entry in entries:
        _decide(entry, status="approved", reviewed_at=now, reviewed_by_id=reviewer.id)
        _record("practice_entry.approved", reviewer, entry)
        notify(entry.trainee_id, "entry_approved", "practice_entry", entry.id, actor_id=reviewer.id)
    db.session.flush()
    return entries


def return_entries(
    reviewer: User, entry_ids: Sequence[int], comment: str, *, confirmed: bool = False
) -> list[PracticeEntry]:
    """Send pending entries back to the trainee with a comment saying what to change.

    The comment passes the privacy guard: an identifying one needs ``confirmed``."""
    comment = (comment or "").strip()
    if not comment:
        raise PracticeError(_("Say what should change: a comment is required to return entries."))
    if len(comment) > 2000:
        raise PracticeError(_("A comment is at most 2000 characters."))
    require_clean([comment], confirmed=confirmed)
    entries = _decidable(reviewer, entry_ids)
    now = utcnow()
    for entry in entries:
        _decide(
            entry,
            status="returned",
            return_comment=comment,
            reviewed_at=now,
            reviewed_by_id=reviewer.id,
        )
        _record("practice_entry.returned", reviewer, entry, comment=comment)
        notify(entry.trainee_id, "entry_returned", "practice_entry", entry.id, actor_id=reviewer.id)
    db.session.flush()
    return entries


def pending_query(supervisor_id: int):
    """SELECT of the entries waiting for this supervisor, trainee by trainee, oldest first."""
    return (
        select(PracticeEntry)
        .join(Placement, Placement.id == PracticeEntry.placement_id)
        .where(
            Placement.supervisor_id == supervisor_id,
            PracticeEntry.trainee_id != supervisor_id,
            PracticeEntry.status.in_(("submitted", "resubmitted")),
        )
        .order_by(
            Placement.trainee_id, PracticeEntry.day, PracticeEntry.start_minute, PracticeEntry.id
        )
    )
