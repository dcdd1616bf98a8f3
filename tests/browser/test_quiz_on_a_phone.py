"""The demo trainee takes a quiz on a 360 px phone: start, answer, next page, submit, grade."""

import re

import pytest

pytestmark = pytest.mark.browser

QUIZ = "/learn/foundational/communication/quiz"


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _answer_every_question(page) -> None:
    """Answer whatever the random draw served on this page, as a trainee would."""
    for question in page.locator("section.question").all():
        if question.locator("label.option").count():  # one answer or several: take the first
            question.locator("label.option").first.click()
        for select in question.locator("select").all():
            select.select_option(index=1)
        if question.locator("input[type=text]").count():
            question.locator("input[type=text]").fill("strengths")
        if question.locator("textarea").count():
            question.locator("textarea").fill("I would listen first and plan with the family.")


def test_trainee_takes_a_quiz_on_a_phone(live_server, phone):
    phone.goto(f"{live_server}/login")
    phone.fill("input[name=username]", "trainee")
    phone.fill("input[name=password]", "social-work")
    phone.click("input[type=submit]")
    phone.wait_for_url(f"{live_server}/")
    phone.goto(f"{live_server}{QUIZ}")
    assert "Pass mark" in phone.inner_text("main") and _fits_the_screen(phone)
    phone.click("button:has-text('Start the quiz')")
    phone.wait_for_url(re.compile(r".*/quiz/attempts/\d+$"))
    assert "Page 1 of" in phone.inner_text("main")
    pages = int(re.search(r"Page 1 of (\d+)", phone.inner_text("main")).group(1))
    for number in range(1, pages):
        _answer_every_question(phone)
        assert _fits_the_screen(phone)
        phone.click("button:has-text('Next page')")
        phone.wait_for_url(re.compile(rf".*page={number + 1}$"))
        assert f"Page {number + 1} of {pages}" in phone.inner_text("main")
    _answer_every_question(phone)
    phone.click("button:has-text('Submit all and finish')")
    phone.wait_for_url(re.compile(r".*/review$"))
    main = phone.inner_text("main")
    assert "Your attempt has been submitted." in main
    # A grade, unless the questions drawn included an essay, which waits for a trainer's mark.
    assert re.search(r"Grade\s+\d+(\.\d)?%", main) or "awaiting a trainer's mark" in main
    assert _fits_the_screen(phone)
