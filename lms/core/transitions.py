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

from sqlalchemy import inspect, select, update
from sqlalchemy.orm import lazyload

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


def lock_rows(objs: list[Any]) -> list[Any]:
    """Lock the rows of ``objs`` (one model, one-column keys) in key order and read them again
    (``SELECT ... FOR UPDATE``): a change another unit of work is committing is waited for and
    then seen. Pending changes of the caller are flushed first, so they are kept. Answers the
    session's objects, as now read, in key order (a copy loaded earlier, e.g. by another page,
    is not trusted). SQLite serialises writers anyway and ignores ``FOR UPDATE``."""
    if not objs:
        return []
    model = type(objs[0])
    (key,) = inspect(model).primary_key
    db.session.flush()
    return db.session.scalars(
        select(model)
        .where(key.in_([inspect(obj).identity[0] for obj in objs]))
        .order_by(key)
        .options(lazyload("*"))  # no joined eager loads: FOR UPDATE is for this table's rows
        .with_for_update(of=model)
        .execution_options(populate_existing=True)
    ).all()
