"""A person's own data download and the admin's erasure confirmation, on a 360 px phone and a
1280 px desktop. Each run makes its own trainee through the admin's page (the demo's people are
shared with the other browser tests and are never erased)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser.session import log_in

pytestmark = pytest.mark.browser

SCREENS = ["phone", "desktop"]
PASSWORD = "a long leaver password"  # noqa: S105 - a test account's


def log_out(page, live_server):
    page.context.clear_cookies()
    page.goto(f"{live_server}/login")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def new_trainee(page, live_server, username: str) -> str:
    """The admin creates a trainee; the address of the trainee's account page."""
    log_in(page, live_server, "admin")
    page.goto(f"{live_server}/admin/users/new")
    page.fill("input[name=full_name]", "Jeren Ataýewa")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server}/admin/users?q={username}")
    page.click("a:has-text('Jeren Ataýewa')")
    address = page.url
    log_out(page, live_server)
    return address


@pytest.mark.parametrize("screen", SCREENS)
def test_a_trainee_downloads_their_data_and_an_admin_erases_them(live_server, request, screen):
    page = request.getfixturevalue(screen)
    username = f"leaver-{screen}"
    account = new_trainee(page, live_server, username)

    log_in(page, live_server, username, PASSWORD)
    page.goto(f"{live_server}/account/password")
    assert fits(page)
    with page.expect_download() as waiting:
        page.click("#own-data")
    data = json.loads(Path(waiting.value.path()).read_text(encoding="utf-8"))
    assert data["records"]["users"][0]["username"] == username
    assert data["about"]["users"].startswith("Your account")
    log_out(page, live_server)

    log_in(page, live_server, "admin")
    page.goto(account)
    page.click("#erase-link")
    assert page.is_visible("#erase-kept") and page.is_visible("#erase-removed")
    assert fits(page)
    page.fill("input[name=confirmation]", "not the name")
    page.fill("textarea[name=reason]", "Left the programme; data-protection request.")
    page.click("input[type=submit][name=submit]")
    assert "Type the user name exactly" in page.inner_text("body")
    assert fits(page)
    page.fill("input[name=confirmation]", username)
    page.click("input[type=submit][name=submit]")
    page.wait_for_url(account)
    assert "the account is now Erased person" in page.inner_text("body")
    assert not page.is_visible("#erase-link")
    log_out(page, live_server)

    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    assert page.url.startswith(f"{live_server}/login")  # the account is gone
