"""SQL statements per request for each key page, counted in-process.

A page whose query count grows with the data (an N+1 loop over trainees, a lazy load per row)
is slow long before it shows in requests/s, so the count is measured on the small and the full
data set and compared. The app is created against the benchmark database, a
``before_cursor_execute`` listener records every statement, a test client per person logs in
through the form (with its CSRF token) and opens each of their pages twice; only the second
request is counted, so first-request work (warming caches) does not hide a fixed cost behind a
one-off.
Transaction control (BEGIN, COMMIT, SAVEPOINT...) is not counted: SQLite's BEGIN goes through
the cursor while PostgreSQL's does not, and counting it would make the two disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import event

from bench.dataset import Dataset, app_config
from bench.load import CSRF_PATTERN
from bench.pages import Page
from lms import create_app
from lms.core.extensions import db

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
VERIFY_RATE_LIMIT = 1_000_000_000  # as on the bench's servers: the verify page is a key page


@dataclass
class Recorder:
    """Collects statements while ``recording`` is on."""

    recording: bool = False
    statements: list[str] = field(default_factory=list)

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.recording and not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            self.statements.append(" ".join(statement.split()))


@dataclass(frozen=True)
class QueryCount:
    count: int
    statements: list[str]


class PageError(RuntimeError):
    """A key page did not answer 200 (wrong URL, or the login did not work)."""


def _log_in(client, username: str, password: str) -> None:
    page = client.get("/login")
    match = CSRF_PATTERN.search(page.get_data(as_text=True))
    if not match:
        raise PageError("no CSRF token on /login")
    answer = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": match.group(1)}
    )
    if answer.status_code != 302:
        raise PageError(f"logging in as {username} answered {answer.status_code}")


def _count_page(app, page: Page, data: Dataset, recorder: Recorder, clients: dict) -> QueryCount:
    """The page's statements on its second request, by a client logged in as the page's person
    (one client per person, reused by their pages: a login hashes a password)."""
    username = page.username(data)
    client = clients.get(username)
    if client is None:
        client = clients[username] = app.test_client()
        if username:
            _log_in(client, username, data.password)
    path = page.path(data)
    for attempt in ("first", "second"):
        recorder.statements = []
        recorder.recording = attempt == "second"
        status = client.get(path).status_code
        recorder.recording = False
        if status != 200:
            raise PageError(f"{page.name}: GET {path} answered {status} ({attempt} request)")
    return QueryCount(len(recorder.statements), recorder.statements)


def count_queries(data: Dataset, pages: tuple[Page, ...]) -> dict[str, QueryCount]:
    """Statements per request of each page against the data set's database."""
    app = create_app(app_config(data.url, VERIFY_RATE_LIMIT=VERIFY_RATE_LIMIT))
    recorder = Recorder()
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", recorder)
    try:
        clients: dict = {}
        return {page.name: _count_page(app, page, data, recorder, clients) for page in pages}
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
