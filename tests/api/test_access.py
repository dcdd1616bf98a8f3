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
    body: str | None = None  # the name of a body the world makes (``bodies``)

    def expected(self, role: str) -> int:
        if role == "anonymous":
            return self.statuses.get("anonymous", 401)
        return self.statuses.get(role, self.others)


FND = "/api/v1/programmes/foundational"
MODULE = FND + "/modules/what-is-social-work"
NOT_ENROLLED = {"other_trainee": 404}  # reads only the programmes of their cohorts
# The cohort pages: admins and the cohort's trainers; another trainer 404; other roles 403.
COHORT_STAFF = {
    "trainee": 403,
    "other_trainee": 403,
    "coordinator": 403,
    "other_coordinator": 403,
    "other_trainer": 404,
}
# A trainee's own record: the trainee, their trainers and admins; anyone else 404.
TRAINEE_RECORD = {"trainee": 200, "trainer": 200, "admin": 200}

# (method, path as in the description) -> Row
OPERATIONS = {
    ("get", "/api/v1/programmes"): Row("/api/v1/programmes"),
    ("get", "/api/v1/programmes/{programme_code}"): Row(FND, NOT_ENROLLED),
    ("get", "/api/v1/programmes/{programme_code}/modules/{module_slug}"): Row(MODULE, NOT_ENROLLED),
    ("get", "/api/v1/programmes/{programme_code}/modules/{module_slug}/lessons/{lesson_slug}"): Row(
        MODULE + "/lessons/defining-social-work", NOT_ENROLLED
    ),
    ("get", "/api/v1/cohorts"): Row(
        "/api/v1/cohorts", {k: v for k, v in COHORT_STAFF.items() if v == 403}
    ),
    ("get", "/api/v1/cohorts/{cohort_id}"): Row("/api/v1/cohorts/{cohort_id}", COHORT_STAFF),
    ("get", "/api/v1/cohorts/{cohort_id}/trainees"): Row(
        "/api/v1/cohorts/{cohort_id}/trainees", COHORT_STAFF
    ),
    ("get", "/api/v1/trainees/{trainee_id}/progress"): Row(
        "/api/v1/trainees/{trainee_id}/progress", TRAINEE_RECORD, others=404
    ),
    # practice: a trainee's own log; a submitted entry also for its supervisor and admins
    ("get", "/api/v1/practice/entries"): Row(
        "/api/v1/practice/entries", {"trainee": 200, "other_trainee": 200}, others=403
    ),
    ("get", "/api/v1/practice/entries/{entry_id}"): Row(
        "/api/v1/practice/entries/{entry_id}", TRAINEE_RECORD, others=404
    ),
    ("post", "/api/v1/practice/entries"): Row(
        "/api/v1/practice/entries",
        {"trainee": 201, "other_trainee": 422},  # not the other trainee's placement
        others=403,
        body="new_entry",
    ),
    ("get", "/api/v1/quiz-attempts"): Row("/api/v1/quiz-attempts"),
    ("get", "/api/v1/quiz-attempts/{attempt_id}"): Row(
        "/api/v1/quiz-attempts/{attempt_id}", TRAINEE_RECORD, others=404
    ),
    ("get", "/api/v1/supervision-sessions"): Row("/api/v1/supervision-sessions"),
    ("get", "/api/v1/supervision-sessions/{session_id}"): Row(
        "/api/v1/supervision-sessions/{session_id}", TRAINEE_RECORD, others=404
    ),
    ("get", "/api/v1/field-evaluations"): Row("/api/v1/field-evaluations"),
    ("get", "/api/v1/field-evaluations/{evaluation_id}"): Row(
        "/api/v1/field-evaluations/{evaluation_id}", TRAINEE_RECORD, others=404
    ),
    ("get", "/api/v1/competency-frameworks"): Row("/api/v1/competency-frameworks"),
    ("get", "/api/v1/competency-frameworks/{framework_code}"): Row(
        "/api/v1/competency-frameworks/TM-SW"
    ),
    ("get", "/api/v1/trainees/{trainee_id}/competency-profiles"): Row(
        "/api/v1/trainees/{trainee_id}/competency-profiles", TRAINEE_RECORD, others=404
    ),
}


def bodies(world: dict) -> dict[str, dict]:
    """Request bodies of the write rows, made from the world's records."""
    return {
        "new_entry": {
            "client_id": "matrix-entry-0001",
            "fields": world["practice"]["new_entry_fields"],
        },
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
        body = bodies(world)[row.body] if row.body else None
        response = client.open(url, method=method.upper(), headers=headers, json=body)
        if response.status_code != row.expected(role):
            wrong[role] = (response.status_code, row.expected(role))
        if response.status_code >= 400:
            assert response.mimetype == "application/problem+json", (role, url)
            assert response.get_json()["status"] == response.status_code
    assert not wrong, f"{method.upper()} {url}: role -> (got, expected): {wrong}"


@pytest.mark.parametrize(
    "operation", sorted(op for op in OPERATIONS if op[0] == "get"), ids=" ".join
)
def test_every_read_refuses_a_parameter_it_does_not_know(app, client, factory, operation):
    """Item reads as well as lists: an unknown parameter is a 422, never quietly dropped."""
    world = api_world(factory)
    row = OPERATIONS[operation]
    role = next(r for r in MATRIX_ROLES if row.expected(r) == 200)
    headers = bearer(world["tokens"][role]) if role != "anonymous" else {}
    url = row.url.format(**world["ids"])
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}colour=blue", headers=headers)
    assert response.status_code == 422, (role, url, response.status_code)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["code"] == "validation_failed" and "query.colour" in body["errors"]
