"""Writing practice log entries: drafts, edits and amendments, and the rules they must meet.

Services flush, never commit. Every rule is checked before anything changes, so a refused entry
leaves the log exactly as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import User
from lms.core import audit
from lms.core.database import local_today, utcnow
from lms.core.extensions import db
from lms.core.transitions import lock_rows
from lms.practice.categories import categories
from lms.practice.counting import open_amendment_ids, superseded_ids
from lms.practice.errors import NotADraft, PracticeError
from lms.practice.models import TARGET_GROUPS, Placement, PracticeEntry
from lms.practice.models.entries import MINUTES_PER_DAY
from lms.practice.parsing import STEP_MINUTES, format_duration
from lms.practice.programme import programme_competencies

CLIENT_CODE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
CLIENT_CODE_MAX = 20
REFLECTION_MAX = 5000


@dataclass(frozen=True)
class EntryFields:
    """What a trainee may set on an entry. Status, reviewer and owner are never among them."""

    placement_id: int
    day: object  # datetime.date
    minutes: int
    category: str
    start_minute: int | None = None
    end_minute: int | None = None
    client_code: str | None = None
    target_group: str | None = None
    competencies: tuple[str, ...] = ()
    reflection: str = ""


def _check_duration(fields: EntryFields) -> None:
    if fields.start_minute is not None and fields.end_minute is not None:
        if fields.end_minute <= fields.start_minute:
            raise PracticeError(_("The end time must be after the start time (on the same day)."))
        if fields.end_minute - fields.start_minute != fields.minutes:
            raise PracticeError(_("The duration does not match the start and end times."))
    if fields.minutes <= 0:
        raise PracticeError(_("The duration must be more than zero."))
    if fields.minutes > MINUTES_PER_DAY:
        raise PracticeError(_("One entry cannot be longer than 24 hours."))
    if fields.minutes % STEP_MINUTES:
        raise PracticeError(_("Durations are recorded in steps of 15 minutes."))


def _check_placement(trainee: User, fields: EntryFields) -> Placement:
    placement = db.session.get(Placement, fields.placement_id)
    if placement is None or placement.trainee_id != trainee.id:
        raise PracticeError(_("Choose one of your placements."))
    if fields.day > local_today():
        raise PracticeError(_("Practice cannot be logged for a date in the future."), field="day")
    if not placement.covers(fields.day):
        raise PracticeError(
            _(
                "The date is outside the placement (%(start)s to %(end)s).",
                start=format_date(placement.starts_on),
                end=format_date(placement.ends_on),
            ),
            field="day",
        )
    return placement


def _check_content(fields: EntryFields, placement: Placement) -> None:
    if categories().get(fields.category) is None:
        raise PracticeError(_("Choose an activity category from the list."))
    code = fields.client_code
    if code and (len(code) > CLIENT_CODE_MAX or not CLIENT_CODE.fullmatch(code)):
        raise PracticeError(
            _(
                "A client code is letters, digits and hyphens (at most %(max)d), never a name.",
                max=CLIENT_CODE_MAX,
            )
        )
    if fields.target_group is not None and fields.target_group not in TARGET_GROUPS:
        raise PracticeError(_("Choose a target group from the list."))
    known = {c.code for c in programme_competencies(placement.programme)}
    unknown = sorted(set(fields.competencies) - known)
    if unknown:
        raise PracticeError(
            _("Not a competency of this programme: %(codes)s.", codes=", ".join(unknown))
        )
    if len(fields.reflection) > REFLECTION_MAX:
        raise PracticeError(_("A reflection is at most %(max)d characters.", max=REFLECTION_MAX))


def _same_day_entries(trainee_id: int, fields: EntryFields, ignore: set[int]) -> list:
    """The trainee's other current entries on that day (superseded ones no longer count)."""
    rows = db.session.execute(
        select(
            PracticeEntry.id,
            PracticeEntry.start_minute,
            PracticeEntry.end_minute,
            PracticeEntry.minutes,
        ).where(PracticeEntry.trainee_id == trainee_id, PracticeEntry.day == fields.day)
    ).all()
    others = [row for row in rows if row.id not in ignore]
    gone = superseded_ids(row.id for row in others)
    return [row for row in others if row.id not in gone]


