"""/api/v1/docs: the API reference as a plain server-side page, made from the description.

No scripts and nothing from elsewhere (the site's CSP allows neither, and a phone on a slow
link should not fetch a JavaScript bundle to read a reference): operations by tag, with their
parameters, bodies, answers, the scope each needs, and the problem codes.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _

from lms.api.errors import PROBLEMS
from lms.api.openapi import description
from lms.api.spec import API_PREFIX
from lms.core.caching import public_page

bp = Blueprint("api_docs", __name__, url_prefix=API_PREFIX, template_folder="templates")

METHODS = ("get", "post", "put", "patch", "delete")


def schema_name(schema: dict | None) -> str | None:
    """``#/components/schemas/Lesson`` -> ``Lesson`` (None for an inline schema)."""
    ref = (schema or {}).get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else None


def type_of(schema: dict) -> str:
    """A short, readable type: ``string``, ``integer | null``, ``array of Lesson``, ``Titles``."""
    if "$ref" in schema:
        return schema_name(schema)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        return " | ".join(kind)
    if kind == "array":
        return _("array of %(type)s", type=type_of(schema.get("items", {})))
    return kind


def _responses(operation: dict, spec: dict) -> list[dict]:
    shown = []
    for status, response in operation.get("responses", {}).items():
        if "$ref" in response:
            response = spec["components"]["responses"][schema_name(response)]
        content = response.get("content", {})
        media, body = next(iter(content.items()), (None, {}))
        shown.append(
            {
                "status": status,
                "description": response.get("description", ""),
                "media": media,
                "schema": schema_name(body.get("schema")),
            }
        )
    return shown


def _operations(spec: dict) -> dict[str, list[dict]]:
    """Operations by tag, in the description's order."""
    by_tag: dict[str, list[dict]] = {}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            entry = {
                "id": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [*shared, *operation.get("parameters", [])],
                "body": schema_name(body.get("schema")) if body else None,
                "responses": _responses(operation, spec),
                "scope": operation.get("x-scope"),
            }
            for tag in operation.get("tags", ["API"]):
                by_tag.setdefault(tag, []).append(entry)
    return by_tag


@bp.get("/docs")
@public_page
def docs():
    spec = description()
    return render_template(
        "api/docs.html",
        spec=spec,
        operations=_operations(spec),
        schemas=spec.get("components", {}).get("schemas", {}),
        problems=sorted(PROBLEMS.items(), key=lambda item: (item[1][0], item[0])),
        type_of=type_of,
    )
