"""State transitions that two people can race: claim the row with a conditional UPDATE.

``claim(obj, "status", "valid", status="revoked", ...)`` runs
``UPDATE ... SET ... WHERE id = :id AND status = 'valid'`` and answers whether this unit of
work changed the row. On PostgreSQL (READ COMMITTED) a concurrent UPDATE of the same row waits
for the first transaction and then re-checks the condition against the committed row, so
exactly one of N racing requests gets True; SQLite serialises writers anyway. The caller turns
False into its domain's "already done" error, before it writes anything else (an audit row).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, update

from lms.core.extensions import db


def claim(obj: Any, column: str, expected: Any, **values: Any) -> bool:
    """Move ``obj`` from ``column == expected`` to ``values``; False when another unit of work
    did it (or anything else) first. ``obj`` is refreshed either way, so the caller's checks
    and messages see the row as it now is."""
    model = type(obj)
    state = inspect(obj)
    keys = [
        column_ == value
        for column_, value in zip(state.mapper.primary_key, state.identity, strict=True)
    ]
    result = db.session.execute(
        update(model)
        .where(*keys, getattr(model, column) == expected)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(obj, [column, *values])
    return result.rowcount == 1
