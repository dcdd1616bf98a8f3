"""The browser benchmark of "light pages, at the floor": what a phone on a slow link pays.

``python -m bench.browser [--quick] [--kolibri-venv PATH]`` (or ``python bench/browser.py``)
builds the demo on a SQLite file in ``bench/out/browser/``, serves it with gunicorn under the
README's production settings (``-c python:lms.gunicorn_conf``, ``LMS_ENV=production``: threaded
workers, connections kept alive) and drives Debian's Chromium through Playwright at 360 px with
the CPU slowed four times (``Emulation.setCPUThrottlingRate``). Each page is measured over two
links:

- ``emulated``: Chromium's own throttling (``Network.emulateNetworkConditions``, 400 ms round
  trip, 400 kbit/s each way), which charges nothing for opening a connection;
- ``proxy``: Chromium's network throttling off, every byte through ``bench/slowlink.py``, which
  charges two round trips (TCP and TLS) for each new connection as well.

For every page: a **cold** visit (a fresh browser context holding only the login cookie: empty
cache, no service worker) gives the bytes the page's requests transferred (Chromium's encoded
lengths, headers included), their number and the first paint (``first-contentful-paint``), and
through the proxy every byte the link carried from the click until the service worker is ready
(the page, and what the worker fetches as it installs: a phone pays for both once); a
**warm** visit (the same page again once the service worker is ready and the page has set the
stylesheet cookie that tells the server the phone holds the stylesheet) gives the requests that
reached the server (gunicorn's access log, so the service worker's own fetches count too) and the
first paint; **kept** keeps the module through its "Keep for offline" button, turns the context
offline (no link at all: the page's ``navigator.onLine`` is false and nothing it asks is charged
for one) and opens a lesson of it never opened before: requests that reached the server and
first paint. Every figure is printed beside its budget (issue #17) with PASS or FAIL.

Beside each warm first paint of ours, a control measured in the same run: the same warm visit
with the service worker blocked (the stylesheet and scripts in the browser's HTTP cache, the
stylesheet cookie set), its first paint ("no worker") and the difference ("worker's share"). What
is left without the worker is the link's round trip, the page's bytes and the slowed CPU.

And the floor itself (``bench/floor.py``): an almost empty page (one paragraph, no stylesheet,
no script, no worker) from a server that answers at once, measured the same way over both
links. Its first paint is what any page costs here before it holds anything; the last table
prints each of our first paints beside it ("ours less the floor").

With ``--kolibri-venv PATH`` (a virtualenv holding ``pip install kolibri``: ``bench/kolibri.py``
and ``bench/RESULTS.md`` say how) the same run starts Kolibri on a home of its own in
``bench/out/browser/kolibri``, provisions it and a learner, measures its sign-in page and learner
home the same way and prints our figures over Kolibri's. The figures are medians of three
visits (``--repeats N``; one with ``--quick``, which also measures only login, home and lesson).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

if __package__ in (None, ""):  # run as a script: ``bench`` must not shadow the standard library
    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.path.insert(0, str(_here.parent))

from bench.floor import PATH as FLOOR_PATH
from bench.floor import floor_server
from bench.servers import HOST, REPO_ROOT, ServerError, free_port, stop, until_quiet
from bench.slowlink import Link, Running, Stats

OUT = REPO_ROOT / "bench" / "out" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
RTT_MS = 400
KBIT_S = 400
CPU_SLOWDOWN = 4
PASSWORD = "social-work"  # the demo's published password (lms.accounts.demo)
MODULE = "/learn/foundational/what-is-social-work/"
KEPT_LESSON = f"{MODULE}roles-and-settings"

# name, who opens it (None: nobody logged in), path
PAGES: tuple[tuple[str, str | None, str], ...] = (
    ("login", None, "/login"),
    ("home", "trainee", "/"),
    ("programme", "trainee", "/learn/foundational/"),
    ("lesson", "trainee", f"{MODULE}defining-social-work"),
    ("quiz", "trainee", f"{MODULE}quiz"),
    ("practice_log", "trainee", "/practice/"),
    ("approval_queue", "trainer", "/practice/queue"),
)
QUICK_PAGES = ("login", "home", "lesson")
LINKS = ("emulated", "proxy")

# Budgets of issue #17; bytes in kB of 1,000.
COLD_KB = 12
COLD_FP_S = {"emulated": 1.0, "proxy": 1.5}
WARM_REQUESTS = 1
FP = "first paint s"  # the figure every paint budget is on
WARM_FP_S = 0.6
KEPT_REQUESTS = 0
KEPT_FP_S = 0.3
PAINT_TIMEOUT_MS = 180_000  # Kolibri's first visit moves about 2 MB at 50 kB/s
NETWORK = {
    "offline": False,
    "latency": RTT_MS,
    "downloadThroughput": KBIT_S * 1000 / 8,
    "uploadThroughput": KBIT_S * 1000 / 8,
}


OFFLINE = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}


class BenchError(RuntimeError):
    """Something the bench needs did not work; the message says what."""


@dataclass
class Figures:
    """One page over one link: lists of the repeated visits' values."""

    cold_bytes: list[int] = field(default_factory=list)
    cold_requests: list[int] = field(default_factory=list)
    cold_fp: list[float] = field(default_factory=list)
    warm_requests: list[int] = field(default_factory=list)
    warm_fp: list[float] = field(default_factory=list)
    bare_fp: list[float] = field(default_factory=list)  # warm, the worker blocked (lms only)
    cold_link_bytes: list[int] = field(default_factory=list)  # reported through the proxy only
    cold_connections: list[int] = field(default_factory=list)  # through the proxy only
    warm_connections: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    site: str
    page: str
    link: str
    visit: str
    figure: str
    value: float
    budget: str
    ok: bool | None  # None: no budget

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("PASS" if self.ok else "FAIL")


