"""Issue #9's budget for the API's lists: a page of many items costs the same few SQL
statements as a page of one (no statement per item), at most ``QUERY_BUDGET``, on the demo's
records. The demo has several of everything each list shows, so a per-item load would show."""

from __future__ import annotations

from sqlalchemy import select
from support import QUERY_BUDGET, login, page_queries

from lms.accounts.demo import DEMO_PASSWORD
from lms.accounts.models import Cohort
from lms.core.extensions import db

# (who reads it, the list); a cohort's trainees use the demo's first cohort. The competency
# frameworks are left out: the demo has one, and they come from the content, not the database.
LISTS = [
    ("admin", "/api/v1/programmes"),
    ("admin", "/api/v1/cohorts"),
    ("admin", "/api/v1/cohorts/{cohort_id}/trainees"),
    ("trainee", "/api/v1/practice/entries"),
    ("admin", "/api/v1/quiz-attempts"),
    ("admin", "/api/v1/supervision-sessions"),
    ("admin", "/api/v1/field-evaluations"),
    ("admin", "/api/v1/universities"),
    ("admin", "/api/v1/certificates"),
    ("admin", "/api/v1/pool"),
]


def test_a_long_page_costs_the_statements_of_a_short_one(app):
    from lms.demo.assemble import build_demo

    with app.app_context():  # built once for every list: the demo takes seconds
        build_demo()
        db.session.commit()
        cohort_id = db.session.scalar(select(Cohort.id).order_by(Cohort.id))
    for reader, path in LISTS:
        client = app.test_client()
        login(client, reader, DEMO_PASSWORD)
        url = path.format(cohort_id=cohort_id)
        everything = client.get(f"{url}?limit=100").get_json()
        assert len(everything["items"]) >= 2, f"{url}: the demo must show more than one item"
        one = page_queries(app, client, f"{url}?limit=1")
        many = page_queries(app, client, f"{url}?limit=100")
        assert one.count == many.count <= QUERY_BUDGET, (url, many.statements)
