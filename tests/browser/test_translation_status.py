"""The Translations page on a phone (360 px) and a desktop (1280 px): a trainer sees one table
per kind of text, narrows it to what needs work, and downloads the whole state as CSV."""

import pytest
from browser.session import log_in

pytestmark = pytest.mark.browser

KINDS = (
    "Quizzes",
    "Competency framework",
    "Practice log",
    "Glossary",
    "National annex: pages and forms",
    "Interface",
)


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_trainer_reads_the_state_of_every_kind_and_filters_it(live_server, request, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server, "trainer")
    page.goto(f"{live_server}/learn/translations")
    for kind in KINDS:
        assert page.get_by_role("heading", name=kind, exact=True).is_visible(), kind
    quizzes = page.get_by_role("region", name="Quizzes")
    assert quizzes.get_by_text("foundational/01-what-is-social-work/quiz.gift").is_visible()
    assert _fits(page)
    page.get_by_label("Only what needs work").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/learn/translations?needs_work=1")
    assert page.get_by_label("Only what needs work").is_checked()
    assert page.get_by_role("heading", name="Quizzes", exact=True).is_visible()
    assert _fits(page)
    href = page.get_by_role("link", name="Download the whole state (CSV)").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "quiz.gift" in response.text()
