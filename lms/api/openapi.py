"""The API's OpenAPI 3.1 description, generated from the code, at /api/v1/openapi.json.

flask-smorest builds it from the blueprints and schemas; this view serves it with two
adjustments it cannot express: error responses are ``application/problem+json`` (what the
error handlers send), and every operation lists the problem codes of ``lms.api.errors``.
"""

from __future__ import annotations

import copy
import functools
import re

from flask import Blueprint, current_app, jsonify

from lms.api.spec import API_PREFIX, api
from lms.core.problems import MEDIA_TYPE

RULE_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")

bp = Blueprint("api_description", __name__, url_prefix=API_PREFIX)


def _problem_content(response: dict) -> dict:
    content = response.get("content", {})
    if "application/json" in content:
        schema = content["application/json"].get("schema", {})
        if schema.get("$ref", "").endswith("/Problem"):
            response["content"] = {MEDIA_TYPE: content["application/json"]}
    return response


def spec_path(rule: str) -> str:
    """A Flask rule as an OpenAPI path: ``/x/<int:id>`` -> ``/x/{id}``."""
    return RULE_VARIABLE.sub(r"{\1}", rule)


def _scopes_by_operation(app) -> dict[tuple[str, str], str]:
    """(path, method) -> the scope its view needs (``lms.api.auth.api_access``)."""
    found = {}
    for rule in app.url_map.iter_rules():
        scope = getattr(app.view_functions[rule.endpoint], "api_scope", None)
        if scope is None:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found[(spec_path(rule.rule), method.lower())] = scope
    return found


def _add_scopes(spec: dict, app) -> None:
    scopes = _scopes_by_operation(app)
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            scope = scopes.get((path, method))
            if scope is not None:
                operation["x-scope"] = scope
                operation["security"] = [{"bearer": [scope]}, {"session": []}]


@functools.cache
def _description(app) -> dict:
    """The description, built once per app (the code does not change while it runs)."""
    spec = copy.deepcopy(api.spec.to_dict())
    for response in spec.get("components", {}).get("responses", {}).values():
        _problem_content(response)
    _add_scopes(spec, app)
    return spec


def description() -> dict:
    return _description(current_app._get_current_object())


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(description())
