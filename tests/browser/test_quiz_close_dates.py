"""A trainer sets a quiz's close date for their cohort from the cohort's page, on a phone and on
a desktop; it shows on their deadlines page. The date is cleared again at the end (the demo's
trainees take quizzes in other browser tests)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Cohort, User
from lms.core.database import local_today
from lms.core.extensions import db

pytestmark = pytest.mark.browser


def _trainers_cohort(app) -> int:
    with app.app_context():
        trainer = db.session.scalar(select(User).where(User.username == "trainer"))
        cohort = next(c for c in db.session.scalars(select(Cohort)) if trainer in c.trainers)
        cohort_id = cohort.id
        db.session.remove()
        return cohort_id


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_trainer_sets_a_close_date_and_sees_it_among_the_deadlines(live_server, request, screen):
    page = request.getfixturevalue(screen)
    cohort_id = _trainers_cohort(live_server.app)
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "trainer")
    page.fill("input[name=password]", "social-work")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/cohorts/{cohort_id}")
    page.click("text=Quiz close dates")
    page.wait_for_url(f"{live_server}/quiz/cohorts/{cohort_id}/close-dates")
    assert _fits(page)
    first = page.locator("form.close-dates input[type=date]").first
    label = page.locator("form.close-dates label").first.inner_text()
    day = local_today() + timedelta(days=40)
    first.fill(day.isoformat())
    page.click("form.close-dates input[type=submit]")
    page.locator(".flash", has_text="1 close date changed.").wait_for(timeout=10_000)
    assert first.input_value() == day.isoformat()
    assert _fits(page)
    page.goto(f"{live_server}/deadlines")
    assert f"Quiz closes: {label}" in page.inner_text("main")
    assert _fits(page)
    page.goto(f"{live_server}/quiz/cohorts/{cohort_id}/close-dates")
    page.locator("form.close-dates input[type=date]").first.fill("")
    page.click("form.close-dates input[type=submit]")
    page.locator(".flash", has_text="1 close date changed.").wait_for(timeout=10_000)
    assert page.locator("form.close-dates input[type=date]").first.input_value() == ""
