"""Creating and changing user accounts. Services flush, never commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.security import check_password_hash

from lms.accounts.auth import (
    PASSWORD_MAX,
    PASSWORD_MIN,
    end_all_sessions,
    hash_password,
    start_session,
)
from lms.accounts.models import ROLES, Region, User, UserRole
from lms.accounts.names import InvalidName, clean_full_name, clean_username, username_key
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db


class AccountError(ValueError):
    """A rule about accounts was broken; the message is meant for the person acting."""


@dataclass(frozen=True)
class NewUser:
    username: str
    full_name: str
    password: str
    roles: tuple[str, ...] = ("trainee",)
    email: str | None = None
    language: str | None = None
    region_code: str | None = None


def check_password_rules(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise AccountError(_("A password has at least %(min)d characters.", min=PASSWORD_MIN))
    if len(password) > PASSWORD_MAX:
        raise AccountError(_("A password has at most %(max)d characters.", max=PASSWORD_MAX))


def check_roles(roles: tuple[str, ...] | list[str]) -> None:
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise AccountError(
            ngettext(
                "Unknown role: %(roles)s.",
                "Unknown roles: %(roles)s.",
                len(unknown),
                roles=", ".join(unknown),
            )
        )


def find_region(code: str | None) -> Region | None:
    if not code:
        return None
    region = db.session.scalar(select(Region).where(Region.code == code))
    if region is None:
        raise AccountError(_("Unknown region code “%(code)s”.", code=code))
    return region


def username_taken(username: str) -> bool:
    key = username_key(username)
    return db.session.scalar(select(User.id).where(User.username_key == key)) is not None


def column_length(name: str) -> int:
    """The most characters the ``users`` table's column ``name`` holds. PostgreSQL refuses a
    longer value (a 500 at commit) where SQLite stores it, so forms and imports check first."""
    return User.__table__.c[name].type.length


def problems_with_new_user(new: NewUser) -> list[str]:
    """Every rule the new user breaks (an empty list when it may be created)."""
    problems = []
    try:
        username = clean_username(new.username)
        if username_taken(username):
            problems.append(
                _("The username “%(name)s” is taken (or looks like one that is).", name=username)
            )
    except InvalidName as exc:
        problems.append(str(exc))
    checks = (
        lambda: clean_full_name(new.full_name),
        lambda: check_password_rules(new.password),
        lambda: check_roles(new.roles),
        lambda: find_region(new.region_code),
    )
    for check in checks:
        try:
            check()
        except (InvalidName, AccountError) as exc:
            problems.append(str(exc))
    if new.email and len(new.email) > column_length("email"):
        problems.append(
            _(
                "An e-mail address has at most %(max)d characters; this one has %(length)d.",
                max=column_length("email"),
                length=len(new.email),
            )
        )
    return problems


def validate_new_user(new: NewUser) -> tuple[str, str, Region | None]:
    """Check a new user against every rule; return (username, full name, region)."""
    problems = problems_with_new_user(new)
    if problems:
        raise AccountError(" ".join(problems))
    return (
        clean_username(new.username),
        clean_full_name(new.full_name),
        find_region(new.region_code),
    )


def create_user(new: NewUser, *, actor_id: int | None) -> User:
    username, full_name, region = validate_new_user(new)
    user = User(
        username=username,
        username_key=username_key(username),
        full_name=full_name,
        email=(new.email or None),
        language=new.language,
        region=region,
        password_hash=hash_password(new.password),
        role_rows=[UserRole(role=r) for r in sorted(set(new.roles))],
    )
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.created",
        actor_id=actor_id,
        target_type="user",
        target_id=user.id,
        username=username,
        roles=sorted(set(new.roles)),
    )
    return user


def refuse_if_erased(user: User) -> None:
    """An erased account stays erased: no name, role, state or password comes back to it."""
    if user.erased_at is not None:
        raise AccountError(
            _("This account's personal data was erased; the account cannot be changed.")
        )


def set_roles(user: User, roles: list[str], *, actor_id: int) -> None:
    refuse_if_erased(user)
    check_roles(roles)
    if user.id == actor_id and "admin" in user.roles and "admin" not in roles:
        raise AccountError(_("You cannot remove your own admin role."))
    before = sorted(user.roles)
    after = sorted(set(roles))
    if before == after:
        return
    user.role_rows = [UserRole(role=r) for r in after]
    db.session.flush()
    audit.record(
        "user.roles_changed",
        actor_id=actor_id,
        target_type="user",
        target_id=user.id,
        before=before,
        after=after,
    )


def set_active(user: User, active: bool, *, actor_id: int) -> None:
    """Enable or disable an account; disabling ends every session of the user at once."""
    refuse_if_erased(user)
    if user.id == actor_id and not active:
        raise AccountError(_("You cannot deactivate your own account."))
    if user.active == active:
        return
    user.active = active
    if not active:
        end_all_sessions(user)
    audit.record(
        "user.activated" if active else "user.deactivated",
        actor_id=actor_id,
        target_type="user",
        target_id=user.id,
    )


def close_for_good(user: User) -> None:
    """No way back in, for erasure: the account inactive, a password nothing matches (not a
    hash of anything) and every session ended. The caller records why."""
    user.active = False
    user.password_hash = f"erased${secrets.token_hex(16)}"
    user.password_changed_at = utcnow()
    end_all_sessions(user)


def reset_password(user: User, new_password: str, *, actor_id: int) -> None:
    """An admin sets a new password; the user's sessions end."""
    refuse_if_erased(user)
    check_password_rules(new_password)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    end_all_sessions(user)
    audit.record("user.password_reset", actor_id=actor_id, target_type="user", target_id=user.id)


def change_own_password(user: User, current: str, new_password: str) -> str:
    """The user changes their password: every session ends, and a fresh one is returned."""
    if not check_password_hash(user.password_hash, current):
        raise AccountError(_("The current password is not correct."))
    check_password_rules(new_password)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    end_all_sessions(user)
    audit.record("user.password_changed", actor_id=user.id, target_type="user", target_id=user.id)
    return start_session(user)


def update_profile(
    user: User,
    *,
    full_name: str,
    email: str | None,
    language: str | None,
    region_code: str | None,
    actor_id: int,
) -> None:
    refuse_if_erased(user)
    try:
        cleaned = clean_full_name(full_name)
    except InvalidName as exc:
        raise AccountError(str(exc)) from exc
    changes = {}
    region = find_region(region_code)
    for field, value in (
        ("full_name", cleaned),
        ("email", email or None),
        ("language", language or None),
        ("region_id", region.id if region else None),
    ):
        if getattr(user, field) != value:
            changes[field] = [getattr(user, field), value]
            setattr(user, field, value)
    if changes and actor_id != user.id:
        audit.record(
            "user.updated",
            actor_id=actor_id,
            target_type="user",
            target_id=user.id,
            changes=changes,
        )
