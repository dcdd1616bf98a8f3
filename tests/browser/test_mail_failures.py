"""The admins' e-mail outbox page on a phone and on a desktop: a failed e-mail is listed with its
error (as text), the page does not scroll sideways, and "Send again" queues it."""

import pytest
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.notifications.models import OutboxEmail

pytestmark = pytest.mark.browser


def _failed_email(app, key: str) -> int:
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        email = OutboxEmail(
            event_key=f"browser:{key}",
            recipient_id=admin.id,
            to_address="someone.with.a.rather.long.address@example.tm",
            language="tk",
            subject="Supervisoryňyz amaly iş ýazgysyny gaýtardy",
            body="text",
            status="failed",
            attempts=5,
            last_error="SMTPRecipientsRefused: {'someone@example.tm': (550, b'<b>no</b> mailbox')}",
        )
        db.session.add(email)
        db.session.commit()
        email_id = email.id
        db.session.remove()
        return email_id


def _status(app, email_id: int) -> str:
    with app.app_context():
        status = db.session.get(OutboxEmail, email_id).status
        db.session.remove()
        return status


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_failed_email_is_shown_and_sent_again(live_server, request, screen):
    page = request.getfixturevalue(screen)
    email_id = _failed_email(live_server.app, screen)
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "social-work")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/admin/outbox")
    row = page.locator("tr", has_text=f"{email_id}. Supervisoryňyz")
    assert "<b>no</b> mailbox" in row.inner_text()  # shown as text, not markup
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    row.get_by_role("button", name="Send again").click()
    page.wait_for_url(f"{live_server}/admin/outbox")
    assert page.get_by_text(f"E-mail {email_id} queued again").is_visible()
    assert _status(live_server.app, email_id) == "queued"
