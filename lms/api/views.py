"""The API's blueprints, bound to the app: one per resource group, plus the description.

A new resource group is a module in ``lms/api/resources/`` with an ``ApiBlueprint`` named
``blp``, listed in ``RESOURCES`` below (see docs/api.md, "Adding a resource").
"""

from __future__ import annotations

from flask import Flask, current_app, g

from lms.api import docs_views, openapi, token_views
from lms.api.resources import (
    certificates,
    cohorts,
    competencies,
    content,
    pool,
    practice,
    progress,
    quiz_attempts,
    reports,
    supervision,
    universities,
)
from lms.api.spec import EXTENSION, LmsApi, default_config
from lms.core.extensions import csrf, limiter

RESOURCES = (
    content.blp,
    cohorts.blp,
    progress.blp,
    practice.blp,
    quiz_attempts.blp,
    supervision.blp,
    competencies.blp,
    universities.blp,
    certificates.blp,
    certificates.verify_blp,
    pool.blp,
    reports.blp,
)


def _token_refused(_response) -> bool:
    return g.get("api_token_refused", False)


def _limit_token_failures(blueprint) -> None:
    """Each refused bearer token counts against its address (like failed logins); over the
    limit, every call from there is answered 429 ``rate_limited`` for the rest of the window."""
    limiter.shared_limit(
        lambda: current_app.config["API_TOKEN_FAILURE_LIMIT"],
        scope="api-token-failures",  # one count across every resource group
        deduct_when=_token_refused,
    )(blueprint)


def register(app: Flask) -> None:
    default_config(app)
    api = LmsApi(app)
    app.extensions[EXTENSION] = api
    for blueprint in RESOURCES:
        # A token needs no CSRF token; a session cookie's write is checked in lms.api.auth.
        csrf.exempt(blueprint)
        _limit_token_failures(blueprint)
        api.register_blueprint(blueprint)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(docs_views.bp)
    app.register_blueprint(token_views.bp)