# --- the site under test -------------------------------------------------------------------


def lms_command(*args: str, env: dict[str, str]) -> None:
    command = [sys.executable, "-c", "from lms.cli import main; main()", *args]
    done = subprocess.run(
        command, cwd=REPO_ROOT, env={**os.environ, **env}, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BenchError(f"lms {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def demo_env() -> dict[str, str]:
    database = OUT / "demo.sqlite3"
    return {
        "LMS_DATABASE_URL": f"sqlite:///{database}",
        "LMS_QUEUE_URL": f"sqlite:///{OUT / 'queue.sqlite3'}",
    }


def build_demo() -> dict[str, str]:
    """A fresh demo database (migrations, then ``lms demo``)."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("demo.sqlite3", "demo.sqlite3-wal", "demo.sqlite3-shm", "queue.sqlite3"):
        (OUT / name).unlink(missing_ok=True)
    env = demo_env()
    lms_command("db", "upgrade", env=env)
    lms_command("demo", env=env)
    return env


@dataclass
class Gunicorn:
    process: subprocess.Popen
    port: int
    access_log: Path

    def requests_served(self) -> int:
        try:
            with self.access_log.open("rb") as log:
                return sum(1 for _ in log)
        except FileNotFoundError:
            return 0

    def settle(self) -> int:
        """Until no request has been served for a moment; the count then."""
        return until_quiet(self.requests_served)


@contextmanager
def production_server(env: dict[str, str]) -> Iterator[Gunicorn]:
    """gunicorn as the README's Production section runs it, on 127.0.0.1."""
    port = free_port()
    access_log = OUT / "access.log"
    access_log.unlink(missing_ok=True)
    server_env = {
        **env,
        "LMS_ENV": "production",
        "LMS_SECRET_KEY": secrets.token_hex(32),
        "LMS_BIND": f"{HOST}:{port}",
        "LMS_WORKERS": "2",
        "LMS_PUBLIC_URL": f"http://{HOST}:{port}",
        # Every visit logs in from 127.0.0.1: the per-address login limit is set out of reach.
        "LMS_LOGIN_RATE_LIMIT": "10000 per minute",
    }
    log = OUT / "gunicorn.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:lms.gunicorn_conf",
        "--access-logfile",
        str(access_log),
        "lms:create_app()",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env={**os.environ, **server_env},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Gunicorn(process, port, access_log)
    try:
        wait_for(f"http://{HOST}:{port}/healthz", process, log)
        yield server
    finally:
        stop_process(process)


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout_s: float = 120) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise ServerError(f"the server exited ({process.returncode}):\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - local URL
                if answer.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise ServerError(f"no answer from {url} after {timeout_s:.0f} s")


def stop_process(process: subprocess.Popen) -> None:
    from bench.servers import Server

    stop(Server(process, 0, Path(os.devnull)))


# --- the browser ---------------------------------------------------------------------------


def new_context(browser, cookies: list[dict] | None = None, service_workers: str = "allow"):
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        service_workers=service_workers,
    )
    if cookies:
        context.add_cookies(cookies)
    return context


def throttle(page, link: str, offline: bool = False):
    """The phone: CPU four times slower; on the emulated link also its latency and bandwidth.
    ``offline``: no link at all, whichever was chosen (the page's ``navigator.onLine`` is false,
    as on a phone out of coverage), so nothing the page asks is charged for a link."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    cdp.send("Network.enable")
    if offline:
        cdp.send("Network.emulateNetworkConditions", OFFLINE)
    elif link == "emulated":
        cdp.send("Network.emulateNetworkConditions", NETWORK)
    return cdp


def throttle_workers(browser_cdp, cdp, link: str) -> None:
    """Chromium's network throttling is set per target: the page's does not reach the fetches
    its service worker makes (a page it answers from the network). On the emulated link the
    context's service workers get the same conditions, through the browser's CDP session
    (``browser_cdp``, kept open while they are measured: closing it lifts the throttling)."""
    if link != "emulated":
        return
    context_id = cdp.send("Target.getTargetInfo")["targetInfo"].get("browserContextId")
    for target in browser_cdp.send("Target.getTargets")["targetInfos"]:
        if target["type"] != "service_worker" or target.get("browserContextId") != context_id:
            continue
        session = browser_cdp.send(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": False}
        )["sessionId"]
        for number, (method, params) in enumerate(
            (("Network.enable", {}), ("Network.emulateNetworkConditions", NETWORK)), 1
        ):
            message = json.dumps({"id": number, "method": method, "params": params})
            browser_cdp.send(
                "Target.sendMessageToTarget", {"sessionId": session, "message": message}
            )


class Transfers:
    """Requests of one page and their encoded bytes (headers included), from the page's CDP."""

    def __init__(self, cdp):
        self.requests: set[str] = set()
        self.bytes: dict[str, int] = {}
        cdp.on("Network.requestWillBeSent", lambda e: self.requests.add(e["requestId"]))
        cdp.on(
            "Network.loadingFinished",
            lambda e: self.bytes.__setitem__(e["requestId"], int(e["encodedDataLength"])),
        )

    @property
    def total(self) -> int:
        return sum(self.bytes.values())


def first_paint(page) -> float:
    """Seconds from the navigation's start to the first contentful paint."""
    # Polled from here: wait_for_function evaluates a string, which a strict CSP (Kolibri's)
    # forbids in the page.
    paint = "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
    deadline = time.monotonic() + PAINT_TIMEOUT_MS / 1000
    while (started := page.evaluate(paint)) is None:
        if time.monotonic() > deadline:
            raise BenchError(f"{page.url} painted nothing in {PAINT_TIMEOUT_MS / 1000:.0f} s")
        time.sleep(0.05)
    return started / 1000


def worker_ready(page, site: Site) -> None:
    """Until the site's service worker (if it has one) is active and controls the page, and the
    page has set what it sets once the worker is ready (``Site.phone_state``: ours, the
    stylesheet cookie, a moment after the worker holds the stylesheet). A warm visit made before
    that cookie is set would be served the first visit's page, its rules inline."""
    has_worker = page.evaluate(
        "navigator.serviceWorker ? navigator.serviceWorker.getRegistrations()"
        ".then(r => r.length > 0) : false"
    )
    if not has_worker:
        return
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    deadline = time.monotonic() + PHONE_STATE_TIMEOUT_S
    while missing := site.phone_state - {c["name"] for c in page.context.cookies()}:
        if time.monotonic() > deadline:
            raise BenchError(
                f"{page.url}: the worker is ready but the page never set {', '.join(missing)}"
            )
        time.sleep(0.02)


@dataclass
class Site:
    """What the bench needs of a site: its address, how a role logs in, and a request count."""

    name: str
    base: str
    log_in: Callable[[object, str, str], None]  # (page, base, role)
    served: Callable[[], int]  # requests the site has answered so far
    settle: Callable[[], int]
    link: Stats | None = None  # the proxy's counters (connections, bytes): proxy only
    phone_state: frozenset[str] = frozenset()  # cookies its pages set once the worker is ready


# Cookies that stand for what the phone keeps (lms.core.stylesheet: "the service worker holds
# this stylesheet"): a cold context has no worker and no cache, so it does not get them either.
PHONE_STATE_COOKIES = frozenset({"lms_css"})
PHONE_STATE_TIMEOUT_S = 10


def cookies_for(browser, site: Site, role: str | None) -> list[dict]:
    """The login's cookies, without those that describe the logging-in browser's caches."""
    if role is None:
        return []
    context = new_context(browser)
    try:
        page = context.new_page()
        site.log_in(page, site.base, role)
        return [c for c in context.cookies() if c["name"] not in site.phone_state]
    finally:
        context.close()


def measure_page(
    browser, browser_cdp, site: Site, link: str, path: str, cookies, figures: Figures
) -> None:
    context = new_context(browser, cookies)
    link_stats = site.link or Stats()  # all zero on the emulated link, and not reported
    try:
        page = context.new_page()
        cdp = throttle(page, link)
        cold = Transfers(cdp)
        site.settle()
        opened, crossed = link_stats.connections, link_stats.bytes
        page.goto(site.base + path, wait_until="load", timeout=PAINT_TIMEOUT_MS)
        figures.cold_fp.append(first_paint(page))
        page.wait_for_load_state("networkidle", timeout=PAINT_TIMEOUT_MS)
        figures.cold_bytes.append(cold.total)
        figures.cold_requests.append(len(cold.requests))
        figures.cold_connections.append(link_stats.connections - opened)
        worker_ready(page, site)
        throttle_workers(browser_cdp, cdp, link)
        before = site.settle()
        # the page, then what the worker fetched as it installed
        figures.cold_link_bytes.append(link_stats.bytes - crossed)
        opened = link_stats.connections
        page.goto(site.base + path, wait_until="load", timeout=PAINT_TIMEOUT_MS)
        figures.warm_fp.append(first_paint(page))
        page.wait_for_load_state("networkidle", timeout=PAINT_TIMEOUT_MS)
        figures.warm_requests.append(site.settle() - before)
        figures.warm_connections.append(link_stats.connections - opened)
        # What the phone keeps by now (set by the page's script once the worker is ready).
        phone_state = [c for c in context.cookies() if c["name"] in site.phone_state]
    finally:
        context.close()
    if phone_state:
        figures.bare_fp.append(measure_bare(browser, site, link, path, cookies + phone_state))


def measure_bare(browser, site: Site, link: str, path: str, cookies) -> float:
    """The control: the warm visit's first paint with the service worker blocked. The page is
    opened once (the stylesheet and scripts then sit in the browser's HTTP cache: immutable,
    so not asked again), then again, measured: one request, no worker on the way. What the
    worker costs a warm visit is the difference, measured in the same run; what is left is the
    link's round trip, the page's bytes and the slowed CPU."""
    context = new_context(browser, cookies, service_workers="block")
    try:
        page = context.new_page()
        throttle(page, link)
        page.goto(site.base + path, wait_until="load", timeout=PAINT_TIMEOUT_MS)
        page.wait_for_load_state("networkidle", timeout=PAINT_TIMEOUT_MS)
        site.settle()
        page.goto(site.base + path, wait_until="load", timeout=PAINT_TIMEOUT_MS)
        return first_paint(page)
    finally:
        context.close()


def measure_kept(browser, site: Site, link: str, cookies, repeats: int) -> tuple[list, list]:
    """Keep the module, go offline, open a kept lesson never opened: requests and first paint."""
    requests, paints = [], []
    for _ in range(repeats):
        context = new_context(browser, cookies)
        try:
            page = context.new_page()
            page.goto(site.base + MODULE, wait_until="load")
            worker_ready(page, site)
            if not page.evaluate("!!navigator.serviceWorker.controller"):
                page.reload()
                page.wait_for_function("!!navigator.serviceWorker.controller")
            page.click("button.keep-button")
            page.wait_for_selector(".keep-status:has-text('Kept on this phone')", timeout=60_000)
            before = site.settle()
            context.set_offline(True)
            throttle(page, link, offline=True)
            page.goto(site.base + KEPT_LESSON, wait_until="load")
            paints.append(first_paint(page))
            if not page.locator("article.lesson").count():
                raise BenchError("the kept lesson did not open offline")
            requests.append(site.settle() - before)
        finally:
            context.close()
    return requests, paints


# --- the run -------------------------------------------------------------------------------


def no_login(page, base: str, role: str) -> None:
    raise BenchError(f"{base} has no login (asked for {role})")


def lms_log_in(page, base: str, role: str) -> None:
    username = {"trainee": "trainee", "trainer": "trainer"}[role]
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/")


def rows_for(site: str, page: str, link: str, f: Figures, through_proxy: bool) -> list[Row]:
    med = statistics.median
    cold_kb, cold_fp, warm_fp = med(f.cold_bytes) / 1000, med(f.cold_fp), med(f.warm_fp)
    rows = []
    if through_proxy:
        rows += [
            Row(site, page, link, "cold", "connections", med(f.cold_connections), "", None),
            Row(site, page, link, "warm", "connections", med(f.warm_connections), "", None),
            Row(
                site,
                page,
                link,
                "cold",
                "kB on the link, worker's install too",
                med(f.cold_link_bytes) / 1000,
                "",
                None,
            ),
        ]
    cold_fp_budget, warm_requests = COLD_FP_S[link], med(f.warm_requests)
    rows += [
        Row(site, page, link, "cold", "kB", cold_kb, f"≤ {COLD_KB}", cold_kb <= COLD_KB),
        Row(site, page, link, "cold", "requests", med(f.cold_requests), "", None),
        Row(
            site,
            page,
            link,
            "cold",
            FP,
            cold_fp,
            f"≤ {cold_fp_budget}",
            cold_fp <= cold_fp_budget,
        ),
        Row(
            site,
            page,
            link,
            "warm",
            "requests",
            warm_requests,
            f"= {WARM_REQUESTS}",
            warm_requests == WARM_REQUESTS,
        ),
        Row(
            site,
            page,
            link,
            "warm",
            FP,
            warm_fp,
            f"≤ {WARM_FP_S}",
            warm_fp <= WARM_FP_S,
        ),
    ]
    return rows + bare_rows(site, page, link, f)


def bare_rows(site: str, page: str, link: str, f: Figures) -> list[Row]:
    """The control beside the warm figure: the same visit without the worker, and the share
    of the warm first paint the worker adds."""
    if not f.bare_fp:
        return []
    bare, warm = statistics.median(f.bare_fp), statistics.median(f.warm_fp)
    return [
        Row(site, page, link, "warm", "first paint s, no worker", bare, "", None),
        Row(site, page, link, "warm", "worker's share s", warm - bare, "", None),
    ]


WARM_UP_ROUNDS = 8  # requests per page, four at a time: every worker of the server sees it


def warm_up(site: Site, pages, logins: dict) -> None:
    """Each page asked for a few times, side by side, before anything is measured. A worker's
    first request of a page pays the process's one-off work (the content catalogue read, a
    lesson's Markdown rendered, templates compiled: 1-2 s for the first lesson), which a
    server that has been up a while never charges a phone; without this the first visit of
    each page measured the server's start, not the phone's link."""
    import urllib.error
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def fetch(request) -> None:
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 - local
                answer.read()
        except urllib.error.HTTPError:
            pass  # an error page warms the server as well

    requests = []
    for _name, role, path in pages:
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in logins.get(role) or [])
        headers = {"Cookie": cookie} if cookie else {}
        request = urllib.request.Request(site.base + path, headers=headers)  # noqa: S310
        requests += [request] * WARM_UP_ROUNDS
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(fetch, requests))
    site.settle()


