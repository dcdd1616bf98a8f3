"""Schemathesis against every operation of /api/v1/openapi.json, in the app (WSGI, no network),
as an admin's token and as a trainee's: never a 5xx, and every answer as described (status,
content type, body schema).

Operations are read from the description, so the ones added later are covered without a change
here. Runs on SQLite and, when LMS_TEST_POSTGRES_URL is set, on PostgreSQL (the ``app``
fixture's backends). Few examples per operation, derandomized: the same cases every run.
"""

from __future__ import annotations

import pytest
import schemathesis
from api.world import make_token
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lms import create_app

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
EXAMPLES = 10


def _labels() -> list[str]:
    """Every operation's label (``GET /api/v1/programmes``), from a throw-away app."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return sorted(result.ok().label for result in schema.get_all_operations())


@pytest.mark.parametrize("role", ["admin", "trainee"])
@pytest.mark.parametrize("label", _labels())
def test_every_operation_answers_as_described(app, factory, label, role):
    user = factory.user(f"fuzz-{role}", role)
    if role == "trainee":
        factory.cohort("FUZZ", trainees=[user])
    # identity: the WSGI client does not undo the compression a real client would
    headers = {"Authorization": f"Bearer {make_token(app, user)}", "Accept-Encoding": "identity"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema.find_operation_by_label(label)

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()
