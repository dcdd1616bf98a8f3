"""Every API operation, called by every role of the matrix: who gets what.

A new operation must be added to OPERATIONS; test_every_operation_is_in_the_matrix fails
otherwise. Each row says the URL (filled from the world's ids), the body of a write, and the
status each role gets; roles not named get the row's ``others`` status. Callers use a token with
every scope (scopes have tests of their own), and anonymous calls send none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from api.world import MATRIX_ROLES, api_world, bearer

from lms.api.openapi import description


@dataclass(frozen=True)
class Row:
    url: str
    statuses: dict[str, int] = field(default_factory=dict)
    others: int = 200
    body: dict | None = None

    def expected(self, role: str) -> int:
        if role == "anonymous":
            return self.statuses.get("anonymous", 401)
        return self.statuses.get(role, self.others)


FND = "/api/v1/programmes/foundational"
MODULE = FND + "/modules/what-is-social-work"
NOT_ENROLLED = {"other_trainee": 404}  # reads only the programmes of their cohorts

# (method, path as in the description) -> Row
OPERATIONS = {
    ("get", "/api/v1/programmes"): Row("/api/v1/programmes"),
    ("get", "/api/v1/programmes/{programme_code}"): Row(FND, NOT_ENROLLED),
    ("get", "/api/v1/programmes/{programme_code}/modules/{module_slug}"): Row(MODULE, NOT_ENROLLED),
    ("get", "/api/v1/programmes/{programme_code}/modules/{module_slug}/lessons/{lesson_slug}"): Row(
        MODULE + "/lessons/defining-social-work", NOT_ENROLLED
    ),
}


UNI = "/api/v1/universities/{university_id}"
DEGREE = UNI + "/programmes/{degree_programme_id}"
# The university pages: admins and coordinators (their own university only); others 403.
UNIVERSITY_PAGES = {
    "trainee": 403,
    "other_trainee": 403,
    "trainer": 403,
    "other_trainer": 403,
    "other_coordinator": 404,
}
# The certificate's PDF page: its holder, the holder's trainers and admins.
HOLDER_PAGES = {"trainee": 200, "trainer": 200, "admin": 200}
ADMIN_ONLY = {"admin": 200}
OPERATIONS |= {
    ("get", "/api/v1/universities"): Row(
        "/api/v1/universities", UNIVERSITY_PAGES | {"other_coordinator": 200}
    ),
    ("get", "/api/v1/universities/{university_id}"): Row(UNI, UNIVERSITY_PAGES),
    ("get", "/api/v1/universities/{university_id}/programmes/{programme_id}"): Row(
        DEGREE, UNIVERSITY_PAGES
    ),
    ("get", "/api/v1/universities/{university_id}/programmes/{programme_id}/coverage"): Row(
        DEGREE + "/coverage", UNIVERSITY_PAGES
    ),
    ("get", "/api/v1/universities/{university_id}/programmes/{programme_id}/gaps"): Row(
        DEGREE + "/gaps", UNIVERSITY_PAGES
    ),
    ("get", "/api/v1/certificates"): Row("/api/v1/certificates"),
    ("get", "/api/v1/certificates/{certificate_id}"): Row(
        "/api/v1/certificates/{certificate_id}", HOLDER_PAGES, others=404
    ),
    ("get", "/api/v1/verify/{code}"): Row("/api/v1/verify/{certificate_code}", {"anonymous": 200}),
    ("get", "/api/v1/pool"): Row("/api/v1/pool"),
    ("get", "/api/v1/pool/{user_id}"): Row("/api/v1/pool/{pool_member_id}"),
    ("get", "/api/v1/pool/cascade"): Row("/api/v1/pool/cascade", ADMIN_ONLY, others=403),
    ("get", "/api/v1/reports/practice"): Row("/api/v1/reports/practice", ADMIN_ONLY, others=403),
    ("get", "/api/v1/reports/competencies"): Row(
        "/api/v1/reports/competencies", ADMIN_ONLY, others=403
    ),
}


def described_operations(app) -> set[tuple[str, str]]:
    with app.app_context():
        paths = description()["paths"]
    return {
        (method, path) for path, item in paths.items() for method in item if method != "parameters"
    }


def test_every_operation_is_in_the_matrix(app):
    missing = described_operations(app) - set(OPERATIONS)
    assert not missing, f"add these operations to tests/api/test_access.py: {sorted(missing)}"
    gone = set(OPERATIONS) - described_operations(app)
    assert not gone, f"these rows name no operation: {sorted(gone)}"


@pytest.mark.parametrize("operation", sorted(OPERATIONS), ids=" ".join)
def test_each_role_gets_what_the_pages_give(app, client, factory, operation):
    world = api_world(factory)
    method, _path = operation
    row = OPERATIONS[operation]
    url = row.url.format(**world["ids"])
    wrong = {}
    for role in MATRIX_ROLES:
        headers = bearer(world["tokens"][role]) if role != "anonymous" else {}
        response = client.open(url, method=method.upper(), headers=headers, json=row.body)
        if response.status_code != row.expected(role):
            wrong[role] = (response.status_code, row.expected(role))
        if response.status_code >= 400:
            assert response.mimetype == "application/problem+json", (role, url)
            assert response.get_json()["status"] == response.status_code
    assert not wrong, f"{method.upper()} {url}: role -> (got, expected): {wrong}"
