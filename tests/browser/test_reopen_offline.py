"""Work in progress survives the browser being closed while offline, at 360 px and at 1280 px:
a practice entry being written (not yet saved or sent) and an offline quiz paper being answered
(not yet finished) open again, with what was typed, in a new page of the same browser profile
while the connection is still down. The browser's "closing" is the page closed and a new one
opened in the same context (its storage and service worker stay, as on a phone).

The paper is then finished once the connection returns, so the shared live server holds no
paper in progress afterwards.
"""

from __future__ import annotations

import pytest
from browser.session import log_in
from browser.test_outbox import (
    SCREENS,
    attempts_of,
    paper_module,
    untimed_quizzes,
)
from browser.waiting import wait_for_worker, wait_until

pytestmark = pytest.mark.browser
__all__ = ["untimed_quizzes"]  # the fixture, used here by name

WRITTEN = "Met the carer at the day centre; we agreed on two home visits."


def _reopened(page, url: str):
    """Close the page and open the same address in a new page of the same browser."""
    context = page.context
    page.close()
    again = context.new_page()
    again.goto(url)
    return again


@pytest.mark.parametrize("screen", SCREENS)
def test_an_entry_being_written_offline_reopens_with_its_text(live_server, request, screen):
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    wait_for_worker(page)
    form = f"{live_server}/practice/entries/new"
    page.goto(form)  # opened online once: the phone keeps the form
    wait_until(page, "!!navigator.serviceWorker.controller")
    page.context.set_offline(True)
    try:
        page.fill("textarea[name=reflection]", WRITTEN)
        page.eval_on_selector_all("form details", "folds => folds.forEach(d => { d.open = true; })")
        page.fill("input[name=client_code]", "C-512")
        page.wait_for_timeout(300)  # what is typed is kept as it is typed
        page = _reopened(page, form)
        page.wait_for_selector("form.entry-form")
        assert "You are offline" not in page.inner_text("main")
        wait_until(page, "document.querySelector('textarea[name=reflection]').value.length > 0")
        assert page.input_value("textarea[name=reflection]") == WRITTEN
        assert page.input_value("input[name=client_code]") == "C-512"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        page.context.set_offline(False)
    # Online again, the text is still offered until the entry is sent: nothing typed is lost.
    page.goto(form)
    wait_until(page, "document.querySelector('textarea[name=reflection]').value.length > 0")
    assert page.input_value("textarea[name=reflection]") == WRITTEN


@pytest.mark.parametrize("screen", SCREENS)
def test_a_paper_being_answered_offline_reopens_with_its_answers(
    live_server, request, screen, untimed_quizzes
):
    page = request.getfixturevalue(screen)
    log_in(page, live_server)
    wait_for_worker(page)
    module = paper_module(page, live_server)
    before = len(attempts_of(live_server, module))
    page.click("form.paper-offer button")
    page.wait_for_url("**/quiz/papers/*")
    paper = page.url
    page.context.set_offline(True)
    try:
        first = page.locator("fieldset.options").first.locator("input").first
        first.check()
        name, value = first.get_attribute("name"), first.get_attribute("value")
        page.wait_for_timeout(300)  # the answers are kept as they are given
        page = _reopened(page, paper)
        page.wait_for_selector("form#quiz-paper")
        assert "You are offline" not in page.inner_text("main")
        chosen = f"form#quiz-paper input[name='{name}'][value='{value}']"
        wait_until(page, f'document.querySelector("{chosen}").checked')
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        for group in page.locator("fieldset.options").all():  # finish it, still offline
            if not group.locator("input:checked").count():
                group.locator("input").first.check()
        for box in page.locator("form#quiz-paper input[type=text], form#quiz-paper textarea").all():
            box.fill("7")
        page.click("button.finish-button")
        page.locator(".outbox-title", has_text="Waiting to send (1)").wait_for()
    finally:
        page.context.set_offline(False)
    page.wait_for_url("**/review")
    attempts = attempts_of(live_server, module)
    assert len(attempts) == before + 1 and attempts[-1].state != "in_progress"
