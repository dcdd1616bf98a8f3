"""What a personal access token may do: a read and a write scope per resource group.

A resource's operations name their group (``content``, ``cohorts``...) and whether they read or
write; a token carries the scopes it was made with. A session cookie (the person in their
browser) is not limited by scopes: it may do whatever the person may do on the pages.
Adding a resource group: add it to ``GROUPS`` with its label; the token form lists it. A scope
whose operations answer only some roles names them in ``ONLY_FOR``: the resources check those
roles, and the token form offers the scope only to a person who has one of them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

READ = "read"
WRITE = "write"

# group -> label shown on the token form. Order is the form's order.
GROUPS = {
    "content": _l("Programmes, modules and lessons"),
    "cohorts": _l("Cohorts and their trainees"),
    "progress": _l("Lesson progress"),
    "practice": _l("Practice entries"),
    "quizzes": _l("Quiz attempts and results"),
    "supervision": _l("Supervision sessions and field evaluations"),
    "competencies": _l("Competency frameworks and profiles"),
    "universities": _l("Universities, their courses and coverage"),
    "certificates": _l("Certificates"),
    "pool": _l("National Pool of Educators"),
    "reports": _l("National reports"),
}
# Groups whose operations include writes (the others offer a read scope only).
WRITABLE = {"practice"}
# scope -> the roles its operations answer; everyone else gets 403 from every one of them.
ONLY_FOR = {
    "cohorts:read": ("admin", "trainer"),
    "universities:read": ("admin", "coordinator"),  # as the university pages
    "reports:read": ("admin",),
    "practice:write": ("trainee",),  # a trainee writes their own log
}


def scope(group: str, access: str) -> str:
    """``content:read``: the scope an operation of ``group`` needs to ``access`` it."""
    if group not in GROUPS or access not in (READ, WRITE):
        raise ValueError(f"unknown scope {group}:{access}")  # i18n: a programming error
    return f"{group}:{access}"


def all_scopes() -> tuple[str, ...]:
    """Every scope a token may carry, in the form's order."""
    return tuple(
        scope(group, access)
        for group in GROUPS
        for access in (READ, WRITE)
        if access == READ or group in WRITABLE
    )


def scopes_for(user) -> tuple[str, ...]:
    """The scopes a token of ``user`` may carry: those whose operations can answer them."""
    return tuple(s for s in all_scopes() if s not in ONLY_FOR or user.has_role(*ONLY_FOR[s]))
