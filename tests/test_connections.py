"""Pooled connections as requests get them: a reading request cannot write by mistake (on
PostgreSQL it runs in autocommit, without BEGIN and ROLLBACK round trips), a request that
declares it writes gets a transaction, and an idle connection is checked before it is reused."""

import logging
import os

import pytest
from flask import abort, jsonify
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.pool import NullPool
from support import dispose, make_app_for, psycopg_url

from lms.core import database
from lms.core.audit import AuditEvent, record
from lms.core.extensions import db


@pytest.fixture
def probed(empty_database):
    """An app on a real database (real commits) with GET routes of its own."""
    app = make_app_for(empty_database)

    @app.get("/_probe/reads")
    def reads():
        connection = db.session.connection()
        driver = connection.connection.driver_connection
        count = db.session.scalar(select(db.func.count()).select_from(AuditEvent))
        autocommit = getattr(driver, "autocommit", None)  # psycopg's; SQLite has none
        return jsonify(events=count, autocommit=autocommit, pid=_backend_pid(connection))

    @app.get("/_probe/writes-unannounced")
    def writes_unannounced():
        db.session.scalar(select(db.func.count()).select_from(AuditEvent))
        record("probe.unannounced", actor_id=None, target_type="probe", target_id=1)
        db.session.flush()  # the INSERT is refused here
        return "written"

    @app.get("/_probe/writes")
    def writes():
        db.session.scalar(select(db.func.count()).select_from(AuditEvent))
        database.writing()
        record("probe.announced", actor_id=None, target_type="probe", target_id=1)
        return "written"  # committed by the unit of work, as the GET said it writes

    @app.get("/_probe/writes-then-404")
    def writes_then_not_found():
        database.writing()
        record("probe.refused", actor_id=None, target_type="probe", target_id=1)
        db.session.flush()
        abort(404)

    with app.app_context():
        upgrade()
        db.session.remove()
    yield app
    dispose(app)


def _backend_pid(connection):
    if connection.dialect.name != "postgresql":
        return None
    return connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()


def _events(app) -> list[str]:
    with app.app_context():
        kinds = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
        db.session.remove()
        return kinds


def test_a_reading_request_reads_and_on_postgresql_runs_in_autocommit(probed):
    answer = probed.test_client().get("/_probe/reads").get_json()
    assert answer["events"] == 0
    postgresql = probed.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert answer["autocommit"] is (True if postgresql else None)


def test_a_get_that_writes_without_saying_so_fails_and_writes_nothing(probed, caplog):
    with caplog.at_level(logging.ERROR):
        answer = probed.test_client().get("/_probe/writes-unannounced")
    assert answer.status_code == 500
    assert "wrote without calling writing(): INSERT INTO audit" in caplog.text
    assert _events(probed) == []


def test_a_get_that_says_it_writes_writes_in_a_transaction(probed):
    client = probed.test_client()
    assert client.get("/_probe/writes").get_data(as_text=True) == "written"
    assert _events(probed) == ["probe.announced"]
    assert client.get("/_probe/reads").get_json()["events"] == 1  # and reading still works


def test_a_get_that_writes_and_answers_an_error_writes_nothing(probed):
    assert probed.test_client().get("/_probe/writes-then-404").status_code == 404
    assert _events(probed) == []


def test_commands_write_as_before(probed):
    with probed.app_context():
        record("probe.command", actor_id=None, target_type="probe", target_id=1)
        db.session.commit()
        db.session.remove()
    assert _events(probed) == ["probe.command"]


# Only a connection to a server can go away (SQLite is a file).
SERVERS = [
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get("LMS_TEST_POSTGRES_URL"),
            reason="needs a PostgreSQL server (LMS_TEST_POSTGRES_URL): SQLite has no connection",
        ),
    )
]


@pytest.mark.parametrize("empty_database", SERVERS, indirect=True)
def test_an_idle_connection_whose_server_went_away_is_replaced(probed, monkeypatch):
    client = probed.test_client()
    first = client.get("/_probe/reads").get_json()["pid"]
    outside = create_engine(probed.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    with outside.connect() as other:  # the server ends the pooled connection's backend
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    outside.dispose()
    monkeypatch.setattr(database, "PING_AFTER_IDLE_S", 0.0)  # as if idle for long
    answer = client.get("/_probe/reads")
    assert answer.status_code == 200
    assert answer.get_json()["pid"] not in (first, None)


def test_the_connection_shortcuts_each_have_a_switch(empty_database):
    """LMS_PING_IDLE_CONNECTIONS_ONLY=0 brings back pool_pre_ping; LMS_READS_IN_AUTOCOMMIT=0
    gives reads a transaction; the GET guard's reads-only flag is set either way."""
    from lms import create_app

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": psycopg_url(empty_database),
            "PING_IDLE_CONNECTIONS_ONLY": False,
            "READS_IN_AUTOCOMMIT": False,
        }
    )
    with app.app_context():
        engine = db.engine
        assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
        assert event.contains(engine, "checkout", database.check_out_connection)
        assert not event.contains(engine, "checkout", database.ping_if_idle)
        assert not event.contains(engine, "checkout", database.autocommit_reads)
    dispose(app)