def measure_site(browser, site: Site, pages, repeats: int) -> list[Row]:
    rows = []
    browser_cdp = browser.new_browser_cdp_session()
    # Logged in once, straight to the site: a cookie is the host's, whatever the port, so the
    # same cookie serves the proxied address.
    logins = {role: cookies_for(browser, site, role) for role in {r for _, r, _ in pages}}
    if site.name == "lms":
        logins.setdefault("trainee", cookies_for(browser, site, "trainee"))
    warm_up(site, pages, logins)
    for link in LINKS:
        with linked(site, link) as here:
            for name, role, path in pages:
                figures = Figures()
                for _ in range(repeats):
                    measure_page(browser, browser_cdp, here, link, path, logins[role], figures)
                rows += rows_for(site.name, name, link, figures, here.link is not None)
                print(f"  {site.name} {name} over {link}: done", flush=True)
            if site.name == "lms":
                requests, paints = measure_kept(browser, here, link, logins["trainee"], repeats)
                kept_fp = statistics.median(paints)
                kept_requests = statistics.median(requests)
                rows += [
                    Row(
                        site.name,
                        "kept_lesson",
                        link,
                        "kept",
                        "requests",
                        kept_requests,
                        f"= {KEPT_REQUESTS}",
                        kept_requests == KEPT_REQUESTS,
                    ),
                    Row(
                        site.name,
                        "kept_lesson",
                        link,
                        "kept",
                        FP,
                        kept_fp,
                        f"≤ {KEPT_FP_S}",
                        kept_fp <= KEPT_FP_S,
                    ),
                ]
    return rows


