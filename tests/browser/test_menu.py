"""Every role reaches its menu and logs out: at 1280 px the menu is shown, at 360 px folded."""

import pytest
from browser.session import log_in

pytestmark = pytest.mark.browser

MENU_LINKS = {
    "admin": ["Users", "Regions", "Translations"],
    "trainer": ["Cohorts", "Translations"],
    "coordinator": ["Universities"],
    "trainee": ["My competencies"],
}


@pytest.mark.parametrize("username", sorted(MENU_LINKS))
def test_on_a_desktop_the_menu_and_log_out_are_shown_without_a_click(
    live_server, desktop, username
):
    log_in(desktop, live_server, username)
    menu = desktop.locator("header nav")
    for label in MENU_LINKS[username]:
        assert menu.get_by_role("link", name=label, exact=True).first.is_visible(), label
    logout = desktop.locator("button:has-text('Log out')")
    assert logout.is_visible()
    logout.click()
    desktop.wait_for_url(f"{live_server}/login")


@pytest.mark.parametrize("username", sorted(MENU_LINKS))
def test_on_a_phone_the_menu_opens_and_shows_every_link(live_server, phone, username):
    log_in(phone, live_server, username)
    assert not phone.locator("button:has-text('Log out')").is_visible()  # folded
    phone.click("summary")
    menu = phone.locator("header nav")
    for label in MENU_LINKS[username]:
        assert menu.get_by_role("link", name=label, exact=True).first.is_visible(), label
    phone.click("button:has-text('Log out')")
    phone.wait_for_url(f"{live_server}/login")


def _menu_pages(page) -> list[str]:
    return page.eval_on_selector_all("header nav a[href^='/']", "links => links.map(a => a.href)")


@pytest.mark.parametrize("username", sorted(MENU_LINKS))
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_every_page_in_the_menu_opens_for_its_role(live_server, request, screen, username):
    page = request.getfixturevalue(screen)
    log_in(page, live_server, username)
    for url in _menu_pages(page):
        response = page.goto(url)
        assert response is not None and response.status < 400, (url, response and response.status)
        assert page.locator("main").count() == 1, url
