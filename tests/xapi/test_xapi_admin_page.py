"""/admin/xapi: what waits, what arrived, what the LRS refused and why, in a fixed number of
queries; the LRS's answer shown as text, never as markup; the LRS's password never shown."""

from __future__ import annotations

import pytest
from support import QUERY_BUDGET, login, page_queries

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.xapi.models import XapiStatement
from lms.xapi.vocabulary import statement_id


def _rows(app, start: int, count: int, status: str, error: str | None = None) -> None:
    with app.app_context():
        for n in range(start, start + count):
            db.session.add(
                XapiStatement(
                    statement_id=statement_id("lesson.completed", n),
                    verb="completed" if status != "rejected" else "earned",
                    event_at=utcnow(),
                    statement_json="{}",
                    status=status,
                    last_error=error,
                    next_attempt_at=utcnow() if status == "waiting" and error else None,
                )
            )
        db.session.commit()


@pytest.fixture
def admin(client, factory):
    factory.user("root", "admin")
    login(client, "root")
    return client


def test_counts_last_error_and_refusals_are_shown_escaped(app, admin):
    _rows(app, 1, 3, "delivered")
    _rows(app, 10, 2, "waiting", "HTTP 503: <b>maintenance</b>")
    _rows(app, 20, 1, "rejected", 'HTTP 400: {"message": "<script>bad</script>"}')
    app.config["LRS_URL"] = "https://key:hunter2@lrs.example.org/xapi/"
    try:
        page = admin.get("/admin/xapi").get_data(as_text=True)
    finally:
        app.config["LRS_URL"] = ""
    assert "https://lrs.example.org/xapi" in page and "hunter2" not in page
    assert "delivered: 3" in page and "waiting: 2" in page and "rejected: 1" in page
    assert "&lt;b&gt;maintenance&lt;/b&gt;" in page and "<b>maintenance" not in page
    assert "&lt;script&gt;" in page and "<script>bad" not in page
    assert statement_id("lesson.completed", 20) in page
    assert "certificate issued" in page


def test_without_an_lrs_the_page_says_nothing_is_sent(admin):
    page = admin.get("/admin/xapi").get_data(as_text=True)
    assert "No Learning Record Store is set" in page
    assert "No statement has been rejected." in page


def test_the_page_costs_the_same_few_queries_however_many_statements(app, admin):
    _rows(app, 1, 1, "rejected", "HTTP 400")
    few = page_queries(app, admin, "/admin/xapi")
    _rows(app, 100, 60, "rejected", "HTTP 400")
    _rows(app, 200, 30, "waiting", "HTTP 500")
    many = page_queries(app, admin, "/admin/xapi")
    assert few.count == many.count <= QUERY_BUDGET, many.statements
