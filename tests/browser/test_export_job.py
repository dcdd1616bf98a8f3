"""An admin exports the national practice entries from the report page: the job's page shows
the progress, then offers the file, on a phone and on a desktop (the worker is played by the
test: it runs the job the page started)."""

import pytest

from lms.core.extensions import db
from lms.jobs.running import execute

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_an_admin_exports_the_entries_through_a_job(live_server, request, screen):
    page = request.getfixturevalue(screen)
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "social-work")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/practice/reports")
    page.click("form.export button[type=submit]")
    page.wait_for_url(lambda url: "/jobs/" in url)
    job_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    assert page.inner_text("h1") == "Exporting practice entries"
    assert page.inner_text("#job-status") == "Waiting to start…"
    assert not page.is_visible("#job-download a")
    with live_server.app.app_context():
        execute(job_id)
        db.session.remove()
    page.locator("#job[data-status=done]").wait_for(timeout=15000)
    assert page.inner_text("#job-summary").endswith("practice entries exported.")
    assert page.is_visible("#job-download a")
    assert _fits(page)
    with page.expect_download() as download:
        page.click("#job-download a")
    assert download.value.suggested_filename == "practice-entries.csv"
    page.reload()  # the page survives a reload: the same state, the same offer
    assert page.inner_text("#job-status") == "Done." and page.is_visible("#job-download a")
