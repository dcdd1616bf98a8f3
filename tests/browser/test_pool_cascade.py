"""The national view of the educators' cascade on a phone and on a desktop: the bars are drawn
by the server (no script), the table beside them scrolls in its own region, nothing overflows
the page."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from lms.accounts.cohorts import CohortFields, create_cohort, set_cohort_people
from lms.accounts.models import User
from lms.accounts.users import NewUser, create_user
from lms.certificates.models import Certificate
from lms.core.extensions import db
from lms.courses.programmes import programme_codes

pytestmark = pytest.mark.browser


def _member(user, day, n):
    db.session.add(
        Certificate(
            serial=f"BROWSER-CASCADE-{n}",
            verification_code=f"BROWSERCASCADE{n:03d}",
            user_id=user.id,
            programme="tot",
            holder_name=user.full_name,
            issued_at=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
            facts_json="{}",
            signature="-",
            key_id="-",
            status_index=900_000 + n,
        )
    )


@pytest.fixture(scope="module")
def cascade(live_server):
    """Two generations of trainers of its own (no demo record is changed)."""
    with live_server.app.app_context():
        if db.session.scalar(select(User).where(User.username == "cascade-first")):
            return
        first = create_user(
            NewUser("cascade-first", "Cascade First", "long enough pw", ("trainer",), "AH-AKB"),
            actor_id=None,
        )
        second = create_user(
            NewUser(
                "cascade-second",
                "Cascade Second",
                "long enough pw",
                ("trainer", "trainee"),
                "LB-CAR",
            ),
            actor_id=None,
        )
        _member(first, date(2022, 3, 1), 1)
        cohort = create_cohort(
            CohortFields("CASCADE-TOT", "Cascade ToT", "tot", date(2022, 9, 1), date(2023, 2, 1)),
            programmes=programme_codes(),
            actor_id=None,
        )
        set_cohort_people(cohort, trainer_ids=[first.id], trainee_ids=[second.id], actor_id=None)
        _member(second, date(2023, 2, 1) + timedelta(days=20), 2)
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_the_cascade_page_on_each_screen(live_server, cascade, request, screen):
    page = request.getfixturevalue(screen)
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "social-work")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/pool/cascade")
    assert page.locator("h1").inner_text() == "The cascade: how training spread"
    generations = page.locator("ul.spread").first.inner_text()
    assert "Generation 0" in generations and "Generation 1" in generations
    assert page.locator("ul.spread svg rect.bar").count() >= 2
    table = page.locator(".table-wrap[role=region] table")
    assert table.locator("tbody tr").count() >= 2
    assert "generation 1: 1" in table.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # the bars of a row stay inside the row on a narrow screen
    row = page.locator("ul.spread li").first.bounding_box()
    bar = page.locator("ul.spread li svg").first.bounding_box()
    assert bar["x"] + bar["width"] <= row["x"] + row["width"] + 1
    with page.expect_download() as download:
        page.click("text=Download as CSV")
    assert download.value.suggested_filename == "pool-cascade.csv"
