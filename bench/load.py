"""A small closed-loop load generator: N client processes, each sending one request at a time.

Written in Python so the benchmark needs nothing beyond the platform's own environment. Each
client is a process (the GIL would otherwise cap the load on a multi-core machine) with one
``http.client`` connection, kept alive when the server allows it (gunicorn's sync workers close
it after every response; ``http.client`` reconnects by itself). Authenticated clients are logged in
exactly as a browser is: GET /login, read ``csrf_token``, POST the form, keep the
``lms_session`` cookie. Logins are set-up, not what is measured: ``Sessions`` makes them once
per server and person, one after another, and every window of that page reuses them. All
clients then start together (a barrier), warm up, and count the requests that complete inside a
fixed window. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import http.client
import math
import multiprocessing
import re
import signal
import time
from dataclasses import dataclass
from urllib.parse import urlencode

HOST = "127.0.0.1"
CSRF_PATTERN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


class LoadError(RuntimeError):
    """A client could not log in or the run broke down; the message says which."""


@dataclass(frozen=True)
class LoadSpec:
    port: int
    path: str
    username: str | None  # None: anonymous
    password: str
    clients: int
    warmup_s: float
    duration_s: float
    cookies: tuple[str, ...] = ()  # one logged-in session per client, made beforehand


@dataclass(frozen=True)
class Sample:
    """One window of load: the latency (seconds) of each 200 answer, and everything else."""

    latencies: list[float]
    errors: int  # any other status, or a failed connection
    duration_s: float


@dataclass(frozen=True)
class LoadResult:
    requests: int  # answered 200 inside the windows
    errors: int
    duration_s: float
    p50_ms: float
    p95_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s


def percentile(ordered: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (NaN when empty)."""
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def cookie_pairs(response: http.client.HTTPResponse) -> dict[str, str]:
    pairs = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, value = header.split(";", 1)[0].partition("=")
        pairs[name.strip()] = value.strip()
    return pairs


def login(conn: http.client.HTTPConnection, username: str, password: str) -> str:
    """Log in through the form (with its CSRF token); return the Cookie header to send."""
    conn.request("GET", "/login")
    page = conn.getresponse()
    body = page.read().decode("utf-8", "replace")
    cookies = cookie_pairs(page)
    match = CSRF_PATTERN.search(body)
    if page.status != 200 or not match:
        raise LoadError(f"GET /login answered {page.status} without a CSRF token")
    form = urlencode({"username": username, "password": password, "csrf_token": match.group(1)})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
    }
    conn.request("POST", "/login", body=form, headers=headers)
    answer = conn.getresponse()
    answer.read()
    cookies.update(cookie_pairs(answer))
    if answer.status != 302 or "lms_session" not in cookies:
        raise LoadError(f"logging in as {username} answered {answer.status}, not a redirect")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> int:
    """One GET; the status, or 0 when the connection failed (it is reopened next time)."""
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        conn.close()
        return 0


def _hammer(conn: http.client.HTTPConnection, spec: LoadSpec, cookie: str) -> Sample:
    headers = {"Cookie": cookie} if cookie else {}
    window_start = time.perf_counter() + spec.warmup_s
    window_end = window_start + spec.duration_s
    latencies: list[float] = []
    errors = 0
    while True:
        started = time.perf_counter()
        status = _get(conn, spec.path, headers)
        finished = time.perf_counter()
        if finished > window_end:
            break
        if started < window_start:
            continue  # warm-up
        if status == 200:
            latencies.append(finished - started)
        else:
            errors += 1
    return Sample(latencies, errors, spec.duration_s)


def _client(spec: LoadSpec, index: int, turn, barrier, results) -> None:
    """One client process: log in (in turn), wait for the others, load, report."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us; no traceback per client
    conn = http.client.HTTPConnection(HOST, spec.port, timeout=30)
    try:
        with turn:
            cookie = ""
            if spec.cookies:
                cookie = spec.cookies[index]
            elif spec.username:
                cookie = login(conn, spec.username, spec.password)
        barrier.wait(timeout=120)
        results.put(_hammer(conn, spec, cookie))
    except Exception as exc:  # reported to the parent, which fails the run with it
        barrier.abort()
        results.put(f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()


def summarise(samples: list[Sample]) -> LoadResult:
    """Pool samples taken one after another (rounds) or side by side (clients)."""
    latencies = sorted(x for s in samples for x in s.latencies)
    return LoadResult(
        requests=len(latencies),
        errors=sum(s.errors for s in samples),
        duration_s=sum(s.duration_s for s in samples),
        p50_ms=percentile(latencies, 50) * 1000,
        p95_ms=percentile(latencies, 95) * 1000,
    )


def measure(spec: LoadSpec) -> Sample:
    """Run ``spec.clients`` clients against one path for the spec's window; all clients pooled."""
    ctx = multiprocessing.get_context("fork")  # clients inherit the barrier; Linux like /proc
    turn, barrier, results = ctx.Lock(), ctx.Barrier(spec.clients), ctx.Queue()
    clients = [
        ctx.Process(target=_client, args=(spec, i, turn, barrier, results), daemon=True)
        for i in range(spec.clients)
    ]
    for process in clients:
        process.start()
    try:
        deadline = 150 + spec.warmup_s + spec.duration_s
        outcomes = [results.get(timeout=deadline) for _ in clients]
    finally:
        for process in clients:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
    failures = [o for o in outcomes if isinstance(o, str)]
    if failures:
        raise LoadError(f"{spec.path}: {failures[0]}")
    return Sample(
        [x for o in outcomes for x in o.latencies],
        sum(o.errors for o in outcomes),
        spec.duration_s,
    )


class Sessions:
    """Logged-in sessions, made once per server and person and reused by every window: logging
    in hashes the password (scrypt, ~0.1 s), which would otherwise be repeated per window."""

    def __init__(self):
        self.cookies: dict[tuple[int, str], tuple[str, ...]] = {}

    def get(self, port: int, username: str, password: str, count: int) -> tuple[str, ...]:
        key = (port, username)
        if len(self.cookies.get(key, ())) < count:
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            try:
                self.cookies[key] = tuple(login(conn, username, password) for _ in range(count))
            finally:
                conn.close()
        return self.cookies[key][:count]
