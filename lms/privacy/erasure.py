"""Erasure of a departed trainee's personal data, keeping what the law requires (docs/privacy.md).

Kept, under a pseudonym: issued certificates (verifiable by code), signed-off (approved) practice
with its hours, placements, supervision sessions and field evaluations, past cohort memberships,
and the audit log. Removed: the name, user name, e-mail address, password, language, logins,
notifications, e-mails, settings, calendar feed, quiz attempts, lesson progress, competency notes,
pool membership; the text of everything the person wrote that was not signed off is blanked
(practice entries are never deleted, by the database's own guard, so an entry not signed off is
emptied and kept as a draft nobody else sees). The service flushes; the caller's unit of work
commits it all at once, or nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, exists, select, update

from lms.accounts.models import Cohort, User, cohort_members
from lms.accounts.models.users import LoginAttempt
from lms.accounts.names import username_key
from lms.accounts.users import close_for_good
from lms.core import audit
from lms.core.database import local_today, utcnow
from lms.core.extensions import db
from lms.core.privacy import require_clean
from lms.privacy.export_job import KIND as EXPORT_KIND
from lms.privacy.export_job import args_json

STAFF_ROLES = ("trainer", "coordinator", "admin")
PSEUDONYM_PREFIX = "Erased person"

# table -> the column naming the person: rows deleted outright.
DELETED = {
    "lesson_progress": "user_id",
    "notifications": "recipient_id",
    "notification_choices": "user_id",
    "email_outbox": "recipient_id",
    "mail_bounces": "user_id",
    "calendar_feeds": "user_id",
    "competency_status_overrides": "user_id",
    "co_facilitations": "trainee_id",
    "pool_members": "user_id",
    "api_tokens": "user_id",
}


class ErasureRefused(ValueError):
    """The person cannot be erased (yet); the message says why and what to do."""


@dataclass(frozen=True)
class Erased:
    pseudonym: str
    counts: dict[str, int]


def running_cohorts(user: User) -> list[Cohort]:
    """Cohorts the person is a trainee of that have not ended."""
    member = exists().where(
        cohort_members.c.cohort_id == Cohort.id, cohort_members.c.user_id == user.id
    )
    query = select(Cohort).where(member, Cohort.ends_on >= local_today()).order_by(Cohort.code)
    return list(db.session.scalars(query))


def refusal(user: User) -> str | None:
    """Why ``user`` cannot be erased now, or None."""
    if user.erased_at is not None:
        return _("This account was already erased (%(name)s).", name=user.full_name)
    staff = sorted(set(STAFF_ROLES) & user.roles)
    if staff:
        return _(
            "%(name)s has a staff role (%(roles)s): only a departed trainee can be erased.",
            name=user.full_name,
            roles=", ".join(staff),
        )
    running = running_cohorts(user)
    if running:
        return _(
            "%(name)s is still in a running cohort (%(cohorts)s). Remove them from the "
            "cohort's people first, then erase.",
            name=user.full_name,
            cohorts=", ".join(cohort.code for cohort in running),
        )
    return None


def _check_request(user: User, confirmation: str, reason: str, confirmed: bool) -> str:
    problem = refusal(user)
    if problem:
        raise ErasureRefused(problem)
    if username_key(confirmation.strip()) != user.username_key:
        raise ErasureRefused(_("Type the user name exactly to confirm the erasure."))
    reason = " ".join(reason.split())
    if not reason:
        raise ErasureRefused(_("An erasure needs a reason."))
    folded = reason.casefold()
    if user.username.casefold() in folded or user.full_name.casefold() in folded:
        raise ErasureRefused(_("The reason must not name the person: the audit log keeps it."))
    require_clean([reason], confirmed=confirmed)
    return reason


def _new_pseudonym() -> tuple[str, str]:
    while True:
        tag = secrets.token_hex(3).upper()
        username = f"erased-{tag.lower()}"
        taken = db.session.scalar(select(User.id).where(User.username_key == username))
        if taken is None:
            return f"{PSEUDONYM_PREFIX} {tag}", username


def _table(name: str):
    return db.metadata.tables[name]


def _remove_records(user: User) -> dict[str, int]:
    counts = {}
    attempts = _table("quiz_attempts")
    responses = _table("quiz_responses")
    theirs = select(attempts.c.id).where(attempts.c.user_id == user.id).scalar_subquery()
    counts["quiz_responses"] = db.session.execute(
        delete(responses).where(responses.c.attempt_id.in_(theirs))
    ).rowcount
    counts["quiz_attempts"] = db.session.execute(
        delete(attempts).where(attempts.c.user_id == user.id)
    ).rowcount
    for name, column in DELETED.items():
        table = _table(name)
        counts[name] = db.session.execute(delete(table).where(table.c[column] == user.id)).rowcount
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.username_key == user.username_key))
    jobs = _table("jobs")  # files of earlier exports of their data, not yet expired
    counts["export_files"] = db.session.execute(
        update(jobs)
        .where(jobs.c.kind == EXPORT_KIND, jobs.c.args_json == args_json(user.id))
        .where(jobs.c.download.is_not(None))
        .values(download=None, download_name=None)
    ).rowcount
    return counts


def _blank_texts(user: User, pseudonym: str) -> dict[str, int]:
    entries = _table("practice_entries")
    evaluations = _table("practice_field_evaluations")
    placements = _table("practice_placements")
    messages = _table("conversation_messages")
    certificates = _table("certificates")
    counts = {}
    # Not signed off: emptied and hidden (a draft is shown to nobody but its trainee).
    counts["practice_entries"] = db.session.execute(
        update(entries)
        .where(entries.c.trainee_id == user.id, entries.c.status != "approved")
        .values(
            status="draft",
            reflection="",
            client_code=None,
            client_id=None,
            return_comment=None,
            privacy_confirmed=False,
            updated_at=utcnow(),
        )
    ).rowcount
    their_placements = select(placements.c.id).where(placements.c.trainee_id == user.id)
    counts["practice_field_evaluations"] = db.session.execute(
        update(evaluations)
        .where(evaluations.c.placement_id.in_(their_placements.scalar_subquery()))
        .values(self_evaluation="")
    ).rowcount
    counts["conversation_messages"] = db.session.execute(
        update(messages).where(messages.c.author_id == user.id).values(body="")
    ).rowcount
    counts["certificates"] = db.session.execute(
        update(certificates).where(certificates.c.user_id == user.id).values(holder_name=pseudonym)
    ).rowcount
    return counts


def erase_person(
    user: User, *, confirmation: str, reason: str, confirmed: bool, actor_id: int | None
) -> Erased:
    """Erase a departed trainee (see the module's docstring); raises ``ErasureRefused`` (or
    ``IdentifyingText`` for a reason that may identify someone) and then changes nothing."""
    reason = _check_request(user, confirmation, reason, confirmed)
    pseudonym, username = _new_pseudonym()
    counts = _remove_records(user)
    counts.update(_blank_texts(user, pseudonym))
    user.full_name = pseudonym
    user.username = username
    user.username_key = username
    user.email = None
    user.language = None
    close_for_good(user)  # the region stays, see docs/privacy.md
    user.erased_at = utcnow()
    db.session.flush()
    audit.record(
        "user.erased",
        actor_id=actor_id,
        target_type="user",
        target_id=user.id,
        pseudonym=pseudonym,
        reason=reason,
        counts={name: count for name, count in sorted(counts.items()) if count},
    )
    return Erased(pseudonym, counts)
