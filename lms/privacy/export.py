"""One person's data, for a data-protection request: one JSON document.

One document rather than a ZIP of files: it opens in any text viewer on a phone (no unzipping),
it is one download on a weak connection, and it carries its own explanation (``about``, in the
reader's language) next to the records, so the two cannot be separated. A person's rows are
few (hundreds of practice entries at most), so the document is built in memory, with one query
per table whatever their number.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, Table, and_, or_, select

from lms.accounts.models import User
from lms.core import audit
from lms.core.database import utcnow
from lms.core.extensions import db
from lms.privacy.inventory import ABOUT, OWN, VIA, WITHHELD, exported_tables

FORMAT = "lms-personal-data/1"


def _table(name: str) -> Table:
    return db.metadata.tables[name]


def _own_condition(name: str, user_id: int):
    table = _table(name)
    condition = or_(*(table.c[column] == user_id for column in OWN[name]))
    if name == "audit_events":  # also the events about the person's account
        about_them = and_(table.c.target_type == "user", table.c.target_id == str(user_id))
        condition = or_(condition, about_them)
    return condition


def rows_query(name: str, user_id: int) -> Select:
    """The person's rows of one table (all columns), as one SELECT."""
    table = _table(name)
    if name in OWN:
        return select(table).where(_own_condition(name, user_id))
    conditions = []
    for via in VIA[name]:
        parent = _table(via.parent)
        keys = rows_query(via.parent, user_id).with_only_columns(parent.c[via.parent_column])
        conditions.append(table.c[via.column].in_(keys.scalar_subquery()))
    return select(table).where(or_(*conditions))


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def table_rows(name: str, user_id: int) -> list[dict[str, Any]]:
    table = _table(name)
    hidden = WITHHELD.get(name, frozenset())
    order = [column for column in table.primary_key.columns]
    rows = db.session.execute(rows_query(name, user_id).order_by(*order)).mappings()
    return [{key: _plain(value) for key, value in row.items() if key not in hidden} for row in rows]


def personal_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about ``user``, with what each part is, in the language
    of the current locale."""
    return {
        "format": FORMAT,
        "person": {"id": user.id, "username": user.username},
        "generated_at": utcnow().isoformat(),
        "about": {name: str(ABOUT[name]) for name in exported_tables()},
        "records": {name: table_rows(name, user.id) for name in exported_tables()},
    }


def personal_data_json(user: User) -> str:
    return json.dumps(personal_data(user), ensure_ascii=False, indent=1, sort_keys=True)


def record_export(user: User, *, actor_id: int | None) -> None:
    """Audit an export made for a data-protection request (by an admin or on the command line;
    the person's own download is not: it is theirs)."""
    audit.record("user.data_exported", actor_id=actor_id, target_type="user", target_id=user.id)
    db.session.flush()


def file_name(user: User) -> str:
    return f"personal-data-{user.id}.json"
