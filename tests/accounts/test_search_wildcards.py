"""Searches take ``%`` and ``_`` literally: they are LIKE wildcards only inside the database.

The admin user search put the typed text into LIKE patterns as it was: ``a_b`` also found
``axb`` and ``%`` found everybody. ``lms.core.search`` escapes them with an explicit ESCAPE.
"""

from __future__ import annotations

import pytest
from sqlalchemy import literal, select
from support import login

from lms.core.config import PROJECT_ROOT
from lms.core.extensions import db
from lms.core.search import contains, starts_with


@pytest.fixture
def people(client, factory):
    factory.user("boss", "admin", full_name="Boss Adminow")
    factory.user("mer_dan", "trainee", full_name="Merdan Annaýew")
    factory.user("merxdan", "trainee", full_name="Merxdan Beýlekiýew")
    login(client, "boss")


def found(client, q: str) -> set[str]:
    html = client.get("/admin/users", query_string={"q": q}).get_data(as_text=True)
    return {
        name for name in ("Boss Adminow", "Merdan Annaýew", "Merxdan Beýlekiýew") if name in html
    }


def test_an_underscore_is_an_underscore(client, people):
    assert found(client, "mer_dan") == {"Merdan Annaýew"}


@pytest.mark.parametrize("q", ["%", "mer%dan", "\\", "_"])
def test_a_percent_sign_or_backslash_matches_only_itself(client, people, q):
    assert found(client, q) == (set() if q != "_" else {"Merdan Annaýew"})


@pytest.mark.parametrize(
    "text, needle, expected",
    [
        ("a_b", "_", True),
        ("axb", "_", False),
        ("100%", "0%", True),
        ("100", "%", False),
        ("a\\b", "\\", True),
        ("ab", "\\", False),
    ],
)
def test_the_helpers_match_literally_on_each_backend(app, text, needle, expected):
    with app.app_context():
        assert db.session.scalar(select(contains(literal(text), needle))) is expected
        assert db.session.scalar(select(starts_with(literal(text), text[:2]))) is True


def test_every_like_search_goes_through_the_helper():
    """SQL LIKE is written in lms.core.search only (str.startswith elsewhere is Python's)."""
    calls = (".like(", ".ilike(", "autoescape=")
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for path in (PROJECT_ROOT / "lms").rglob("*.py")
        if path.name != "search.py" and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(call in line for call in calls)
    ]
    assert found == []
