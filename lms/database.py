"""Database foundations shared by every package: metadata naming, UTC time, column types."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, MetaData
from sqlalchemy.types import TypeDecorator

from lms.collation import register_sqlite_collations

# Constraint names Alembic can reproduce on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (the only time the database stores)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite has no time zones, so a naive value read from it is UTC by construction here.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(
                "naive datetime given; use lms.database.utcnow()"  # i18n: a programming error
            )
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def configure_sqlite_connection(dbapi_connection, connection_record) -> None:
    """Foreign keys on, WAL journal, and transactions begun by SQLAlchemy rather than pysqlite.

    pysqlite's own implicit BEGIN breaks SAVEPOINT handling; SQLAlchemy's documented remedy is
    to turn it off here and emit BEGIN from the ``begin`` event (see ``begin_sqlite_transaction``).
    """
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
    register_sqlite_collations(dbapi_connection)  # Turkmen and Russian alphabetical order


def _will_write() -> bool:
    """Whether the current unit of work may write: commands do; of requests, those that are not
    GET/HEAD, or that said so (``g.database_write``, e.g. a counter kept on a public GET)."""
    from flask import g, has_request_context, request

    if not has_request_context():
        return True
    return request.method not in ("GET", "HEAD") or g.get("database_write", False)


def begin_sqlite_transaction(connection) -> None:
    """Writers take SQLite's write lock up front (BEGIN IMMEDIATE): a deferred transaction that
    read first and then tries to write fails at once with "database is locked" when another
    writer committed in between, whatever the busy timeout. Readers stay deferred and concurrent."""
    if connection.dialect.name == "sqlite":
        # Straight to the driver: ``exec_driver_sql`` sets up a whole statement execution (about
        # 25 µs per request here) for a BEGIN that returns nothing; BEGIN is not logged either way.
        connection.connection.driver_connection.execute(
            "BEGIN IMMEDIATE" if _will_write() else "BEGIN"
        )


def read_rows(statement, parameters: dict | None = None):
    """The result of a Core statement (columns, not ORM objects) in the session's transaction.

    ``db.session.execute`` spends about 40 µs per statement on ORM bookkeeping that a SELECT of
    plain columns never uses, as much as the query itself; statements that run on every lesson
    page go straight to the session's connection instead. Pending ORM changes are flushed first,
    as ``Session.execute`` would, so the rows include them.
    """
    from lms.extensions import db

    session = db.session()  # the request's Session itself, rather than through the proxy
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, parameters)


LOCAL_TIMEZONE = ZoneInfo("Asia/Ashgabat")


def local_today() -> date:
    """Today's date in Turkmenistan (the date people see on documents)."""
    return utcnow().astimezone(LOCAL_TIMEZONE).date()
