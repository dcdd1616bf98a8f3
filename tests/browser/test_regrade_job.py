"""A trainer regrades a quiz from its statistics page: the job's page shows the progress, then
the summary, on a phone and on a desktop (the worker is played by the test). The demo's answer
keys are unchanged, so nothing is changed: the shared demo stays as other tests expect it."""

import re

import pytest

from lms.core.extensions import db
from lms.jobs.running import execute

pytestmark = pytest.mark.browser

STATISTICS = "/learn/foundational/what-is-social-work/quiz/statistics"


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_trainer_regrades_a_quiz_and_reads_the_summary(live_server, request, screen):
    page = request.getfixturevalue(screen)
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "trainer")
    page.fill("input[name=password]", "social-work")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}{STATISTICS}")
    page.click("form.regrade button[type=submit]")
    page.wait_for_url(lambda url: "/jobs/" in url)
    job_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    assert page.inner_text("h1") == "Regrading a quiz"
    with live_server.app.app_context():
        execute(job_id)
        db.session.remove()
    page.locator("#job[data-status=done]").wait_for(timeout=15000)
    summary = page.inner_text("#job-summary")
    assert re.match(r"0 attempts changed: .* \d+ attempts? checked\.", summary), summary
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.reload()
    assert page.inner_text("#job-summary") == summary
