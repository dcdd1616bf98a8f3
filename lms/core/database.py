"""Database foundations shared by every package: metadata naming, UTC time, column types."""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.types import TypeDecorator

from lms.core.extensions import db
from lms.i18n.collation import register_sqlite_functions


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
                "naive datetime given; use lms.core.database.utcnow()"  # i18n: a programming error
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
    register_sqlite_functions(dbapi_connection)  # accent-insensitive search


def will_write() -> bool:
    """Whether the current unit of work may write: commands do; of requests, those that are not
    GET/HEAD, or that said so (``g.database_write``, e.g. a counter kept on a public GET)."""
    from flask import g, has_request_context, request

    if not has_request_context():
        return True
    return request.method not in ("GET", "HEAD") or g.get("database_write", False)


def writing() -> None:
    """From here on, the current request writes: its reading transaction ends (committed, with
    nothing to commit) and the next one is a writing one. For GET requests that write, such as
    a counter on a public page or a kept report being stored."""
    from flask import g

    if not will_write():
        db.session.commit()
        g.database_write = True


def reading_in_transaction() -> None:
    """From here on, the current reading request reads inside a transaction (still read-only):
    for a server-side cursor (``execution_options(yield_per=...)``), which PostgreSQL declares
    only in a transaction block, never in the autocommit that READS_IN_AUTOCOMMIT gives reading
    requests. The connection in use is given back and the next one is checked out without
    autocommit; the guard against writes stays."""
    from flask import g, has_request_context

    if not has_request_context() or will_write() or g.get("read_transaction", False):
        return
    db.session.commit()  # nothing to commit: hands the autocommit connection back
    g.read_transaction = True


@contextmanager
def writing_apart():
    """A writing transaction of its own, kept whatever the request or command does afterwards
    (a failed login's record, the verification counter, a kept report): the current
    transaction ends first (committed), the block's statements run in a writing one that is
    committed at the end of the block (rolled back if it raises), and a reading request reads
    again after it. Besides the unit of work (``lms.core.unit_of_work``) this is the only place
    that commits; use it before the request has written anything of its own, which the first
    commit would otherwise keep too."""
    from flask import g

    db.session.commit()
    writes = g.get("database_write", False)
    g.database_write = True
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        g.database_write = writes


# PING_IDLE_CONNECTIONS_ONLY: a pooled connection unused for this long is checked before it is
# handed out (the database may have restarted meanwhile); one in steady use is not, which saves
# a round trip per request over SQLAlchemy's ``pool_pre_ping``, which checks every checkout.
PING_AFTER_IDLE_S = 10.0


class ReadOnlyRequestWrote(RuntimeError):
    """A GET request wrote without calling ``writing()`` first: a programming error."""


def engine_options(config) -> dict:
    """The engine's options: ``pool_pre_ping`` unless idle connections alone are pinged."""
    return {
        "pool_pre_ping": not config["PING_IDLE_CONNECTIONS_ONLY"],
        **config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }


def check_out_connection(dbapi_connection, record, proxy) -> None:
    """Pool checkout: whether the connection reads or writes (``refuse_writes_when_reading``)."""
    record.info["reads_only"] = not will_write()


def _postgresql(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("psycopg")


def ping_if_idle(dbapi_connection, record, proxy) -> None:
    """Pool checkout (PING_IDLE_CONNECTIONS_ONLY): ping a connection that has been idle; raising
    ``DisconnectionError`` here is SQLAlchemy's documented way to have the pool replace it."""
    returned = record.info.get("returned_at")
    if returned is None or time.monotonic() - returned <= PING_AFTER_IDLE_S:
        return
    if _postgresql(dbapi_connection):  # a SQLite file does not go away
        _ping(dbapi_connection)


def autocommit_reads(dbapi_connection, record, proxy) -> None:
    """Pool checkout (READS_IN_AUTOCOMMIT), after ``check_out_connection``: on PostgreSQL a
    reading request runs in autocommit. At READ COMMITTED every statement takes its own snapshot
    whether or not it is in a transaction, so the answers are the same, and the BEGIN and
    ROLLBACK round trips are saved. Writes always get a transaction, and so do reads that asked
    for one (``reading_in_transaction``)."""
    from flask import g, has_request_context

    wants_transaction = has_request_context() and g.get("read_transaction", False)
    reads = record.info["reads_only"] and _postgresql(dbapi_connection) and not wants_transaction
    if reads and not dbapi_connection.autocommit:
        dbapi_connection.autocommit = True
        record.info["made_autocommit"] = True


def _ping(dbapi_connection) -> None:
    try:
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True  # the ping opens no transaction
        dbapi_connection.execute("SELECT 1")
        dbapi_connection.autocommit = autocommit
    except Exception as exc:  # whatever the failure, the pool replaces the connection
        raise DisconnectionError(str(exc)) from exc


def check_in_connection(dbapi_connection, record) -> None:
    record.info["returned_at"] = time.monotonic()
    record.info["reads_only"] = False
    if record.info.pop("made_autocommit", False) and dbapi_connection is not None:
        dbapi_connection.autocommit = False


_READING = ("SELECT", "WITH", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK")


def refuse_writes_when_reading(conn, cursor, statement, parameters, context, executemany):
    """Engine hook: a reading request's statement that would write raises instead (on
    PostgreSQL it would be committed at once, outside any transaction)."""
    if conn.info.get("reads_only") and not statement.lstrip()[:9].upper().startswith(_READING):
        raise ReadOnlyRequestWrote(
            f"a GET request wrote without calling writing(): {statement:.80}"  # i18n: a bug
        )


def watch_connections(engine, config) -> None:
    """Install the app engine's pool and statement hooks (above), the optional ones as
    ``config`` says; checkout listeners run in the order they are installed."""
    event.listen(engine, "checkout", check_out_connection)
    if config["PING_IDLE_CONNECTIONS_ONLY"]:
        event.listen(engine, "checkout", ping_if_idle)
    if config["READS_IN_AUTOCOMMIT"]:
        event.listen(engine, "checkout", autocommit_reads)
    event.listen(engine, "checkin", check_in_connection)
    event.listen(engine, "before_cursor_execute", refuse_writes_when_reading)


def begin_sqlite_transaction(connection) -> None:
    """Writers take SQLite's write lock up front (BEGIN IMMEDIATE): a deferred transaction that
    read first and then tries to write fails at once with "database is locked" when another
    writer committed in between, whatever the busy timeout. Readers stay deferred and concurrent."""
    if connection.dialect.name == "sqlite":
        # Straight to the driver: ``exec_driver_sql`` sets up a whole statement execution (about
        # 25 µs per request here) for a BEGIN that returns nothing; BEGIN is not logged either way.
        connection.connection.driver_connection.execute(
            "BEGIN IMMEDIATE" if will_write() else "BEGIN"
        )


LOCAL_TIMEZONE = ZoneInfo("Asia/Ashgabat")


def local_today() -> date:
    """Today's date in Turkmenistan (the date people see on documents)."""
    return utcnow().astimezone(LOCAL_TIMEZONE).date()
