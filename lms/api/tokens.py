"""Making, checking and revoking personal access tokens (services: they flush, never commit).

A secret reads ``lms_pat_`` and 43 URL-safe characters (256 random bits): the prefix lets
secret scanners and people recognise it. Its SHA-256 is what the table keeps.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from lms.accounts.models import User
from lms.api.models import ApiToken
from lms.api.scopes import all_scopes, scopes_for
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db

SECRET_PREFIX = "lms_pat_"  # noqa: S105 - the public prefix of every secret, not a secret
MAX_LIFETIME = timedelta(days=366)
SHOWN_PREFIX = 12  # characters of the secret kept to tell tokens apart ("lms_pat_" + 4)


class TokenRefused(Exception):
    """The bearer token cannot be used; ``code`` is the problem's stable code."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    owner: User, name: str, scopes: list[str], expires_at: datetime, *, actor: User
) -> NewToken:
    """A new token for ``owner``; ValueError for a scope unknown or not for the owner's roles
    (``scopes_for``), or an expiry not in (now, now + MAX_LIFETIME]. The creation is audited."""
    now = utcnow()
    unknown = set(scopes) - set(scopes_for(owner))
    if unknown or not scopes:
        raise ValueError("unknown or no scopes")  # i18n: the form offers the owner's ones
    if not now < expires_at <= now + MAX_LIFETIME:
        raise ValueError("expiry out of range")  # i18n: the form checks it first
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=owner.id,
        name=name,
        prefix=secret[:SHOWN_PREFIX],
        secret_hash=secret_hash(secret),
        scopes=" ".join(s for s in all_scopes() if s in scopes),
        created_at=now,
        expires_at=expires_at,
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "api_token.create",
        actor_id=actor.id,
        target_type="api_token",
        target_id=token.id,
        owner_id=owner.id,
        name=name,
        scopes=token.scopes,
        expires_at=expires_at.isoformat(),
    )
    return NewToken(token, secret)


def revoke_token(token: ApiToken, *, actor: User) -> None:
    """Revoke the token (once; revoking again changes nothing) and audit it."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    token.revoked_by_id = actor.id
    audit.record(
        "api_token.revoke",
        actor_id=actor.id,
        target_type="api_token",
        target_id=token.id,
        owner_id=token.user_id,
        name=token.name,
    )
    db.session.flush()


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


# Refresh ``last_used_at`` at most this often: not one write per API call.
LAST_USED_STEP = timedelta(minutes=1)


def token_for_secret(secret: str, now: datetime | None = None) -> ApiToken:
    """The live token of ``secret``; TokenRefused with a code saying why not."""
    now = now or utcnow()
    if not secret.startswith(SECRET_PREFIX) or not 40 <= len(secret) <= 100:
        raise TokenRefused("token_malformed")  # i18n: a problem code
    token = db.session.scalar(select(ApiToken).where(ApiToken.secret_hash == secret_hash(secret)))
    if token is None:
        raise TokenRefused("token_unknown")  # i18n: a problem code
    if token.revoked_at is not None:
        raise TokenRefused("token_revoked")  # i18n: a problem code
    if now >= token.expires_at:
        raise TokenRefused("token_expired")  # i18n: a problem code
    if not token.user.active:
        raise TokenRefused("token_owner_inactive")  # i18n: a problem code
    return token


def last_use_is_due(token: ApiToken, now: datetime | None = None) -> bool:
    """Whether ``last_used_at`` is old enough to be written again."""
    now = now or utcnow()
    return token.last_used_at is None or now - token.last_used_at >= LAST_USED_STEP


def note_use(token: ApiToken, now: datetime | None = None) -> None:
    """Set ``last_used_at`` (the caller writes it apart: a reading request may not write)."""
    token.last_used_at = now or utcnow()
