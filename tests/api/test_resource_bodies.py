"""Answers with real records are what the description says: each quiz, supervision and
competency read, as every role that may make it, validated against /api/v1/openapi.json.

(Schemathesis calls every operation too, but with made-up ids: it sees mostly 404s.)"""

from __future__ import annotations

import jsonschema
import pytest
from api.world import api_world, bearer
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from lms.api.openapi import description

READS = {
    "/api/v1/quiz-attempts": "/api/v1/quiz-attempts",
    "/api/v1/quiz-attempts/{attempt_id}": "/api/v1/quiz-attempts/{attempt_id}",
    "/api/v1/supervision-sessions": "/api/v1/supervision-sessions",
    "/api/v1/supervision-sessions/{session_id}": "/api/v1/supervision-sessions/{session_id}",
    "/api/v1/field-evaluations": "/api/v1/field-evaluations",
    "/api/v1/field-evaluations/{evaluation_id}": "/api/v1/field-evaluations/{evaluation_id}",
    "/api/v1/competency-frameworks": "/api/v1/competency-frameworks",
    "/api/v1/competency-frameworks/{framework_code}": "/api/v1/competency-frameworks/TM-SW",
    "/api/v1/trainees/{trainee_id}/competency-profiles": (
        "/api/v1/trainees/{trainee_id}/competency-profiles"
    ),
}


def _validator(spec: dict, path: str) -> jsonschema.Draft202012Validator:
    root = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:api", root)
    schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    return jsonschema.Draft202012Validator(
        {"$ref": "urn:api#" + schema["schema"]["$ref"].removeprefix("#")}
        if "$ref" in schema["schema"]
        else schema["schema"],
        registry=registry,
    )


@pytest.mark.parametrize("role", ["trainee", "trainer", "admin"])
def test_every_read_answers_as_described(app, client, factory, role):
    world = api_world(factory)
    with app.app_context():
        spec = description()
    for path, url in READS.items():
        response = client.get(url.format(**world["ids"]), headers=bearer(world["tokens"][role]))
        assert response.status_code == 200, (role, url, response.get_data(as_text=True))
        body = response.get_json()
        if "items" in body:
            assert body["items"], (role, url)  # the world has records of each kind
        errors = sorted(_validator(spec, path).iter_errors(body), key=str)
        assert not errors, (role, url, [e.message for e in errors[:3]])