def _check_day(trainee_id: int, fields: EntryFields, ignore: set[int]) -> None:
    others = _same_day_entries(trainee_id, fields, ignore)
    if fields.start_minute is not None:
        for other in others:
            if other.start_minute is None:
                continue
            if fields.start_minute < other.end_minute and other.start_minute < fields.end_minute:
                raise PracticeError(
                    _(
                        "This overlaps another entry on the same day (%(start)s–%(end)s).",
                        start=_clock(other.start_minute),
                        end=_clock(other.end_minute),
                    )
                )
    total = sum(other.minutes for other in others) + fields.minutes
    if total > MINUTES_PER_DAY:
        already = format_duration(total - fields.minutes)
        raise PracticeError(
            _(
                "That would make more than 24 hours on one day (%(already)s logged already).",
                already=already,
            )
        )


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _check(trainee: User, fields: EntryFields, ignore: set[int]) -> Placement:
    _check_duration(fields)
    placement = _check_placement(trainee, fields)
    _check_content(fields, placement)
    _check_day(trainee.id, fields, ignore)
    return placement


def _apply(entry: PracticeEntry, fields: EntryFields) -> None:
    entry.placement_id = fields.placement_id
    entry.day = fields.day
    entry.start_minute = fields.start_minute
    entry.end_minute = fields.end_minute
    entry.minutes = fields.minutes
    entry.category = fields.category
    entry.kind = categories().get(fields.category).kind
    entry.client_code = fields.client_code or None
    entry.target_group = fields.target_group
    entry.competencies = " ".join(fields.competencies)
    entry.reflection = fields.reflection
    entry.updated_at = utcnow()


def create_entry(trainee: User, fields: EntryFields) -> PracticeEntry:
    """A new draft entry in the trainee's log."""
    _check(trainee, fields, ignore=set())
    entry = PracticeEntry(trainee_id=trainee.id, status="draft")
    _apply(entry, fields)
    db.session.add(entry)
    db.session.flush()
    return entry


def update_entry(trainee: User, entry: PracticeEntry, fields: EntryFields) -> PracticeEntry:
    """Change a draft or a returned entry. Submitted and approved entries cannot be edited.

    The row is locked and read again first: an autosave arriving while (or just after) another
    tab submits the entry waits for that submission, sees it, and is refused (``NotADraft``)
    instead of changing a text that has already been checked and sent."""
    if entry.trainee_id != trainee.id:
        raise PracticeError(_("You can change only your own entries."))
    (entry,) = lock_rows([entry])
    if not entry.editable:
        raise NotADraft(
            _(
                "This entry is no longer a draft. Approved entries are corrected with an "
                "amendment; entries awaiting sign-off can be changed if they are returned."
            )
        )
    ignore = {entry.id} | ({entry.amends_id} if entry.amends_id else set())
    _check(trainee, fields, ignore)
    _apply(entry, fields)
    db.session.flush()
    return entry


def amendable(entry: PracticeEntry) -> bool:
    """An approved, current entry with no correction already under way."""
    if entry.status != "approved":
        return False
    return entry.id not in superseded_ids([entry.id]) | open_amendment_ids([entry.id])


def amend_entry(trainee: User, original: PracticeEntry, fields: EntryFields) -> PracticeEntry:
    """A correction of an approved entry: a new draft that refers to it and needs sign-off."""
    if original.trainee_id != trainee.id:
        raise PracticeError(_("You can correct only your own entries."))
    if not amendable(original):
        raise PracticeError(
            _(
                "Only an approved entry can be corrected, and only once at a time: finish the "
                "correction already under way, or correct the latest approved version."
            )
        )
    _check(trainee, fields, ignore={original.id})
    amendment = PracticeEntry(trainee_id=trainee.id, status="draft", amends_id=original.id)
    _apply(amendment, fields)
    db.session.add(amendment)
    db.session.flush()
    audit.record(
        "practice_entry.amended",
        actor_id=trainee.id,
        target_type="practice_entry",
        target_id=original.id,
        amendment_id=amendment.id,
    )
    return amendment


def fields_of(entry: PracticeEntry) -> EntryFields:
    """The entry's own values (to start an amendment from)."""
    return EntryFields(
        placement_id=entry.placement_id,
        day=entry.day,
        minutes=entry.minutes,
        category=entry.category,
        start_minute=entry.start_minute,
        end_minute=entry.end_minute,
        client_code=entry.client_code,
        target_group=entry.target_group,
        competencies=tuple(entry.competency_codes),
        reflection=entry.reflection,
    )
