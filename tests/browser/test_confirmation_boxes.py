"""Staff forms whose text passes the privacy guard, in Chromium at 360 px and at 1280 px: a
supervisor returning an entry with a comment, an admin revoking and re-issuing a certificate.

Text that looks identifying is refused: the page comes back with the text as it was typed, and
the warning and its confirmation box right by the field (not a screen away). Ticking the box
and sending again stores the text once.

Each journey acts on objects of its own, made in the live server's database here (an entry
submitted by the demo trainee, certificates of a person qualified for them), so the demo data
that the other browser tests read is left as it was.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from browser.session import log_in
from sqlalchemy import func, select

from lms.core.database import local_today
from lms.core.extensions import db

pytestmark = pytest.mark.browser

WIDTHS = ["phone", "desktop"]
# A name and a phone number: what the guard is there to stop.
IDENTIFYING = "Please ring Aýna Meredowa on +993 65 123456 before you correct it."
# The confirmation box is within this many pixels below its field (one phone screen is 740).
NEARBY = 600
_hours = itertools.count(5)


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _submitted_entry(app) -> int:
    """An entry the demo trainee submits now, at an hour no demo entry uses."""
    from lms.accounts.models import User
    from lms.practice.demo import FND_PLACEMENT
    from lms.practice.entries import EntryFields, create_entry
    from lms.practice.models import Placement
    from lms.practice.signoff import submit_entries

    with app.app_context():
        trainee = db.session.scalar(select(User).where(User.username == "trainee"))
        placement = db.session.scalar(
            select(Placement).where(
                Placement.trainee_id == trainee.id, Placement.starts_on == FND_PLACEMENT[0]
            )
        )
        start = next(_hours) * 60 - 4 * 60  # 01:00, 02:00, ...: before any demo entry
        entry = create_entry(
            trainee,
            EntryFields(
                placement_id=placement.id,
                day=min(FND_PLACEMENT[1], local_today()) - timedelta(days=1),
                minutes=30,
                category="home-visit",
                start_minute=start,
                end_minute=start + 30,
                client_code="F-900",
                target_group="family",
                competencies=(),
                reflection="Visited the family; agreed the next steps.",
            ),
        )
        submit_entries(trainee, [entry], confirmed=True)
        db.session.commit()
        return entry.id


def _valid_certificate(app) -> int:
    """A foundational certificate of a person qualified for it just now."""
    from certificate_helpers import qualify

    from lms.accounts.users import NewUser, create_user
    from lms.certificates.issuing import issue_certificate
    from lms.courses.content import catalogue

    with app.app_context():
        n = next(_hours)
        holder = create_user(
            NewUser(f"holder{n}", f"Holder {n}", "long enough pw", ("trainee",)), actor_id=None
        )
        qualify(holder, "foundational")
        outcome = issue_certificate(holder, catalogue().programme("foundational"), actor_id=None)
        db.session.commit()
        return outcome.certificate.id


def _near(page, field: str, box: str) -> bool:
    """The box is below the field, within NEARBY pixels of it."""
    top = page.locator(field).bounding_box()
    below = page.locator(box).bounding_box()
    gap = below["y"] - (top["y"] + top["height"])
    return 0 <= gap <= NEARBY


def _refused_then_confirmed(page, field: str, send: str) -> None:
    """Type the identifying text, send, see it refused as typed with the box by the field, tick
    the box and send again."""
    page.fill(field, IDENTIFYING)
    page.click(send)
    page.wait_for_selector(".privacy-warning")
    assert page.input_value(field) == IDENTIFYING  # shown again as typed
    warning = page.inner_text(".privacy-warning")
    assert "+993 65 123456" in warning
    box = "input[name=confirm_privacy]"
    assert page.locator(box).is_visible() and not page.locator(box).is_checked()
    assert _near(page, field, box), "the confirmation box is far from the field"
    assert _fits_the_screen(page)
    page.check(box)
    page.click(send)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_supervisors_return_comment_is_confirmed_next_to_it(live_server, request, width):
    from lms.notifications.models import Notification
    from lms.practice.models import PracticeEntry

    page = request.getfixturevalue(width)
    entry_id = _submitted_entry(live_server.app)
    log_in(page, live_server, "trainer")
    page.goto(f"{live_server}/practice/entries/{entry_id}")
    _refused_then_confirmed(
        page, "section.decide textarea[name=comment]", "section.decide [name=send_back]"
    )
    page.locator(".flash").filter(has_text="returned to the trainee").wait_for(timeout=10_000)
    with live_server.app.app_context():
        entry = db.session.get(PracticeEntry, entry_id)
        assert (entry.status, entry.return_comment) == ("returned", IDENTIFYING)
        told = db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.subject_id == entry_id, Notification.kind == "entry_returned")
        )
        assert told == 1  # returned once


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("action", ["revoke", "reissue"])
def test_a_certificates_reason_is_confirmed_next_to_it(live_server, request, width, action):
    from lms.certificates.models import Certificate
    from lms.core.audit import AuditEvent

    page = request.getfixturevalue(width)
    certificate_id = _valid_certificate(live_server.app)
    log_in(page, live_server, "admin")
    page.goto(f"{live_server}/certificates/{certificate_id}/{action}")
    _refused_then_confirmed(page, "textarea[name=reason]", "form [name=submit]")
    page.wait_for_url(f"{live_server}/certificates/")
    with live_server.app.app_context():
        certificate = db.session.get(Certificate, certificate_id)
        audited = db.session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(
                AuditEvent.target_type == "certificate",
                AuditEvent.target_id == str(certificate_id),
                AuditEvent.action == f"certificate.{action}d",
            )
        )
        assert audited == 1
        if action == "revoke":
            assert (certificate.status, certificate.revoked_reason) == ("revoked", IDENTIFYING)
        else:
            assert certificate.status == "superseded" and certificate.superseded_by_id
