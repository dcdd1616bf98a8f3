"""Each role walks its main pages in Turkmen and in Russian in Chromium: no English interface text
outside content and people's data; switching language keeps what was typed in a form."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from browser.session import log_in
from english_ui import english_words, known_strings

from lms.accounts.models import User
from lms.accounts.models.cohorts import Cohort
from lms.core.extensions import db

pytestmark = pytest.mark.browser

FOUNDATIONAL = "/learn/foundational"
MODULE = f"{FOUNDATIONAL}/what-is-social-work"
SWITCH = {"tk": "Türkmençe", "ru": "Русский", "en": "English"}


def _pages(ids: dict[str, int]) -> dict[str, list[str]]:
    cohort, trainee = ids["cohort"], ids["trainee"]
    return {
        "trainee": [
            "/",
            "/learn/",
            f"{FOUNDATIONAL}/",
            f"{MODULE}/",
            f"{MODULE}/defining-social-work",
            f"{MODULE}/quiz",
            "/practice/",
            "/practice/week",
            "/practice/entries/new",
            "/competencies/mine",
            "/certificates/mine",
            "/account/password",
        ],
        "trainer": [
            "/",
            "/cohorts/",
            f"/cohorts/{cohort}",
            f"/cohorts/{cohort}/progress",
            f"/cohorts/{cohort}/competencies",
            f"/trainees/{trainee}",
            f"/trainees/{trainee}/competencies",
            "/practice/queue",
            "/practice/cohorts/",
            "/quiz/grading",
            "/learn/translations",
            "/pool/",
        ],
        "admin": [
            "/",
            "/admin/users",
            "/admin/users/new",
            "/admin/regions",
            "/admin/audit",
            "/certificates/",
            f"/certificates/cohorts/{cohort}",
            "/practice/reports",
            "/competencies/frameworks",
            "/learn/translations",
        ],
        "coordinator": ["/", "/universities/", "/competencies/frameworks"],
    }


@pytest.fixture(scope="module")
def demo_facts(live_server):
    with live_server.app.app_context():
        known = known_strings(live_server.app)
        ids = {
            "cohort": db.session.scalar(sa.select(Cohort.id).where(Cohort.code == "FND-2026-A")),
            "trainee": db.session.scalar(sa.select(User.id).where(User.username == "aygul")),
        }
        db.session.remove()
    return known, ids


def _switch(page, language: str) -> None:
    with page.expect_navigation():
        page.click(f"form.languages button[value={language}]")
    assert page.get_attribute("html", "lang") == language


@pytest.mark.parametrize("language", ["tk", "ru"])
@pytest.mark.parametrize("role", ["trainee", "trainer", "admin", "coordinator"])
def test_main_pages_read_in_the_chosen_language(live_server, browser, demo_facts, role, language):
    known, ids = demo_facts
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    try:
        log_in(page, live_server, role)
        _switch(page, language)
        found = {}
        for path in _pages(ids)[role]:
            response = page.goto(f"{live_server}{path}")
            assert response.status == 200, path
            words = english_words(page.content(), known, language)
            if words:
                found[path] = sorted(words)
        assert not found, f"English interface text for {role} in {language}: {found}"
    finally:
        _switch(page, "en")  # the demo users keep English for the other browser tests
        context.close()


def test_switching_language_keeps_what_was_typed(live_server, browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    try:
        log_in(page, live_server, "admin")
        page.goto(f"{live_server}/admin/users/new")
        page.fill("input[name=full_name]", "Näzik Öwezowa")
        page.fill("input[name=username]", "nazik")
        _switch(page, "ru")
        assert page.input_value("input[name=full_name]") == "Näzik Öwezowa"
        assert page.input_value("input[name=username]") == "nazik"
        _switch(page, "tk")
        assert page.input_value("input[name=full_name]") == "Näzik Öwezowa"
        page.reload()  # kept once: an ordinary reload starts from an empty form again
        assert page.input_value("input[name=full_name]") == ""
    finally:
        _switch(page, "en")
        context.close()
