"""A trainee makes an access token on the tokens page, at 360 px and at 1280 px, copies the
secret shown once, calls the API with it (no cookie), sees when it was last used, revokes it,
and the next call is refused.

The trainee is made for this test in the live server's database (the demo's people are left as
they are).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import timedelta

import pytest

from lms.core.database import local_today
from lms.core.extensions import db

pytestmark = pytest.mark.browser

PASSWORD = "token-journey-1"


def _new_trainee(live_server, username: str) -> None:
    from lms.accounts.users import NewUser, create_user

    with live_server.app.app_context():
        create_user(
            NewUser(
                username=username,
                full_name="Aýna Tokenowa",
                password=PASSWORD,
                roles=("trainee",),
                region_code=None,
                language="en",
            ),
            actor_id=None,
        )
        db.session.commit()


def _call(live_server, secret: str) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the local live server
        f"{live_server}/api/v1/programmes", headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_trainee_makes_uses_and_revokes_a_token(live_server, request, screen):
    page = request.getfixturevalue(screen)
    username = f"token-{screen}"
    _new_trainee(live_server, username)
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server}/")
    if page.locator("summary").is_visible():  # the menu is folded on a phone
        page.click("summary")
    page.click("nav >> text=Access tokens")
    page.wait_for_url(f"{live_server}/account/tokens")
    page.fill("input[name=name]", "my script")
    page.check("text=Programmes, modules and lessons: read")
    page.fill("input[name=expires_on]", (local_today() + timedelta(days=30)).isoformat())
    page.click("input[type=submit][value='Create token']")
    secret = page.input_value("#token-secret")
    assert secret.startswith("lms_pat_") and _fits_the_screen(page)

    status, body = _call(live_server, secret)
    assert status == 200 and "items" in body

    page.goto(f"{live_server}/account/tokens")
    assert page.locator("#token-secret").count() == 0  # shown once
    row = page.locator("table.tokens tbody tr", has_text="my script")
    assert row.locator("td.last-used").inner_text() != "never"
    assert _fits_the_screen(page)

    row.locator("a", has_text="Revoke").click()
    page.check("input[name=confirm]")
    page.click("input[type=submit][value='Revoke token']")
    page.wait_for_url(f"{live_server}/account/tokens")
    assert "revoked" in page.locator("table.tokens tbody tr", has_text="my script").inner_text()
    status, body = _call(live_server, secret)
    assert status == 401 and body["code"] == "token_revoked"
