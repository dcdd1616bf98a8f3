"""/admin/xapi at 360 px and at 1280 px: the page checks of every main page (unique ids, the
table in a named scrolling region, no serious accessibility violation), and no sideways
scrolling of the page itself."""

from __future__ import annotations

import pytest
from browser.session import log_in
from browser.test_page_checks import _problems

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_xapi_page_passes_the_page_checks(live_server, request, axe, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server, "admin")
    response = page.goto(f"{live_server}/admin/xapi")
    assert response is not None and response.status == 200
    assert page.locator("h1").inner_text() == "xAPI statements"
    assert _problems(page, axe) == []
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
