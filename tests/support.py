"""Helpers shared by the tests: logging in, posting forms with CSRF, record factories."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lms.core.extensions import db

PASSWORD = "correct horse battery"


def psycopg_url(url: str) -> str:
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)


CSRF_PATTERN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def csrf_token(client, path: str = "/login") -> str:
    """The CSRF token of the client's session, read from a page that has a form."""
    page = client.get(path)
    match = CSRF_PATTERN.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD):
    token = csrf_token(client, "/login")
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )


def post_form(client, path: str, data: dict, token_from: str | None = None):
    """POST a form with the session's CSRF token (read from ``token_from`` or the form page)."""
    token = csrf_token(client, token_from or path)
    return client.post(path, data={**data, "csrf_token": token})


@dataclass
class Factory:
    """Creates committed records for a test (inside the test's outer transaction)."""

    app: object

    def user(
        self,
        username: str,
        *roles: str,
        full_name: str | None = None,
        password: str = PASSWORD,
        region: str | None = None,
        language: str | None = "en",
    ):
        from lms.accounts.users import NewUser, create_user

        with self.app.app_context():
            user = create_user(
                NewUser(
                    username=username,
                    full_name=full_name or username.title(),
                    password=password,
                    roles=roles or ("trainee",),
                    region_code=region,
                    language=language,
                ),
                actor_id=None,
            )
            db.session.commit()
            return user

    def cohort(self, code: str, *, trainers=(), trainees=(), programme: str = "foundational"):
        from datetime import date

        from lms.accounts.cohorts import CohortFields, create_cohort, set_cohort_people
        from lms.courses.programmes import programme_codes

        with self.app.app_context():
            cohort = create_cohort(
                CohortFields(
                    code, f"Cohort {code}", programme, date(2026, 9, 1), date(2026, 12, 20)
                ),
                programmes=programme_codes(),
                actor_id=None,
            )
            set_cohort_people(
                cohort,
                trainer_ids=[u.id for u in trainers],
                trainee_ids=[u.id for u in trainees],
                actor_id=None,
            )
            db.session.commit()
            return cohort


def fresh_database(kind: str, tmp_path, name: str):
    """A URL to an empty database of the given kind (a new PostgreSQL database, dropped later
    by ``drop_database``), for tests that need real commits outside the rolled-back transaction."""
    import os

    import sqlalchemy as sa

    if kind == "sqlite":
        return f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    base = psycopg_url(os.environ["LMS_TEST_POSTGRES_URL"])
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    import os

    import sqlalchemy as sa

    if not url.startswith("postgresql"):
        return
    name = sa.engine.make_url(url).database
    engine = sa.create_engine(
        psycopg_url(os.environ["LMS_TEST_POSTGRES_URL"]), isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def make_app_for(url: str):
    from lms import create_app

    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": psycopg_url(url),
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )


def dispose(app) -> None:
    """Close every pooled connection of an app made by ``make_app_for``."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class QueryCounter:
    """Counts SQL statements the app's engine runs while active (``with count_queries(app)``)."""

    def __init__(self, app):
        self.app = app
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, *args):
        self.statements.append(statement)

    def __enter__(self):
        import sqlalchemy as sa

        with self.app.app_context():
            self.engine = db.engine
        sa.event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        import sqlalchemy as sa

        sa.event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def count(self) -> int:
        return len(
            [
                s
                for s in self.statements
                if not s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "BEGIN", "ROLLBACK"))
            ]
        )


QUERY_BUDGET = 10  # issue #9: SQL statements a key page may issue, whatever the data size


def page_queries(app, client, path: str) -> QueryCounter:
    """The statements of one GET of ``path`` (which must answer 200). A first GET goes before
    it, so that what a process loads once (content, cached menus) is not counted."""
    assert client.get(path).status_code == 200, path
    with QueryCounter(app) as counter:
        assert client.get(path).status_code == 200, path
    return counter


def age_kept_reports(app, seconds: int = 301) -> None:
    """Make every kept national report ``seconds`` older (past the default five minutes)."""
    from datetime import timedelta

    from sqlalchemy import select

    from lms.reports.cache import CachedReport

    with app.app_context():
        for report in db.session.scalars(select(CachedReport)):
            report.computed_at -= timedelta(seconds=seconds)
        db.session.commit()


def shown_in(app, language: str, message: str) -> str:
    """``message`` as the interface shows it in ``language`` (HTML-escaped like a template)."""
    from flask_babel import force_locale, gettext
    from markupsafe import escape

    with app.test_request_context(), force_locale(language):
        translated = gettext(message)
    assert translated != message, f"no {language} translation of {message!r}"
    return str(escape(translated))
