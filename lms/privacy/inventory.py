"""What the platform holds about one person: every table, and how its rows are found.

A row is the person's when one of its columns that refers to ``users.id`` names them (``OWN``),
or when it belongs to a row that is theirs (``VIA``: the responses of their quiz attempts, the
evaluations of their placements). Every column that refers to ``users.id`` is either one that
makes a row the person's (``OWN``) or is listed in ``NOT_THEIRS`` with the reason its rows are
someone else's record; tests/privacy/test_inventory.py walks the tables and fails on a column in
neither, so a new table cannot be forgotten.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# table -> the columns that make a row the person's (any one of them naming the person).
OWN: dict[str, tuple[str, ...]] = {
    "users": ("id",),
    "user_roles": ("user_id",),
    "user_sessions": ("user_id",),
    "cohort_members": ("user_id",),
    "cohort_trainers": ("user_id",),
    "university_coordinators": ("user_id",),
    "lesson_progress": ("user_id",),
    "quiz_attempts": ("user_id",),
    "practice_placements": ("trainee_id",),
    "practice_entries": ("trainee_id",),
    "practice_session_participants": ("trainee_id",),
    "competency_status_overrides": ("user_id",),
    "certificates": ("user_id",),
    "co_facilitations": ("trainee_id",),
    "pool_members": ("user_id",),
    "notifications": ("recipient_id",),
    "notification_choices": ("user_id",),
    "email_outbox": ("recipient_id",),
    "mail_bounces": ("user_id",),
    "calendar_feeds": ("user_id",),
    "conversation_messages": ("author_id",),
    "api_tokens": ("user_id",),
    "audit_events": ("actor_id",),  # and the events whose subject is the person (export.py)
}


@dataclass(frozen=True)
class Via:
    """Rows of ``table`` whose ``column`` is the ``parent_column`` of one of the person's rows
    of ``parent``."""

    column: str
    parent: str
    parent_column: str = "id"


VIA: dict[str, tuple[Via, ...]] = {
    "quiz_responses": (Via("attempt_id", "quiz_attempts"),),
    "practice_field_evaluations": (Via("placement_id", "practice_placements"),),
    "practice_field_ratings": (Via("evaluation_id", "practice_field_evaluations"),),
    "practice_supervision_sessions": (Via("id", "practice_session_participants", "session_id"),),
    "practice_session_actions": (Via("session_id", "practice_supervision_sessions"),),
    "cohorts": (
        Via("id", "cohort_members", "cohort_id"),
        Via("id", "cohort_trainers", "cohort_id"),
    ),
}

# table.column (a reference to users.id) -> why the rows it names are not that person's data.
NOT_THEIRS: dict[str, str] = {
    "api_tokens.revoked_by_id": "an admin's revocation of someone else's access token",
    "certificates.issued_by_id": "the admin who issued someone's certificate",
    "certificates.revoked_by_id": "the admin who revoked someone's certificate",
    "co_facilitations.observer_id": "the master trainer's observation of a candidate",
    "competency_status_overrides.set_by_id": "a trainer's decision about a trainee",
    "competency_associations.added_by_id": "an admin's edit of a competency framework",
    "framework_import_drafts.uploader_id": "an uploaded framework file, kept for minutes",
    "jobs.started_by_id": "an export an admin ran of other people's records",
    "notifications.actor_id": "a notification sent to someone else",
    "practice_entries.reviewed_by_id": "a supervisor's sign-off of a trainee's entry",
    "practice_field_evaluations.supervisor_id": "a supervisor's evaluation of a trainee",
    "practice_placements.supervisor_id": "a trainee's placement, supervised by the person",
    "practice_placements.created_by_id": "a trainee's placement, set up by staff",
    "practice_supervision_sessions.supervisor_id": "a session recorded for trainees",
    "quiz_close_dates.set_by_id": "a trainer's deadline for a cohort",
    "quiz_responses.marked_by_id": "a trainer's mark on a trainee's answer",
}

# Columns never exported: secrets (or what stands in for them), the answer key, and sort keys
# derived from the name. table -> columns.
WITHHELD: dict[str, frozenset[str]] = {
    "users": frozenset(
        {"password_hash", "username_key", "name_key_tk", "name_key_ru", "name_key_en"}
    ),
    "user_sessions": frozenset({"token_hash"}),
    "calendar_feeds": frozenset({"token"}),
    # The questions as served, with their answer key: the review page shows them only after
    # the attempt is graded, question by question; the export keeps the person's answers.
    "quiz_attempts": frozenset({"questions_json"}),
    "certificates": frozenset({"signature"}),
    "api_tokens": frozenset({"secret_hash"}),
}

# What each file of the export holds, in the reader's language (the README of the export).
ABOUT = {
    "users": _l("Your account: name, user name, e-mail address, language, region, dates."),
    "user_roles": _l("Your roles on the platform."),
    "user_sessions": _l("The browsers logged in as you, and when (never the secret token)."),
    "cohorts": _l("The cohorts you belong to."),
    "cohort_members": _l("Your membership of cohorts as a trainee."),
    "cohort_trainers": _l("The cohorts you train."),
    "university_coordinators": _l("The universities you coordinate."),
    "lesson_progress": _l("The lessons you marked as done, and when."),
    "quiz_attempts": _l("Your quiz attempts: when, state and mark."),
    "quiz_responses": _l("Your answers in each attempt, their marks and the trainer's feedback."),
    "practice_placements": _l("Your field placements."),
    "practice_entries": _l("Your practice log entries, their sign-off and amendments."),
    "practice_session_participants": _l("The supervision sessions you took part in."),
    "practice_supervision_sessions": _l(
        "Those supervision sessions, as the supervisor recorded them."
    ),
    "practice_session_actions": _l("The actions agreed in those sessions."),
    "practice_field_evaluations": _l("The field evaluations of your placements."),
    "practice_field_ratings": _l("The ratings of each competency in those evaluations."),
    "competency_status_overrides": _l("Competency statuses a trainer set for you."),
    "certificates": _l("Your certificates: code, status and the signed facts."),
    "co_facilitations": _l("Training sessions you co-facilitated and their observation."),
    "pool_members": _l("Your entry in the National Pool of Educators."),
    "notifications": _l("Your notifications."),
    "notification_choices": _l("Your notification settings."),
    "email_outbox": _l("The e-mails written to you."),
    "mail_bounces": _l("Your e-mail address, if the mail server refused it."),
    "calendar_feeds": _l("When your calendar feed address was made (not the address)."),
    "conversation_messages": _l("The messages you wrote."),
    "api_tokens": _l("Your access tokens for the API: name, scopes and dates (never the secret)."),
    "audit_events": _l("The audit log's events that you did or that were about your account."),
}


def exported_tables() -> list[str]:
    """The tables of the export, parents before the tables found through them."""
    return [*OWN, *VIA]
