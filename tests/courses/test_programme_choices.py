"""Programme codes and titles come from the content (content/<programme>/programme.md) only.

Accounts stores a cohort's programme code without reading the catalogue; the cohort pages in
lms.courses fill the form's choices and give accounts the codes to check against.
"""

from datetime import date

import pytest
from content_tree import use_content, write_content
from support import login, post_form

from lms.accounts.cohorts import CohortError, CohortFields, create_cohort
from lms.courses.programmes import ProgrammeLabels, programme_choices, programme_codes


def test_codes_and_titles_are_the_contents(app):
    with app.test_request_context():
        assert programme_codes() == ("foundational", "advanced", "tot")
        assert dict(programme_choices())["advanced"] == "Advanced Course in Social Work Practice"
        labels = ProgrammeLabels()
        assert labels.get("foundational") == "Foundational Course in Social Work"
        assert labels.get("gone", "gone") == "gone"  # a cohort of a programme since removed


def test_another_content_tree_brings_its_own_programmes(app, client, factory, tmp_path):
    restore = use_content(app, write_content(tmp_path / "content"))
    try:
        factory.user("boss", "admin")
        login(client, "boss")
        page = client.get("/cohorts/new", headers={"Accept-Language": "ru"}).get_data(as_text=True)
        assert 'value="basics"' in page and "foundational" not in page
        refused = post_form(
            client,
            "/cohorts/new",
            {"code": "F-1", "name": "F", "programme": "foundational",
             "starts_on": "2026-09-01", "ends_on": "2026-12-01"},
        )  # fmt: skip
        assert refused.status_code == 200  # not a choice of this content
        created = post_form(
            client,
            "/cohorts/new",
            {"code": "B-1", "name": "B", "programme": "basics",
             "starts_on": "2026-09-01", "ends_on": "2026-12-01"},
        )  # fmt: skip
        assert created.status_code == 302
        cohort_page = client.get(created.location.replace("/people", "")).get_data(as_text=True)
        assert "Basics" in cohort_page
    finally:
        restore()


def test_accounts_checks_the_code_against_the_codes_it_is_given(app):
    fields = CohortFields("X-1", "X", "basics", date(2026, 9, 1), date(2026, 12, 1))
    with app.app_context(), pytest.raises(CohortError, match="Unknown programme"):
        create_cohort(fields, programmes=programme_codes(), actor_id=None)
