"""The schema is made only by migrations: one head, upgrade from empty on every backend, and
the models agree with what the migrations build."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from support import dispose, make_app_for

from lms import MIGRATIONS_DIR
from lms.extensions import db


def test_migrations_have_a_single_head():
    config = Config(str(Path(MIGRATIONS_DIR) / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_from_empty_builds_exactly_the_models(empty_database):
    app = make_app_for(empty_database)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        downgrade(revision="base")
        upgrade()
    dispose(app)
