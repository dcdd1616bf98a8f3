"""Issue #9: each key page issues a fixed number of SQL statements, at most ``QUERY_BUDGET``,
the same on a small and on a larger data set.

Pages whose own tests already build the records they show have their budget test there:
the cohort page (accounts/test_cohorts.py), the competency heatmap (competencies/test_evidence.py),
the quiz page (quizzes/test_query_counts.py), the approval queue and the national hours report
(practice/test_reports.py), a cohort's certificate eligibility (certificates/test_batch.py), and
the API's lists (api/test_list_budgets.py).
This module holds the others.
"""

import pytest
from certificate_helpers import qualify
from support import QUERY_BUDGET, login, page_queries

from lms.certificates.issuing import issue_certificate
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.demo.completion import read_programme

READING_PAGES = [
    "/",
    "/learn/",
    "/learn/foundational/what-is-social-work/",
    "/learn/foundational/what-is-social-work/defining-social-work",
]


def _read_everything(app, *people) -> None:
    with app.app_context():
        for person in people:
            read_programme(person, catalogue().programme("foundational"))
        db.session.commit()


@pytest.mark.parametrize("path", READING_PAGES)
def test_home_and_reading_pages_cost_the_same_few_queries_however_much_was_read(
    app, client, factory, path
):
    trainer = factory.user("trainer1", "trainer")
    reader = factory.user("aygul", "trainee")
    factory.cohort("FND-1", trainers=[trainer], trainees=[reader])
    login(client, "aygul")
    few = page_queries(app, client, path)
    others = [factory.user(f"t{n}", "trainee") for n in range(12)]
    factory.cohort("FND-2", trainers=[trainer], trainees=[reader, *others])
    factory.cohort("ADV-1", programme="advanced", trainers=[trainer], trainees=others)
    _read_everything(app, reader, *others[:6])
    many = page_queries(app, client, path)
    assert few.count == many.count <= QUERY_BUDGET, many.statements


def test_cohort_progress_costs_the_same_queries_for_a_larger_cohort(app, client, factory):
    trainer = factory.user("trainer1", "trainer")
    small = factory.cohort(
        "FND-S", trainers=[trainer], trainees=[factory.user(f"a{n}", "trainee") for n in range(2)]
    )
    everyone = [factory.user(f"b{n}", "trainee") for n in range(14)]
    large = factory.cohort("FND-L", trainers=[trainer], trainees=everyone)
    _read_everything(app, *everyone[:8])
    login(client, "trainer1")
    few = page_queries(app, client, f"/cohorts/{small.id}/progress")
    many = page_queries(app, client, f"/cohorts/{large.id}/progress")
    assert few.count == many.count <= QUERY_BUDGET, many.statements


def test_trainee_page_costs_the_same_queries_wherever_they_live_and_however_many_cohorts(
    app, client, factory
):
    trainer = factory.user("trainer1", "trainer")
    velayat_person = factory.user("aygul", "trainee", region="AH")
    etrap_person = factory.user("merjen", "trainee", region="LB-CAR")
    factory.cohort("FND-1", trainers=[trainer], trainees=[velayat_person, etrap_person])
    factory.cohort("ADV-1", programme="advanced", trainers=[trainer], trainees=[etrap_person])
    factory.cohort("TOT-1", programme="tot", trainers=[trainer], trainees=[etrap_person])
    login(client, "trainer1")
    few = page_queries(app, client, f"/trainees/{velayat_person.id}")
    many = page_queries(app, client, f"/trainees/{etrap_person.id}")
    assert few.count == many.count <= QUERY_BUDGET, many.statements


def test_users_list_costs_the_same_queries_for_a_few_or_many_users(app, client, factory):
    factory.user("gozel", "admin")
    login(client, "gozel")
    few = page_queries(app, client, "/admin/users")
    roles = ("trainee", "trainer", "coordinator", "admin")
    for n in range(60):  # more than a page, with every role and some with two
        factory.user(f"user{n:02d}", roles[n % 4], *(("trainer",) if n % 5 == 0 else ()))
    many = page_queries(app, client, "/admin/users")
    assert few.count == many.count <= QUERY_BUDGET, many.statements


def _certificate(app, factory, username: str):
    person = factory.user(username, "trainee")
    with app.app_context():
        qualify(person, "foundational")
        outcome = issue_certificate(person, catalogue().programme("foundational"), actor_id=None)
        db.session.commit()
        return outcome.certificate


def test_certificate_verification_costs_the_same_queries_with_more_certificates(
    app, client, factory
):
    first = _certificate(app, factory, "aygul")
    path = f"/verify/{first.verification_code}"
    few = page_queries(app, client, path)
    for username in ("merjen", "dowlet"):
        _certificate(app, factory, username)
    many = page_queries(app, client, path)
    assert few.count == many.count <= QUERY_BUDGET, many.statements
