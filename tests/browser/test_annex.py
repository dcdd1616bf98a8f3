"""The national annex on a phone (360 px) and a desktop (1280 px): reached from the menu, its
pages and forms readable without sideways scrolling, the PDF of a form downloaded."""

import pytest
from browser.session import log_in

pytestmark = pytest.mark.browser

WIDE_PAGES = [
    "/learn/national/",
    "/learn/national/institutions",
    "/learn/national/emergency-numbers-and-hotlines",
    "/learn/national/forms/child-protection-urgent",
]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_trainee_finds_the_annex_in_the_menu_and_reads_it(live_server, request, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    if screen == "phone":
        page.click("summary")
    page.locator("header nav").get_by_role("link", name="National annex").click()
    page.wait_for_url(f"{live_server}/learn/national/")
    page.get_by_role("link", name="Guardianship and placement of children").click()
    assert page.locator("mark.confirm").first.is_visible()
    assert page.get_by_text("Article 105").first.is_visible()
    for path in WIDE_PAGES:
        page.goto(f"{live_server}{path}")
        assert _fits(page), path


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_form_offers_its_pdf_in_each_language(live_server, request, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    page.goto(f"{live_server}/learn/national/forms/intake")
    link = page.get_by_role("link", name="PDF · Türkmençe")
    assert link.is_visible()
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
