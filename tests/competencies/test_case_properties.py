"""Properties of the CASE JSON import (Hypothesis): any JSON value, and any CASE-shaped
document with values of the wrong kind, gives a plan listing problems with their lines and
nothing else; a plan without problems imports (on PostgreSQL too), one with problems is
refused with ImportRefused alone."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.competencies.importing import ImportPlan, ImportRefused, import_framework, plan_import
from lms.core.extensions import db

SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
UUIDS = st.sampled_from(
    ["5b0c0d3e-4f2a-4b8e-9c1d-0a1b2c3d4e5f", "6c1d1e4f-5a3b-4c9f-8d2e-1b2c3d4e5f60", "x", ""]
)
ITEM_KEYS = [
    "identifier",
    "uri",
    "fullStatement",
    "humanCodingScheme",
    "CFItemType",
    "lastChangeDateTime",
    "listEnumeration",
    "abbreviatedStatement",
    "language",
]
DOC_KEYS = ["identifier", "uri", "title", "creator", "lastChangeDateTime", "version", "language"]
ASSOCIATION_KEYS = ["identifier", "uri", "associationType", "originNodeURI",
                    "destinationNodeURI", "lastChangeDateTime", "sequenceNumber"]  # fmt: skip
VALUES = st.one_of(JSON, UUIDS, st.text(min_size=250, max_size=300))


def _objects(keys):
    return st.dictionaries(st.sampled_from(keys), VALUES, max_size=len(keys))


CASE_SHAPED = st.fixed_dictionaries(
    {
        "CFDocument": st.one_of(_objects(DOC_KEYS), JSON),
        "CFItems": st.one_of(st.lists(_objects(ITEM_KEYS), max_size=3), JSON),
        "CFAssociations": st.one_of(st.lists(_objects(ASSOCIATION_KEYS), max_size=3), JSON),
    }
)


def _plan(app, value) -> ImportPlan:
    with app.test_request_context():
        plan = plan_import("framework.json", json.dumps(value).encode())
    for problem in plan.problems:
        assert isinstance(problem.line, int)
    return plan


@SETTINGS
@given(JSON)
def test_any_json_value_gives_a_plan(app, value):
    _plan(app, value)


@SETTINGS
@given(CASE_SHAPED)
def test_a_case_shaped_document_with_wrong_values_gives_a_plan_and_imports_or_is_refused(
    app, value
):
    with app.test_request_context():
        plan = _plan(app, value)
        savepoint = db.session.begin_nested()
        try:
            if plan.ok:
                import_framework(plan, actor_id=None)
                db.session.flush()
            else:
                with pytest.raises(ImportRefused):
                    import_framework(plan, actor_id=None)
        finally:
            savepoint.rollback()


@SETTINGS
@given(st.binary(max_size=60))
def test_any_bytes_give_a_plan(app, raw):
    with app.test_request_context():
        assert isinstance(plan_import("framework.json", b"{" + raw), ImportPlan)
