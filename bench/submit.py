"""``concurrent_submit``: 100 trainees submit the same quiz at the same moment.

Set-up, not measured: each trainee (``Dataset.submit_user_ids``, foundational trainees who have
not reached the quiz of the course's last module) starts an attempt through the app's own
``start_attempt`` and saves the answers of every page but the last with ``save_answers``; then
logs in through the form, and opens the last page of the attempt for its CSRF token, against
the running gunicorn server.

Measured: 100 threads wait at a barrier and each POSTs its last page to
``/quiz/attempts/<id>/submit`` at once. Then the database is asked, for each trainee, how many
attempts at that quiz are submitted and how many still in progress. A trainee counts as ``ok``
with exactly one submitted attempt, none in progress and a 2xx/3xx answer; ``duplicates``
counts trainees with more than one submitted attempt, ``errors`` answers other than 2xx/3xx
(or no answer at all).
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import func, select

from bench.dataset import Dataset, app_config
from bench.load import CSRF_PATTERN, HOST, cookie_pairs, login
from lms import create_app
from lms.accounts.models import User
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.quizzes.attempts import QuizKey, save_answers, start_attempt
from lms.quizzes.bank import question_bank
from lms.quizzes.demo import _answers as demo_answers
from lms.quizzes.forms import pages
from lms.quizzes.models import IN_PROGRESS, SUBMITTED_STATES, QuizAttempt

TIMEOUT_S = 120


@dataclass
class Submitter:
    user_id: int
    username: str
    attempt_id: int
    page: int  # the attempt's last page: what the submit form carries
    fields: list[tuple[str, str]]  # the last page's answers as form fields
    cookie: str = ""
    token: str = ""
    status: int = 0  # the submit's answer; 0: none


@dataclass(frozen=True)
class SubmitResult:
    ok: int
    total: int
    errors: int
    duplicates: int
    duration_s: float  # from the barrier to the last answer
    statuses: dict[int, int]  # HTTP status (0: no answer) -> how many


def form_fields(question: dict, position: int, value) -> list[tuple[str, str]]:
    """One answer as the attempt page's form sends it (see ``quizzes.forms.read_answers``)."""
    name, kind = f"q{position}", question["type"]
    if value is None:
        return []
    if kind == "multiresponse":
        return [(name, str(choice)) for choice in value]
    if kind == "truefalse":
        return [(name, "true" if value else "false")]
    if kind == "matching":
        return [(f"{name}-{k}", str(c)) for k, c in enumerate(value) if c is not None]
    return [(name, str(value))]


def _start(user: User, key: QuizKey, module, bank) -> Submitter:
    attempt = start_attempt(user.id, key, module.quiz, bank, rng=random.Random(user.id))
    answers = demo_answers(attempt.questions, user.id % 3, user.username, random.Random(user.id))
    last = pages(attempt)[-1]
    save_answers(attempt, {p: a for p, a in answers.items() if p not in last})
    fields = [
        pair
        for p in last
        if p in answers
        for pair in form_fields(attempt.questions[p], p, answers[p])
    ]
    return Submitter(user.id, user.username, attempt.id, len(pages(attempt)), fields)


def prepare(data: Dataset) -> list[Submitter]:
    """An attempt in progress, all but its last page answered, for every submitter."""
    app = create_app(app_config(data.url))
    with app.app_context():
        try:
            programme, module_slug = data.submit_quiz
            module = catalogue().programme(programme).module(module_slug)
            bank, key = question_bank(module), QuizKey(programme, module_slug)
            users = db.session.scalars(select(User).where(User.id.in_(data.submit_user_ids)))
            found = [_start(user, key, module, bank) for user in users]
            db.session.commit()
            return found
        finally:
            db.session.remove()
            db.engine.dispose()


def _get_ready(port: int, submitter: Submitter, password: str) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
    try:
        submitter.cookie = login(conn, submitter.username, password)
        path = f"/quiz/attempts/{submitter.attempt_id}?page={submitter.page}"
        conn.request("GET", path, headers={"Cookie": submitter.cookie})
        page = conn.getresponse()
        match = CSRF_PATTERN.search(page.read().decode("utf-8", "replace"))
        if page.status != 200 or match is None:
            raise RuntimeError(f"GET {path} answered {page.status} without a CSRF token")
        submitter.token = match.group(1)
        # The page may have put a fresh CSRF secret in the session cookie: keep the new cookie.
        cookies = dict(pair.split("=", 1) for pair in submitter.cookie.split("; "))
        cookies.update(cookie_pairs(page))
        submitter.cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    finally:
        conn.close()


def _submit(port: int, submitter: Submitter, barrier: threading.Barrier) -> None:
    body = urlencode(
        [("csrf_token", submitter.token), ("page", str(submitter.page)), *submitter.fields]
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": submitter.cookie,
    }
    barrier.wait(timeout=TIMEOUT_S)
    conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
    try:
        conn.request("POST", f"/quiz/attempts/{submitter.attempt_id}/submit", body, headers)
        answer = conn.getresponse()
        answer.read()
        submitter.status = answer.status
    except (OSError, http.client.HTTPException):
        submitter.status = 0
    finally:
        conn.close()


def fire(port: int, submitters: list[Submitter], password: str) -> float:
    """Log everyone in (four at a time), then send every submit at once; seconds it took."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda s: _get_ready(port, s, password), submitters))
    barrier = threading.Barrier(len(submitters) + 1)
    threads = [
        threading.Thread(target=_submit, args=(port, s, barrier), daemon=True) for s in submitters
    ]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=TIMEOUT_S)
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=TIMEOUT_S)
    return time.perf_counter() - started


def check(data: Dataset, submitters: list[Submitter], duration_s: float) -> SubmitResult:
    """Ask the database what became of each trainee's attempts at the quiz."""
    app = create_app(app_config(data.url))
    with app.app_context():
        try:
            programme, module = data.submit_quiz
            rows = db.session.execute(
                select(QuizAttempt.user_id, QuizAttempt.state, func.count())
                .where(
                    QuizAttempt.programme == programme,
                    QuizAttempt.module == module,
                    QuizAttempt.user_id.in_([s.user_id for s in submitters]),
                )
                .group_by(QuizAttempt.user_id, QuizAttempt.state)
            ).all()
        finally:
            db.session.remove()
            db.engine.dispose()
    submitted: dict[int, int] = {}
    open_: dict[int, int] = {}
    for user_id, state, count in rows:
        if state in SUBMITTED_STATES:
            submitted[user_id] = submitted.get(user_id, 0) + count
        elif state == IN_PROGRESS:
            open_[user_id] = count
    answered = {s.user_id: 200 <= s.status < 400 for s in submitters}
    ok = sum(
        1
        for s in submitters
        if answered[s.user_id] and submitted.get(s.user_id) == 1 and not open_.get(s.user_id)
    )
    return SubmitResult(
        ok=ok,
        total=len(submitters),
        errors=sum(1 for s in submitters if not answered[s.user_id]),
        duplicates=sum(1 for s in submitters if submitted.get(s.user_id, 0) > 1),
        duration_s=duration_s,
        statuses=dict(Counter(s.status for s in submitters)),
    )


def concurrent_submit(data: Dataset, port: int) -> SubmitResult:
    submitters = prepare(data)
    duration = fire(port, submitters, data.password)
    return check(data, submitters, duration)
