"""The social work training platform: ``create_app`` wires the pieces together."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from lms.core import ids
from lms.core.config import load_settings
from lms.core.database import (
    begin_sqlite_transaction,
    configure_sqlite_connection,
    engine_options,
    watch_connections,
)
from lms.core.extensions import babel, csrf, db, limiter, login_manager, migrate
from lms.core.mail import parse_mail_url
from lms.core.schema import MIGRATIONS_DIR


def create_app(config: dict | None = None) -> Flask:
    """Build the application. Wiring only: no I/O beyond reading settings."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(load_settings(Path(app.instance_path)))
    if config:
        app.config.update(config)
    # A malformed LMS_MAIL_URL stops the app here, not at the first e-mail.
    app.config["MAIL"] = parse_mail_url(app.config.get("MAIL_URL"))
    # And a malformed LMS_LRS_URL, not at the worker's first delivery.
    from lms.xapi.delivery import parse_lrs_settings

    parse_lrs_settings(app.config.get("LRS_URL"))
    trust_proxies(app)
    ids.init_app(app)
    register_extensions(app)
    register_blueprints(app)
    register_web_hooks(app)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind a load balancer, take the client's address and scheme from the configured number
    of proxies' X-Forwarded-* headers (never more: a client could forge them)."""
    hops = app.config["PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
    from lms.core import compression
    from lms.i18n.language import select_locale, select_timezone

    if not event.contains(Engine, "connect", configure_sqlite_connection):
        event.listen(Engine, "connect", configure_sqlite_connection)
        event.listen(Engine, "begin", begin_sqlite_transaction)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    db.init_app(app)
    with app.app_context():
        watch_connections(db.engine, app.config)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    login_manager.init_app(app)
    # Registered before every other hook, compression runs last: it sees the final answer.
    compression.init_app(app)
    from lms.accounts.auth import load_session_user

    login_manager.user_loader(load_session_user)


def register_blueprints(app: Flask) -> None:
    from lms.accounts import views as accounts
    from lms.core import site
    from lms.courses import annex_views, cohort_views
    from lms.courses import views as courses

    app.register_blueprint(site.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(courses.bp)
    app.register_blueprint(annex_views.bp)
    app.register_blueprint(courses.cohort_bp)
    app.register_blueprint(cohort_views.bp)
    from lms.quizzes import views as quizzes

    app.register_blueprint(quizzes.bp)
    from lms.practice import views as practice

    app.register_blueprint(practice.bp)
    from lms.certificates import views as certificates

    app.register_blueprint(certificates.verify_bp)
    app.register_blueprint(certificates.bp)
    app.register_blueprint(certificates.pool_bp)
    app.register_blueprint(certificates.credentials_bp)
    from lms.competencies import views as competencies

    app.register_blueprint(competencies.bp)
    from lms.translation_status import views as translation_status

    app.register_blueprint(translation_status.bp)
    from lms.jobs import views as jobs

    app.register_blueprint(jobs.bp)
    from lms.notifications import views as notifications

    app.register_blueprint(notifications.bp)
    from lms.xapi import views as xapi

    app.register_blueprint(xapi.bp)
    from lms.privacy import views as privacy

    app.register_blueprint(privacy.bp)
    from lms.api import views as api

    api.register(app)


def register_web_hooks(app: Flask) -> None:
    from lms.accounts import idle
    from lms.core import (
        caching,
        input,
        later_scripts,
        precompressed,
        static_files,
        stylesheet,
        unit_of_work,
        web,
    )

    input.init_app(app)
    idle.init_app(app)
    web.init_app(app)
    caching.init_app(app)
    static_files.init_app(app)
    stylesheet.init_app(app)
    later_scripts.init_app(app)
    precompressed.init_app(app)  # after lms.core.compression: runs before it
    unit_of_work.init_app(app)  # after web's hooks: see unit_of_work.init_app
    from lms.api import errors as api_errors

    api_errors.init_app(app)  # after web's error pages: API paths answer problems instead


def register_commands(app: Flask) -> None:
    """Attach every package's commands to the app's ``lms`` command."""
    from lms.accounts.cli import regions_group, users_group
    from lms.certificates import status_cli, verify_cli  # noqa: F401  (status-list, verify)
    from lms.certificates.cli import certificates_group
    from lms.certificates.gradebook_cli import cohorts_group
    from lms.competencies.cli import frameworks_group
    from lms.content_check import content_group
    from lms.core.cli import backup_command, restore_command, translations_group
    from lms.core.cli_guard import guard_database_errors
    from lms.demo.cli import demo_command
    from lms.jobs.cli import worker_command
    from lms.notifications.cli import notifications_group
    from lms.practice.cli import practice_cli
    from lms.privacy import cli as privacy_cli  # noqa: F401  (users export-data, users erase)
    from lms.quizzes.cli import quiz_cli
    from lms.quizzes.gift.cli import gift_cli
    from lms.reports.cli import reports_group
    from lms.xapi.cli import xapi_group

    for command in (
        demo_command,
        backup_command,
        restore_command,
        users_group,
        regions_group,
        gift_cli,
        quiz_cli,
        practice_cli,
        content_group,
        certificates_group,
        cohorts_group,
        frameworks_group,
        reports_group,
        worker_command,
        notifications_group,
        translations_group,
        xapi_group,
    ):
        app.cli.add_command(guard_database_errors(command))
