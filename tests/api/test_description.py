"""The OpenAPI description is valid OpenAPI 3.1, generated from the code, and says what the
API answers: problems as application/problem+json, tokens as the security scheme."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError


def test_the_description_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    validate(spec)  # raises on an invalid document


def test_the_validator_refuses_a_broken_description(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    spec["paths"]["/api/v1/programmes"]["get"]["responses"] = "none"
    with pytest.raises(OpenAPIValidationError):
        validate(spec)


def test_errors_are_described_as_problem_details(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    default = spec["components"]["responses"]["DEFAULT_ERROR"]
    assert list(default["content"]) == ["application/problem+json"]
    problem = spec["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "code"} <= set(problem["required"])
    for path in spec["paths"].values():
        for method, operation in path.items():
            if method == "parameters":
                continue
            assert "default" in operation["responses"]


def test_tokens_and_the_session_are_the_security_schemes(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert {"bearer": []} in spec["security"]
