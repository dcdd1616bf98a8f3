"""LIKE patterns built from what people type, with ``%`` and ``_`` taken literally.

Without escaping, a search for ``a_b`` also finds ``axb`` and a search for ``%`` finds everyone.
SQLite has no default escape character for LIKE and PostgreSQL's is ``\\``, so the character is
named in every pattern (``ESCAPE '\\'``). Every LIKE search goes through here.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement

ESCAPE = "\\"


def like_literal(text: str) -> str:
    """``text`` with the LIKE wildcards and the escape character itself escaped."""
    return text.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")


def contains(expression: ColumnElement, text: str) -> ColumnElement[bool]:
    """``expression LIKE '%text%'``, the typed text matched literally."""
    return expression.like(f"%{like_literal(text)}%", escape=ESCAPE)


def starts_with(expression: ColumnElement, text: str) -> ColumnElement[bool]:
    """``expression LIKE 'text%'``, the typed text matched literally."""
    return expression.like(f"{like_literal(text)}%", escape=ESCAPE)
