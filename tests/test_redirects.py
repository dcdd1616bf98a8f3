"""Redirects go to paths built by url_for, never to a URL built from the request.

``redirect(request.url)`` in the cohort certificates view sent the browser to whatever host the
request's Host header named: a forged header turned the platform into an open redirect.
"""

from __future__ import annotations

import re

import pytest
from support import csrf_token, login

from lms.core.config import PROJECT_ROOT

EVIL = "evil.example"


@pytest.fixture
def admin(client, factory):
    trainee = factory.user("ayna", "trainee")
    factory.user("boss", "admin", "trainer")
    cohort = factory.cohort("FND-R", trainees=[trainee])
    login(client, "boss")
    return cohort


def post_with_forged_host(client, path: str):
    token = csrf_token(client, path)
    for cookie in list(client._cookies.values()):  # the browser's session, sent to any host
        client.set_cookie(cookie.key, cookie.value, domain=EVIL)
    return client.post(path, data={"csrf_token": token}, headers={"Host": EVIL})


@pytest.mark.parametrize(
    "path",
    [
        "/certificates/cohorts/{cohort}",
        "/certificates/cohorts/{cohort}?programme=foundational",
        "/competencies/national?programme=foundational",
        "/competencies/national/AH?programme=foundational",
        "/practice/reports?start=2026-01-01",
    ],
)
def test_a_forged_host_header_never_reaches_the_location(client, admin, path):
    response = post_with_forged_host(client, path.format(cohort=admin.id))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
    assert EVIL not in location


def test_no_view_redirects_to_a_url_taken_from_the_request():
    taken = re.compile(r"redirect\(request\.|request\.(url|host|host_url|url_root|base_url)\b")
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for path in (PROJECT_ROOT / "lms").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if taken.search(line)
    ]
    assert found == []
