"""Personal access tokens: made with a high-entropy secret kept only as a hash, refused with a
distinct code once expired, revoked or their owner disabled, and audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api.world import bearer, make_token
from sqlalchemy import select

from lms.api.models import ApiToken
from lms.api.tokens import create_token, revoke_token, secret_hash
from lms.core.audit import AuditEvent
from lms.core.database import utcnow
from lms.core.extensions import db

LIST = "/api/v1/programmes"


def _token(app, secret: str) -> ApiToken:
    return db.session.scalar(select(ApiToken).where(ApiToken.secret_hash == secret_hash(secret)))


def test_only_the_hash_of_the_secret_is_kept(app, factory):
    secret = make_token(app, factory.user("keeper", "trainee"))
    assert secret.startswith("lms_pat_") and len(secret) >= 48
    with app.app_context():
        token = _token(app, secret)
        assert token.secret_hash != secret and secret not in token.prefix + token.secret_hash
        assert secret.startswith(token.prefix)


def test_creation_and_revocation_are_audited(app, factory):
    owner = factory.user("audited", "trainee")
    with app.app_context():
        owner = db.session.merge(owner)
        made = create_token(
            owner, "laptop", ["content:read"], utcnow() + timedelta(days=1), actor=owner
        )
        revoke_token(made.token, actor=owner)
        actions = db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.target_type == "api_token", AuditEvent.target_id == str(made.token.id)
            )
        ).all()
        assert sorted(actions) == ["api_token.create", "api_token.revoke"]


@pytest.mark.parametrize(
    "scopes, days",
    [
        ([], 30),
        (["everything:read"], 30),
        (["cohorts:read"], 30),  # a trainee's token: no cohort operation answers a trainee
        (["content:read"], 0),
        (["content:read"], 400),
    ],
)
def test_tokens_need_known_scopes_and_an_expiry_within_a_year(app, factory, scopes, days):
    owner = factory.user("careful", "trainee")
    with app.app_context(), pytest.raises(ValueError):
        owner = db.session.merge(owner)
        create_token(owner, "x", scopes, utcnow() + timedelta(days=days), actor=owner)


def _use(client, secret):
    return client.get(LIST, headers=bearer(secret))


def test_an_expired_token_is_refused_as_expired(app, client, factory):
    secret = make_token(app, factory.user("late", "trainee"))
    with app.app_context():
        _token(app, secret).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert _use(client, secret).get_json()["code"] == "token_expired"


def test_a_revoked_token_is_refused_as_revoked(app, client, factory):
    user = factory.user("gone", "trainee")
    secret = make_token(app, user)
    with app.app_context():
        revoke_token(_token(app, secret), actor=db.session.merge(user))
        db.session.commit()
    assert _use(client, secret).get_json()["code"] == "token_revoked"


def test_a_disabled_owner_s_token_is_refused(app, client, factory):
    user = factory.user("left", "trainee")
    secret = make_token(app, user)
    with app.app_context():
        db.session.merge(user).active = False
        db.session.commit()
    assert _use(client, secret).get_json()["code"] == "token_owner_inactive"


def test_a_call_notes_when_the_token_was_last_used(app, client, factory):
    secret = make_token(app, factory.user("busy", "trainee"))
    assert _use(client, secret).status_code == 200
    with app.app_context():
        assert _token(app, secret).last_used_at is not None
