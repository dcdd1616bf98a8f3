"""The API's blueprints, bound to the app: one per resource group, plus the description.

A new resource group is a module in ``lms/api/resources/`` with an ``ApiBlueprint`` named
``blp``, listed in ``RESOURCES`` below (see docs/api.md, "Adding a resource").
"""

from __future__ import annotations

from flask import Flask

from lms.api import openapi
from lms.api.resources import content
from lms.api.spec import api, default_config
from lms.core.extensions import csrf

RESOURCES = (content.blp,)


def register(app: Flask) -> None:
    default_config(app)
    api.init_app(app)
    for blueprint in RESOURCES:
        # A token needs no CSRF token; a session cookie's write is checked in lms.api.auth.
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
    app.register_blueprint(openapi.bp)
