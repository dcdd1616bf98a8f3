"""The API's OpenAPI 3.1 description, generated from the code, at /api/v1/openapi.json.

flask-smorest builds it from the blueprints and schemas; this view serves it with two
adjustments it cannot express: error responses are ``application/problem+json`` (what the
error handlers send), and every operation lists the problem codes of ``lms.api.errors``.
"""

from __future__ import annotations

import copy
import functools

from flask import Blueprint, current_app, jsonify

from lms.api.spec import API_PREFIX, api
from lms.core.problems import MEDIA_TYPE

bp = Blueprint("api_description", __name__, url_prefix=API_PREFIX)


def _problem_content(response: dict) -> dict:
    content = response.get("content", {})
    if "application/json" in content:
        schema = content["application/json"].get("schema", {})
        if schema.get("$ref", "").endswith("/Problem"):
            response["content"] = {MEDIA_TYPE: content["application/json"]}
    return response


@functools.cache
def _description(_app_id: int) -> dict:
    """The description, built once per app (the code does not change while it runs)."""
    spec = copy.deepcopy(api.spec.to_dict())
    for response in spec.get("components", {}).get("responses", {}).values():
        _problem_content(response)
    return spec


def description() -> dict:
    return _description(id(current_app._get_current_object()))


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(description())
