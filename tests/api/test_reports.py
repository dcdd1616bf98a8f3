"""The kept national reports: for admins only, read from the kept copy as the pages read it
(computed only when the page would compute it), with its time and an ETag of its version."""

from __future__ import annotations

import pytest
from api.test_errors import assert_problem
from api.world import api_world, bearer
from support import login

from lms.api.resources import reports
from lms.core.extensions import db
from lms.reports.cache import CachedReport

PRACTICE = "/api/v1/reports/practice"
COMPETENCIES = "/api/v1/reports/competencies"


@pytest.fixture
def world(factory):
    return api_world(factory)


def call(client, world, role: str, url: str, **headers):
    return client.get(url, headers=bearer(world["tokens"][role]) | headers)


@pytest.fixture
def computations(monkeypatch):
    """Counts the computations of each report behind the API."""
    counted = {"practice": 0, "competencies": 0}

    def counting(name, function):
        def wrapped(*args):
            counted[name] += 1
            return function(*args)

        return wrapped

    monkeypatch.setattr(reports, "national_figures", counting("practice", reports.national_figures))
    monkeypatch.setattr(reports, "status_counts", counting("competencies", reports.status_counts))
    return counted


@pytest.mark.parametrize("url", [PRACTICE, COMPETENCIES])
@pytest.mark.parametrize("role", ["trainee", "trainer", "coordinator"])
def test_only_admins_read_the_national_reports(client, world, url, role):
    # Their tokens cannot carry the scope; their session is refused by the role check.
    assert_problem(call(client, world, role, url), 403, "scope_missing")
    login(client, role)
    assert_problem(client.get(url), 403, "forbidden")


@pytest.mark.parametrize("url, kind", [(PRACTICE, "practice"), (COMPETENCIES, "competencies")])
def test_a_kept_copy_is_served_as_kept(app, client, world, computations, url, kind):
    first = call(client, world, "admin", url)
    assert first.status_code == 200 and computations[kind] == 1
    again = call(client, world, "admin", url)
    assert computations[kind] == 1  # the kept copy, not computed again
    assert again.get_json()["computed_at"] == first.get_json()["computed_at"]
    assert again.get_json()["max_age"] == app.config["REPORT_MAX_AGE"]
    unchanged = call(client, world, "admin", url, **{"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and computations[kind] == 1


def test_a_new_kept_copy_has_a_new_etag(app, client, world):
    first = call(client, world, "admin", PRACTICE)
    with app.app_context():
        for kept in db.session.query(CachedReport).filter(CachedReport.key.like("practice%")):
            kept.computed_at = kept.computed_at.replace(year=2020)  # expired: the page recomputes
        db.session.commit()
    renewed = call(client, world, "admin", PRACTICE, **{"If-None-Match": first.headers["ETag"]})
    assert renewed.status_code == 200 and renewed.headers["ETag"] != first.headers["ETag"]


def test_the_competency_view_counts_the_programmes_trainees(client, world):
    body = call(client, world, "admin", COMPETENCIES + "?programme=foundational").get_json()
    assert body["programme"] == "foundational" and body["velayat"] is None
    assert body["total"]["trainees"] >= 1 and body["competencies"]
    code = body["competencies"][0]["code"]
    assert set(body["total"]["counts"][code]) == {"proficient", "developing", "not_yet"}
    by_velayat = call(client, world, "admin", COMPETENCIES + "?region=AH").get_json()
    assert by_velayat["velayat"] == "AH" and by_velayat["unplaced"] is None
    assert all(row["region"].startswith("AH") for row in by_velayat["rows"])


def test_the_practice_report_takes_its_filters(client, world):
    query = f"?cohort={world['ids']['cohort_id']}&day_from=2026-09-01&day_to=2026-12-31"
    body = call(client, world, "admin", PRACTICE + query).get_json()
    assert body["cohort"] == world["ids"]["cohort_id"]
    assert (body["day_from"], body["day_to"]) == ("2026-09-01", "2026-12-31")
    assert body["regions"] == [] and body["months"] == []


@pytest.mark.parametrize(
    "url, field",
    [
        (PRACTICE + "?cohort=999999", "query.cohort"),
        (PRACTICE + "?cohort=0", "query.cohort"),
        (PRACTICE + "?day_from=2026-12-01&day_to=2026-01-01", "query.day_from"),
        (PRACTICE + "?region=AH", "query.region"),
        (COMPETENCIES + "?programme=nothing", "query.programme"),
        (COMPETENCIES + "?region=AH-GOK", "query.region"),
        (COMPETENCIES + "?limit=5", "query.limit"),
    ],
)
def test_bad_parameters_are_problems(client, world, url, field):
    response = call(client, world, "admin", url)
    assert field in assert_problem(response, 422, "validation_failed")["errors"]
