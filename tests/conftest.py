"""Test fixtures: one app per database backend, a rolled-back transaction per test.

Every test that uses ``app`` (directly or through ``client`` / ``factory``) runs on SQLite and,
when LMS_TEST_POSTGRES_URL is set, again on PostgreSQL. A PostgreSQL server that cannot be
reached makes those tests fail, never skip.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import orm

os.environ.setdefault("LMS_SECRET_KEY", "test-secret-key-not-for-production")
# Tests read English unless they choose a language: the interface default is Turkmen.
os.environ.setdefault("LMS_DEFAULT_LANGUAGE", "en")
os.environ.setdefault("LMS_CLI_LANGUAGE", "en")
# Every test logs in from 127.0.0.1; the per-address limit has tests of its own.
os.environ.setdefault("LMS_LOGIN_RATE_LIMIT", "10000 per minute")
os.environ.setdefault("LMS_API_TOKEN_FAILURE_LIMIT", "10000 per minute")
# A throw-away issuer key for the whole test session, outside the repository.
_KEY_FILE = Path(tempfile.mkdtemp(prefix="lms-test-key-")) / "issuer-ed25519.pem"
os.environ.setdefault("LMS_SIGNING_KEY_FILE", str(_KEY_FILE))

from support import Factory, psycopg_url  # noqa: E402

from lms.certificates.signing import generate_key  # noqa: E402

if not Path(os.environ["LMS_SIGNING_KEY_FILE"]).exists():
    generate_key(Path(os.environ["LMS_SIGNING_KEY_FILE"]))

from lms import create_app  # noqa: E402
from lms.core.config import PROJECT_ROOT  # noqa: E402
from lms.core.extensions import db  # noqa: E402

POSTGRES_URL = os.environ.get("LMS_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
SHARED_FIXTURES = PROJECT_ROOT.parent / "shared" / "fixtures"
INTEROP_ABSENT = (
    "interop: %d tests not run: the third-party files they read (Moodle quizzes and competency "
    "CSV, CASE, Open Badges, VC, xAPI; sources in shared/fixtures/SOURCES.md) are not beside this "
    f"checkout at {SHARED_FIXTURES}"
)


def pytest_collection_modifyitems(config, items):
    """Tests that read ../shared/fixtures form the ``interop`` group. Without that folder they
    are left out with one summary line, except in CI, where they must run."""
    for item in items:
        if "shared_fixtures" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.interop)
    if SHARED_FIXTURES.is_dir():
        return
    if os.environ.get("CI") == "true":
        pytest.exit(f"{SHARED_FIXTURES} is missing: CI runs the interop tests", returncode=1)
    interop = [item for item in items if item.get_closest_marker("interop")]
    if interop:
        items[:] = [item for item in items if not item.get_closest_marker("interop")]
        config.hook.pytest_deselected(items=interop)
        config.stash[_LEFT_OUT] = len(interop)


_LEFT_OUT = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter, config):
    left_out = config.stash.get(_LEFT_OUT, 0)
    if left_out:
        terminalreporter.write_line(INTEROP_ABSENT % left_out, yellow=True)


def create_private_schema(url: str) -> str:
    """A schema of our own in the test database, so that parallel test runs never collide."""
    schema = f"lms_test_{os.getpid()}"
    engine = sa.create_engine(psycopg_url(url))
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return schema


def drop_private_schema(url: str, schema: str) -> None:
    engine = sa.create_engine(psycopg_url(url))
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def make_test_app(url: str, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session", params=BACKENDS)
def app(request, tmp_path_factory):
    schema = None
    if request.param == "sqlite":
        application = make_test_app(
            f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite3'}"
        )
    else:
        schema = create_private_schema(POSTGRES_URL)
        options = {"connect_args": {"options": f"-csearch_path={schema}"}}
        application = make_test_app(psycopg_url(POSTGRES_URL), SQLALCHEMY_ENGINE_OPTIONS=options)
    with application.app_context():
        upgrade()
        from lms.accounts.regions import sync_regions

        sync_regions()
        db.session.commit()
        db.session.remove()
    yield application
    with application.app_context():
        db.engine.dispose()
    if schema is not None:
        drop_private_schema(POSTGRES_URL, schema)


@pytest.fixture(autouse=True)
def _rolled_back_transaction(request):
    """Run the test inside one outer transaction that is rolled back at the end.

    Code under test commits as usual; with ``create_savepoint`` each commit only releases a
    savepoint, so nothing outlives the test and no table is dropped or recreated.
    """
    if "app" not in request.fixturenames:
        yield
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    original = db.session
    db.session = orm.scoped_session(
        orm.sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        ),
        scopefunc=lambda: 0,
    )
    try:
        yield
    finally:
        db.session.remove()
        db.session = original
        transaction.rollback()
        connection.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def factory(app):
    return Factory(app)


@pytest.fixture
def shared_fixtures() -> Path:
    """The third-party test material beside the repository (tests using it are ``interop``)."""
    return SHARED_FIXTURES


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    """An empty database of each backend, with real commits (for migrations, backups, demo)."""
    from support import drop_database, fresh_database

    url = fresh_database(request.param, tmp_path, f"lms_scratch_{os.getpid()}")
    yield url
    drop_database(url)
