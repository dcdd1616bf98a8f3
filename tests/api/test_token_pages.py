"""The access tokens pages: made with a name, scopes and an expiry; the secret shown once;
listed with when it was last used; revoked after a confirmation; admins see everyone's."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from api.world import bearer
from sqlalchemy import func, select
from support import csrf_token, login, post_form

from lms.api.models import ApiToken
from lms.api.scopes import all_scopes
from lms.core.audit import AuditEvent
from lms.core.database import local_today
from lms.core.extensions import db

SECRET = re.compile(r'id="token-secret" type="text" readonly value="(lms_pat_[^"]+)"')


def _create(client, name="phone app", scopes=("content:read",), days=30):
    return post_form(
        client,
        "/account/tokens",
        {
            "name": name,
            "scopes": list(scopes),
            "expires_on": (local_today() + timedelta(days=days)).isoformat(),
        },
    )


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(ApiToken.id)))


def test_a_trainee_makes_a_token_sees_it_once_and_uses_it(app, client, factory):
    factory.user("maker", "trainee")
    login(client, "maker")
    page = _create(client)
    assert page.status_code == 201
    secret = SECRET.search(page.get_data(as_text=True)).group(1)
    listing = client.get("/account/tokens").get_data(as_text=True)
    assert secret not in listing and "phone app" in listing and secret[:12] in listing
    api = app.test_client()  # no cookie: the token alone
    assert api.get("/api/v1/programmes", headers=bearer(secret)).status_code == 200
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.name == "phone app"))
        assert token.last_used_at is not None and token.secret_hash != secret
        assert db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "api_token.create", AuditEvent.target_id == str(token.id)
            )
        )


def test_a_token_needs_scopes_and_an_expiry_within_a_year(app, client, factory):
    factory.user("hasty", "trainee")
    login(client, "hasty")
    before = _count(app)
    for refused in (_create(client, scopes=()), _create(client, days=0), _create(client, days=400)):
        assert refused.status_code == 422
        assert 'class="errors error-summary"' in refused.get_data(as_text=True)
    assert _count(app) == before


OFFERED = re.compile(r'name="scopes"[^>]*value="([a-z]+:[a-z]+)"')


@pytest.mark.parametrize(
    "role, missing",
    [
        ("trainee", {"cohorts:read", "universities:read", "reports:read"}),
        ("trainer", {"universities:read", "reports:read", "practice:write"}),
        ("coordinator", {"cohorts:read", "reports:read", "practice:write"}),
        ("admin", {"practice:write"}),
    ],
)
def test_the_form_offers_only_the_scopes_the_persons_roles_can_use(client, factory, role, missing):
    factory.user(f"scoped-{role}", role)
    login(client, f"scoped-{role}")
    offered = set(OFFERED.findall(client.get("/account/tokens").get_data(as_text=True)))
    assert offered and offered == set(all_scopes()) - missing


def test_a_scope_not_for_the_persons_roles_is_refused_and_no_token_made(app, client, factory):
    factory.user("reacher", "trainee")
    login(client, "reacher")
    before = _count(app)
    refused = _create(client, scopes=("content:read", "reports:read"))
    assert refused.status_code == 422
    assert 'class="errors error-summary"' in refused.get_data(as_text=True)
    assert _count(app) == before


def _token_id(app, name: str) -> int:
    with app.app_context():
        return db.session.scalar(select(ApiToken.id).where(ApiToken.name == name))


def test_revoking_asks_first_then_the_token_is_refused(app, client, factory):
    factory.user("owner", "trainee")
    login(client, "owner")
    secret = SECRET.search(_create(client, name="old laptop").get_data(as_text=True)).group(1)
    token_id = _token_id(app, "old laptop")
    confirm = client.get(f"/account/tokens/{token_id}/revoke")
    assert confirm.status_code == 200 and "old laptop" in confirm.get_data(as_text=True)
    unconfirmed = post_form(client, f"/account/tokens/{token_id}/revoke", {})
    assert unconfirmed.status_code == 422
    assert app.test_client().get("/api/v1/programmes", headers=bearer(secret)).status_code == 200
    done = post_form(client, f"/account/tokens/{token_id}/revoke", {"confirm": "y"})
    assert done.status_code == 302
    response = app.test_client().get("/api/v1/programmes", headers=bearer(secret))
    assert response.status_code == 401 and response.get_json()["code"] == "token_revoked"


def test_nobody_else_but_an_admin_sees_or_revokes_a_token(app, client, factory):
    factory.user("mine", "trainee")
    factory.user("nosy", "trainer")
    factory.user("chief", "admin")
    login(client, "mine")
    _create(client, name="private")
    token_id = _token_id(app, "private")
    other = app.test_client()
    login(other, "nosy")
    assert other.get(f"/account/tokens/{token_id}/revoke").status_code == 404
    token = csrf_token(other, "/account/tokens")
    forced = other.post(
        f"/account/tokens/{token_id}/revoke", data={"csrf_token": token, "confirm": "y"}
    )
    assert forced.status_code == 404
    assert other.get("/admin/tokens").status_code == 403
    admin = app.test_client()
    login(admin, "chief")
    assert "private" in admin.get("/admin/tokens").get_data(as_text=True)
    revoked = post_form(admin, f"/account/tokens/{token_id}/revoke", {"confirm": "y"})
    assert revoked.status_code == 302
    with app.app_context():
        assert db.session.get(ApiToken, token_id).revoked_at is not None
