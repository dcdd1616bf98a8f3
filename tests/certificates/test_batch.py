"""Certificates for a whole cohort: eligibility checked for everyone at once gives exactly what
checking each person gives, issuing a batch numbers serials on, and both cost a fixed number of
queries whatever the number of trainees."""

from datetime import date

import pytest
from certificate_helpers import qualify, read_everything
from support import QueryCounter, login, page_queries

from lms.certificates.eligibility import check_eligibility, check_eligibility_for
from lms.certificates.issuing import (
    IssueOutcome,
    NotEligible,
    issue_certificate,
    issue_certificates,
)
from lms.certificates.models import CoFacilitation
from lms.core.extensions import db
from lms.courses.content import catalogue

PROGRAMMES = ("foundational", "advanced", "tot")


def _unmet(eligibility) -> set[str]:
    return {r.label for r in eligibility.requirements if not r.met}


@pytest.fixture
def mixed(app, factory):
    """Trainees at every stage: ready for the advanced certificate (and co-facilitating towards
    ToT), holding the foundational one only, having read the advanced lessons only, and new."""
    people = {name: factory.user(name, "trainee") for name in ("ready", "halfway", "reader", "new")}
    with app.app_context():
        qualify(people["ready"], "advanced")
        issue_certificate(people["ready"], catalogue().programme("advanced"), actor_id=None)
        for day, rating in ((1, 4), (2, 2)):  # one session rated well enough, one not
            db.session.add(
                CoFacilitation(
                    trainee_id=people["ready"].id,
                    observer_id=people["halfway"].id,  # any user will do as observer
                    held_on=date(2026, 10, day),
                    topic="Active listening",
                    rating=rating,
                )
            )
        qualify(people["halfway"], "foundational")
        issue_certificate(people["halfway"], catalogue().programme("foundational"), actor_id=None)
        read_everything(people["halfway"], "advanced")
        read_everything(people["reader"], "advanced")
        db.session.commit()
    return people


@pytest.mark.parametrize("code", PROGRAMMES)
def test_batch_eligibility_is_each_persons_own(app, mixed, code):
    with app.app_context():
        programme = catalogue().programme(code)
        batch = check_eligibility_for(list(mixed.values()), programme)
        assert set(batch) == {user.id for user in mixed.values()}
        for user in mixed.values():
            assert batch[user.id] == check_eligibility(user, programme), user.username


def test_a_mixed_cohort_misses_different_requirements(app, mixed):
    with app.app_context():
        advanced = check_eligibility_for(mixed.values(), catalogue().programme("advanced"))
        tot = check_eligibility_for(mixed.values(), catalogue().programme("tot"))
    unmet = {name: _unmet(advanced[user.id]) for name, user in mixed.items()}
    assert unmet["ready"] == set()
    assert "Lessons read" not in unmet["halfway"] and "Module quizzes passed" in unmet["halfway"]
    assert "Certificate of Foundational Course in Social Work" not in unmet["halfway"]
    assert "Certificate of Foundational Course in Social Work" in unmet["reader"]
    assert "Lessons read" not in unmet["reader"] and "Lessons read" in unmet["new"]
    sessions = next(
        r for r in tot[mixed["ready"].id].requirements if r.label.startswith("Co-facilitated")
    )
    assert sessions.have == "1" and not sessions.met


@pytest.mark.parametrize("code", PROGRAMMES)
def test_batch_eligibility_costs_the_same_queries_for_3_or_12_trainees(app, factory, code):
    people = [factory.user(f"trainee{n:02d}", "trainee") for n in range(12)]
    with app.app_context():
        for person in (people[0], people[7]):  # quizzes, practice, statuses and a certificate
            qualify(person, "foundational")
            issue_certificate(person, catalogue().programme("foundational"), actor_id=None)
        for person in people[1:12:3]:
            read_everything(person, code)
        db.session.commit()
        programme = catalogue().programme(code)
        with QueryCounter(app) as few:
            check_eligibility_for(people[:3], programme)
        with QueryCounter(app) as many:
            check_eligibility_for(people, programme)
    assert few.count == many.count, many.statements


def test_issuing_a_batch_issues_to_the_eligible_and_gives_the_others_reasons(app, factory):
    ready = [factory.user(name, "trainee") for name in ("aygul", "jeren", "maysa")]
    waiting = factory.user("nury", "trainee")
    with app.app_context():
        programme = catalogue().programme("foundational")
        for person in ready:
            qualify(person, "foundational")
        held = issue_certificate(ready[0], programme, actor_id=None).certificate
        outcomes = issue_certificates([*ready, waiting, ready[1]], programme, actor_id=None)
        db.session.commit()
    first, second, third, refused, again = outcomes
    assert first == IssueOutcome(held, created=False)
    assert second.created and third.created
    assert again == IssueOutcome(second.certificate, created=False)  # named twice: issued once
    lessons = f"Lessons read: 0 / {programme.lesson_count}"
    assert isinstance(refused, NotEligible) and lessons in str(refused)
    numbers = [int(o.certificate.serial[-6:]) for o in (first, second, third)]
    assert numbers == [numbers[0], numbers[0] + 1, numbers[0] + 2]
    assert [o.certificate.user_id for o in (second, third)] == [ready[1].id, ready[2].id]


# The admin, the cohort, its trainees, their certificates, nine for everyone's eligibility, and
# the menu's count of unread notifications.
COHORT_PAGE_BUDGET = 14


def test_cohort_certificates_page_costs_the_same_queries_for_a_larger_cohort(app, client, factory):
    factory.user("boss", "admin")
    everyone = [factory.user(f"trainee{n:02d}", "trainee") for n in range(12)]
    with app.app_context():
        for person in (everyone[0], everyone[7]):
            qualify(person, "foundational")
        issue_certificate(everyone[7], catalogue().programme("foundational"), actor_id=None)
        db.session.commit()
    small = factory.cohort("FND-S", trainees=everyone[:3])
    large = factory.cohort("FND-L", trainees=everyone)
    login(client, "boss")
    few = page_queries(app, client, f"/certificates/cohorts/{small.id}")
    many = page_queries(app, client, f"/certificates/cohorts/{large.id}")
    assert few.count == many.count <= COHORT_PAGE_BUDGET, many.statements
