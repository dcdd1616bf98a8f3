"""A notification followed from the menu to the entry it is about, at 360 px and at 1280 px."""

import pytest
from browser.session import log_in
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.notifications.models import Notification
from lms.notifications.sending import notify
from lms.practice.models import PracticeEntry

pytestmark = pytest.mark.browser


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _returned_entry(live_server) -> int:
    """A fresh notification for the demo trainee about one of their submitted entries."""
    with live_server.app.app_context():
        trainee = db.session.scalar(select(User).where(User.username == "trainee"))
        entry = db.session.scalars(
            select(PracticeEntry)
            .where(PracticeEntry.trainee_id == trainee.id, PracticeEntry.status != "draft")
            .order_by(PracticeEntry.id)
        ).first()
        db.session.execute(
            Notification.__table__.update()
            .where(Notification.recipient_id == trainee.id)
            .values(read_at=entry.created_at)
        )
        notify(trainee.id, "entry_returned", "practice_entry", entry.id)
        db.session.commit()
        return entry.id


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_notification_leads_from_the_menu_to_the_entry(live_server, request, screen):
    page = request.getfixturevalue(screen)
    entry_id = _returned_entry(live_server)
    log_in(page, live_server, "trainee")
    if screen == "phone":
        page.click("summary")
    link = page.locator("header nav a.notifications-link")
    assert link.is_visible() and "1 new" in link.inner_text()
    link.click()
    page.wait_for_url(f"{live_server}/notifications")
    assert _fits_the_screen(page)
    item = page.locator("ul.notifications li.unread button").first
    assert "Your supervisor returned the practice entry of" in item.inner_text()
    item.click()
    page.wait_for_url(f"{live_server}/practice/entries/{entry_id}")
    assert page.locator("#conversation").is_visible()
    assert _fits_the_screen(page)
    if screen == "phone":
        page.click("summary")
    assert "new" not in page.locator("header nav a.notifications-link").inner_text()
