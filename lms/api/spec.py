"""The API's flask-smorest class, its blueprint class and the strict argument parser.

Each app gets its own ``LmsApi`` (``lms.api.views.register``; flask-smorest's object keeps the
app it was bound to, so it is not shared between apps), found again with ``api_of(app)``. Every
resource module defines an ``ApiBlueprint``: its arguments are parsed with ``StrictParser``,
which refuses unknown query parameters as well as unknown body members (422
``validation_failed``), where webargs would quietly drop them; and an operation that declares no
query schema refuses every query parameter, so a misspelt filter is never quietly ignored.
"""

from __future__ import annotations

import marshmallow as ma
from flask import current_app, request
from flask_babel import gettext as _
from flask_smorest import Api, Blueprint
from webargs.flaskparser import FlaskParser

from lms.api.errors import ApiError

API_PREFIX = "/api/v1"


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details, with this API's stable ``code`` (lms.api.errors)."""

    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    code = ma.fields.String(required=True)
    errors = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()), required=False
    )
    scope = ma.fields.String(required=False)


class StrictParser(FlaskParser):
    """Unknown query parameters, headers aside, are an error like unknown body members."""

    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "query": ma.RAISE,
        "querystring": ma.RAISE,
        "json": ma.RAISE,
    }


QUERY_LOCATIONS = ("query", "querystring")
TAKES_QUERY = "lms_takes_query"  # set on a view that declares a query schema


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before_request(_refuse_undeclared_query)

    def arguments(self, schema, *, location="json", **kwargs):
        decorator = super().arguments(schema, location=location, **kwargs)
        if location not in QUERY_LOCATIONS:
            return decorator

        def declaring(func):
            view = decorator(func)
            setattr(view, TAKES_QUERY, True)  # copied outwards by functools.wraps
            return view

        return declaring


def _refuse_undeclared_query() -> None:
    """Before an operation without a query schema: any query parameter is refused (422)."""
    if not request.args:
        return
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and getattr(view, TAKES_QUERY, False):
        return
    unknown = {f"query.{name}": [_("Unknown field.")] for name in request.args}
    raise ApiError(422, "validation_failed", errors=unknown)


class LmsApi(Api):
    ERROR_SCHEMA = ProblemSchema


EXTENSION = "lms.api"  # app.extensions[EXTENSION]: the app's LmsApi (one per app: it keeps it)


def api_of(app) -> LmsApi:
    return app.extensions[EXTENSION]


def default_config(app) -> None:
    """flask-smorest's settings; the description is served by ``lms.api.openapi`` itself (its
    own doc pages load scripts from a CDN, which the site's CSP forbids)."""
    app.config.setdefault("API_TITLE", "LMS API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault(
        "API_SPEC_OPTIONS",
        {
            "servers": [{"url": "/"}],
            "security": [{"bearer": []}, {"session": []}],
            "components": {
                "securitySchemes": {
                    "bearer": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A personal access token (lms_pat_…) from /account/tokens",
                    },
                    "session": {"type": "apiKey", "in": "cookie", "name": "session"},
                }
            },
        },
    )
