"""The API's flask-smorest class, its blueprint class and the strict argument parser.

Each app gets its own ``LmsApi`` (``lms.api.views.register``; flask-smorest's object keeps the
app it was bound to, so it is not shared between apps), found again with ``api_of(app)``. Every
resource module defines an ``ApiBlueprint``: its arguments are parsed with ``StrictParser``,
which refuses unknown query parameters as well as unknown body members (422
``validation_failed``), where webargs would quietly drop them.
"""

from __future__ import annotations

import marshmallow as ma
from flask_smorest import Api, Blueprint
from webargs.flaskparser import FlaskParser

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


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = StrictParser()


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
