"""The schema is made only by migrations: one head, upgrade from empty on every backend, and
the models agree with what the migrations build; data a migration derives is filled in."""

import json
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import select
from support import dispose, make_app_for

from lms import MIGRATIONS_DIR
from lms.core.extensions import db
from lms.i18n.collation import sort_key


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


def _insert_attempt(conn) -> None:
    """A submitted attempt (at revision 0007) that served two questions: the first tagged with
    two competencies (and another tag), the second with none."""
    tables = sa.MetaData()
    users, attempts, responses = (
        sa.Table(name, tables, autoload_with=conn)
        for name in ("users", "quiz_attempts", "quiz_responses")
    )
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    conn.execute(
        users.insert().values(
            id=1,
            username="aygul",
            username_key="aygul",
            full_name="Aýgül",
            active=True,
            password_hash="x",
            created_at=now,
            password_changed_at=now,
        )
    )
    tagged = ["competency:SW1.1", "easy", "competency:SW2.3"]
    questions = [
        {"id": "Q1", "type": "truefalse", "mark": 1, "tags": tagged},
        {"id": "Q2", "type": "truefalse", "mark": 1, "tags": []},
    ]
    conn.execute(
        attempts.insert().values(
            id=1,
            user_id=1,
            programme="foundational",
            module="ethics",
            number=1,
            state="finished",
            started_at=now,
            finished_at=now,
            late_answers_ignored=False,
            pass_mark=70,
            questions_json=json.dumps(questions),
            marks=2.0,
            max_marks=2.0,
            grade_percent=100.0,
            passed=True,
        )
    )
    conn.execute(
        responses.insert(),
        [
            {
                "attempt_id": 1,
                "position": n,
                "question_id": q["id"],
                "max_mark": 1.0,
                "fraction": 1.0,
                "needs_grading": False,
            }
            for n, q in enumerate(questions)
        ],
    )


def test_upgrade_fills_the_competencies_of_existing_responses(empty_database):
    app = make_app_for(empty_database)
    with app.app_context():
        upgrade(revision="0007")
        with db.engine.begin() as conn:
            _insert_attempt(conn)
        upgrade()
        with db.engine.connect() as conn:
            responses = sa.Table("quiz_responses", sa.MetaData(), autoload_with=conn)
            codes = conn.scalars(
                select(responses.c.competencies)
                .where(responses.c.attempt_id == 1)
                .order_by(responses.c.position)
            ).all()
        assert codes == ["SW1.1 SW2.3", ""]
    dispose(app)


def test_upgrade_stores_the_sort_keys_of_existing_names(empty_database):
    app = make_app_for(empty_database)
    with app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as conn:
            _insert_attempt(conn)  # its trainee, Aýgül
        upgrade()
        with db.engine.connect() as conn:
            users = sa.Table("users", sa.MetaData(), autoload_with=conn)
            keys = conn.execute(
                select(users.c.name_key_tk, users.c.name_key_ru, users.c.name_key_en)
            ).one()
        assert tuple(keys) == tuple(sort_key("Aýgül", language) for language in ("tk", "ru", "en"))
    dispose(app)