@contextmanager
def linked(site: Site, link: str) -> Iterator[Site]:
    """The site as the browser reaches it over ``link``: directly, or through the slow link."""
    if link == "emulated":
        yield site
        return
    host, _, port = site.base.removeprefix("http://").partition(":")
    link_state = Link(RTT_MS / 1000, KBIT_S)
    with Running(link_state, (host, int(port))) as proxy:
        yield replace(site, base=f"http://{HOST}:{proxy.port}", link=link_state.stats)


def value_text(row: Row) -> str:
    if row.figure.startswith("kB"):
        return f"{row.value:.1f}"
    if row.figure in ("requests", "connections"):
        return f"{row.value:g}"
    return f"{row.value:.2f}"


def table(rows: list[Row]) -> str:
    lines = [
        "| site | page | link | visit | figure | value | budget | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.site} | {r.page} | {r.link} | {r.visit} | {r.figure} | {value_text(r)} "
            f"| {r.budget} | {r.verdict} |"
        )
    return "\n".join(lines)


def above_floor(rows: list[Row]) -> str:
    """Each page's first paint beside the almost empty page's, over the same link and visit."""
    floor = {(r.link, r.visit): r.value for r in rows if r.site == "floor" and r.figure == FP}
    lines = [
        "| page | link | visit | first paint s | the floor's | ours less the floor |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.site != "lms" or r.figure != FP or (r.link, r.visit) not in floor:
            continue
        under = floor[(r.link, r.visit)]
        lines.append(
            f"| {r.page} | {r.link} | {r.visit} | {r.value:.2f} | {under:.2f} "
            f"| {r.value - under:+.2f} |"
        )
    return "\n".join(lines)


COUNTERPARTS = {"login": "signin", "home": "learner_home"}


def ratios(rows: list[Row]) -> str:
    """Our figures over Kolibri's for the pages that have a counterpart."""
    theirs = {(r.page, r.link, r.visit, r.figure): r.value for r in rows if r.site == "kolibri"}
    lines = [
        "| page (ours / Kolibri's) | link | visit | figure | ours | Kolibri | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.site != "lms" or r.page not in COUNTERPARTS:
            continue
        other = theirs.get((COUNTERPARTS[r.page], r.link, r.visit, r.figure))
        if other is None:
            continue
        ratio = f"{r.value / other:.3f}" if other else "—"
        lines.append(
            f"| {r.page} / {COUNTERPARTS[r.page]} | {r.link} | {r.visit} | {r.figure} "
            f"| {value_text(r)} | {value_text(Row(**{**r.__dict__, 'value': other}))} "
            f"| {ratio} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="login, home, lesson; one visit each")
    parser.add_argument("--kolibri-venv", type=Path, help="a virtualenv with Kolibri installed")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--repeats", type=int, help="visits per figure, their median shown (3; --quick: 1)"
    )
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        parser.error(f"{CHROMIUM} is missing (Debian package chromium)")
    kolibri = None
    if args.kolibri_venv is not None:
        from bench.kolibri import Kolibri

        kolibri = Kolibri.check(args.kolibri_venv)  # a bad path stops here, before any work
    repeats = args.repeats or (1 if args.quick else 3)
    if repeats < 1:
        parser.error("--repeats must be at least 1")
    pages = [p for p in PAGES if not args.quick or p[0] in QUICK_PAGES]

    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    print("building the demo database", flush=True)
    env = build_demo()
    rows: list[Row] = []
    with production_server(env) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            site = Site(
                "lms",
                f"http://{HOST}:{server.port}",
                lms_log_in,
                server.requests_served,
                server.settle,
                phone_state=PHONE_STATE_COOKIES,
            )
            rows += measure_site(browser, site, pages, repeats)
            with floor_server() as floor:
                floor_site = Site(
                    "floor",
                    f"http://{HOST}:{floor.server_address[1]}",
                    no_login,
                    lambda: floor.served,
                    lambda: until_quiet(lambda: floor.served),
                )
                rows += measure_site(browser, floor_site, [("empty", None, FLOOR_PATH)], repeats)
            if kolibri is not None:
                with kolibri.running(OUT / "kolibri") as their_site:
                    rows += measure_site(browser, their_site, kolibri.pages(), repeats)
        finally:
            browser.close()
    print()
    print(table(rows))
    print()
    print(above_floor(rows))
    if kolibri is not None:
        print()
        print(ratios(rows))
    failed = [r for r in rows if r.site == "lms" and r.ok is False]
    print()
    print(
        f"{len(rows)} figures in {time.monotonic() - started:.0f} s; "
        f"ours: {sum(r.ok is True for r in rows if r.site == 'lms')} PASS, {len(failed)} FAIL"
    )
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], indent=1))
    shutil.rmtree(OUT / "kolibri" / "sessions", ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (BenchError, ServerError) as error:
        sys.exit(f"bench: {error}")
