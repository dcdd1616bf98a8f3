"""One commit per request and per command: the unit of work.

Views, services and helpers flush and never commit. A request ends in ``end_request``: one that
writes (POST, PUT, PATCH, DELETE, or a GET that called ``writing()``) and answers without an
error (status < 400: a page, a redirect) commits once; an error answer (status >= 400) or an
exception rolls back everything the request flushed. A commit that fails (a constraint broken
by a concurrent request, a lost connection) is rolled back and answered with the 500 page:
nothing is half written. Whatever a request never committed is discarded anyway when
Flask-SQLAlchemy removes the session at the end of the app context. A command runs inside
``unit_of_work()`` the same way: it commits once when it returns and rolls back when it fails
(an exception, ``fail()``, a non-zero exit).

A view that refuses an action with a form error keeps status 200 and must leave nothing
pending: it validates before writing, or runs the service in ``all_or_nothing()``. A 4xx
answer that keeps part of the action (a draft saved, its submission refused) says so with
``keep_despite_refusal()``.

Files, e-mail and jobs that depend on the written rows are registered with ``after_commit``
and run only once the commit succeeded. Writes that must be kept whatever happens to the unit
of work (a failed login's record, the verification counter, kept reports) go through
``lms.core.database.writing_apart()``, the only other place that commits.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager

import click
from flask import Flask, current_app, g, session
from sqlalchemy.exc import SQLAlchemyError

# The rule that also gives a request a reading or a writing connection (lms.core.database).
from lms.core.database import will_write as writes
from lms.core.extensions import db
from lms.core.web import render_server_error


def after_commit(callback: Callable[[], object]) -> None:
    """Run ``callback`` once the current unit of work has committed (never if it rolls back)."""
    g.setdefault("after_commit", []).append(callback)


def commit() -> None:
    """Commit the unit of work, then run what waited for it. Only the ends of a request or a
    command call this."""
    db.session.commit()
    for callback in g.pop("after_commit", []):
        callback()


def rollback() -> None:
    g.pop("after_commit", None)
    db.session.rollback()


@contextmanager
def all_or_nothing():
    """The block's writes stay pending only if it ends without an exception (or the block
    calls ``.rollback()`` on what it yields): a service refused halfway (a domain error the
    view shows as a form error) leaves nothing for the request's commit."""
    with db.session.begin_nested() as savepoint:
        yield savepoint


def keep_despite_refusal() -> None:
    """Commit this request's writes even though it answers 4xx: for the one case where part of
    an action is done and kept and the rest is refused (a practice entry saved as a draft
    while its submission waits for a confirmation, answered 422)."""
    g.keep_despite_refusal = True


def _fails(status: int) -> bool:
    return status >= 500 or (status >= 400 and not g.get("keep_despite_refusal", False))


def end_request(response):
    """After-request hook: commit a successful writing request, roll back an error answer."""
    if not writes():
        return response  # a reading request: its connection is given back as it is
    if _fails(response.status_code):
        rollback()
        return response
    try:
        commit()
    except SQLAlchemyError as error:
        rollback()
        session.pop("_flashes", None)  # "Saved" was not true after all
        return current_app.make_response(render_server_error(error))
    return response


def init_app(app: Flask) -> None:
    # Registered after the security headers' hook: Flask runs after-request hooks in reverse,
    # so a 500 page given for a failed commit still gets those headers.
    app.after_request(end_request)


def _end_command(succeeded: bool) -> None:
    if not succeeded:
        rollback()
        return
    try:
        commit()
    except BaseException:  # the commit itself failed: nothing of the command is kept
        rollback()
        raise


@contextmanager
def unit_of_work():
    """A command's (or one round of a looping command's) unit of work: commit once if the block
    returns normally (or exits with status 0), roll back if it raises or exits with another
    status. Use it as a decorator below ``@with_appcontext``: ``@unit_of_work()``."""
    try:
        yield
    except (SystemExit, click.exceptions.Exit) as done:
        code = done.code if isinstance(done, SystemExit) else done.exit_code
        _end_command(code in (0, None))
        raise
    except BaseException:
        rollback()
        raise
    _end_command(True)
