"""A trainee logs a practice entry on a 360 px phone screen: the draft saves while they type,
then they submit it for sign-off."""

from datetime import date

import pytest
from browser.session import log_in

from lms.core.database import local_today
from lms.practice.demo import FND_PLACEMENT

pytestmark = pytest.mark.browser


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_trainee_logs_an_entry_on_a_phone(live_server, phone):
    day: date = min(local_today(), FND_PLACEMENT[1])
    log_in(phone, live_server, "trainee")
    phone.goto(f"{live_server}/practice/entries/new")
    assert _fits_the_screen(phone)
    phone.fill("input[name=day]", day.isoformat())
    phone.fill("input[name=start]", "16:00")
    phone.fill("input[name=end]", "17:15")
    phone.select_option("select[name=category]", "counselling")
    phone.click("summary:has-text('Client code, target group and competencies')")
    phone.fill("input[name=client_code]", "C-311")
    phone.select_option("select[name=target_group]", "older_person")
    phone.check("input[name=competencies][value='COM-1']")
    phone.fill("textarea[name=reflection]", "Listened to a carer's worries; agreed a next visit.")
    status = phone.locator(".autosave-status")
    status.filter(has_text="Draft saved.").wait_for(timeout=10_000)
    assert "/practice/entries/" in phone.url and phone.url.endswith("/edit")
    assert _fits_the_screen(phone)
    phone.click("input[name=submit_entry]")
    phone.wait_for_url(lambda url: url.rstrip("/").split("/")[-1].isdigit())
    main = phone.inner_text("main")
    assert "Entry sent to your supervisor for sign-off." in main
    assert "Submitted" in main and "1 hr 15 min" in main and "C-311" in main
    assert _fits_the_screen(phone)


def test_the_supervisor_sees_the_queue_on_a_phone(live_server, phone):
    log_in(phone, live_server, "trainer")
    phone.goto(f"{live_server}/practice/queue")
    assert "waiting" in phone.inner_text("main")
    assert _fits_the_screen(phone)
