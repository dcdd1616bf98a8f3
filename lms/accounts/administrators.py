"""The first administrator of a new installation, made from the command line. Flushes only."""

from __future__ import annotations

from lms.accounts.models import User
from lms.accounts.users import AccountError, NewUser, create_user, problems_with_new_user
from lms.core import audit

ADMIN_ROLE = "admin"


def create_administrator(username: str, full_name: str, password: str) -> User:
    """A new account with the admin role, under the same rules as every account.

    There is no one signed in to act, so the events name no actor; the role grant is recorded
    as a role change too, so that filtering the audit log for role changes shows every admin.
    """
    new = NewUser(username=username, full_name=full_name, password=password, roles=(ADMIN_ROLE,))
    problems = problems_with_new_user(new)
    if problems:
        raise AccountError("\n".join(problems))
    user = create_user(new, actor_id=None)
    audit.record(
        "user.roles_changed",
        actor_id=None,
        target_type="user",
        target_id=user.id,
        before=[],
        after=[ADMIN_ROLE],
        via="lms users create-admin",
    )
    return user
