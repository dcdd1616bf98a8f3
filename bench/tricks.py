"""What each speed trick buys: ``python bench/tricks.py [--db URL] [--rounds N] [--duration S]``.

Every shortcut around a library (``lms.core.config.speed_tricks``) has a switch; this serves
hello-world and the platform once with every trick on, once with each trick off alone and once
with all of them off, all at the same time under the bench's gunicorn settings, and loads the
lesson and dashboard pages on each, right after a hello window, in rounds whose order rotates.
Each trick's worth is what turning it off alone costs: ``gain = on / without - 1`` on the
ratio to hello (a trick that buys less than 10 % is to be removed). One run, one machine, one
data set (the quick one), so the figures compare where absolute requests/s would not. Prints a
Markdown table and writes it to ``bench/out/tricks.md``.

A second table times the same pages in-process (a Flask test client, no server or load
generator): the CPU time of one request, the best of several batches. On a machine that other
work keeps busy the server figures move by a tenth between windows; CPU time per request moves
much less, so it confirms (or not) what the server windows suggest.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from collections import defaultdict
from pathlib import Path
from statistics import median

if __package__ in (None, ""):  # run as a script: make ``bench`` and ``lms`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.dataset import (
    QUICK,
    Dataset,
    app_config,
    build,
    describe_database,
    ensure_signing_key,
)
from bench.hello import app as hello_app
from bench.load import LoadSpec, Sessions, measure
from bench.pages import PAGES
from bench.queries import _log_in
from bench.servers import WARM_CONFIG, ServerSpec, serving
from lms import create_app
from lms.core.config import speed_tricks

OUT_DIR = Path(__file__).resolve().parent / "out"
MEASURED = ("lesson", "dashboard")
ALL_ON, ALL_OFF = "all on", "all off"


def log(message: str) -> None:
    print(f"[tricks {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def variants() -> dict[str, dict[str, str]]:
    """Server name -> the switches it sets: all on, each trick off alone, all off."""
    keys = list(speed_tricks({}))
    found = {ALL_ON: {}}
    for key in keys:
        found[f"without {key}"] = {f"LMS_{key}": "0"}
    found[ALL_OFF] = {f"LMS_{key}": "0" for key in keys}
    return found


def specs(data: Dataset) -> dict[str, ServerSpec]:
    found = {"hello": ServerSpec("bench.hello:app", {}, "/", OUT_DIR / "tricks-hello.log")}
    for index, (name, switches) in enumerate(variants().items()):
        env = {
            "LMS_DATABASE_URL": data.url,
            "LMS_SECRET_KEY": os.environ["LMS_SECRET_KEY"],
            "LMS_ENV": "development",  # production marks the cookie Secure: no login over http
            "LMS_SIGNING_KEY_FILE": str(ensure_signing_key()),
            **switches,
        }
        log_file = OUT_DIR / f"tricks-{index}.log"
        found[name] = ServerSpec("lms:create_app()", env, "/healthz", log_file, config=WARM_CONFIG)
    return found


def load(data: Dataset, servers, args) -> dict[tuple[str, str], list[float]]:
    """(server, page) -> the ratio to hello of each window: every window of a variant follows
    a hello window of its own, so both see the same moment of other work on the machine."""
    sessions = Sessions()
    pages = [p for p in PAGES if p.name in MEASURED]
    names = list(variants())
    ratios: dict[tuple[str, str], list[float]] = defaultdict(list)

    def rate(port: int, path: str, cookies=()) -> float:
        spec = LoadSpec(port, path, None, "", args.clients, args.warmup, args.duration, cookies)
        sample = measure(spec)
        if sample.errors:
            log(f"  {path} on port {port}: {sample.errors} errors")
        return len(sample.latencies) / sample.duration_s

    for number in range(args.rounds):
        log(f"round {number + 1} of {args.rounds}")
        order = names[number % len(names) :] + names[: number % len(names)]
        for page in pages:
            for name in order:
                port = servers[name].port
                cookies = sessions.get(port, page.username(data), data.password, args.clients)
                hello = rate(servers["hello"].port, "/")
                ratios[name, page.name].append(rate(port, page.path(data), cookies) / hello)
                ratios["hello", page.name].append(hello)
    return ratios


def table(ratios, settings: str) -> str:
    lines = [
        settings,
        "",
        "| server | lesson / hello | dashboard / hello | gain (lesson, dashboard) |",
        "|---|---:|---:|---|",
    ]
    ratio = {(n, p): median(ratios[n, p]) for n in variants() for p in MEASURED}
    hello = " | ".join(f"{median(ratios['hello', p]):.0f} req/s" for p in MEASURED)
    lines.append(f"| hello (median of its windows) | {hello} | |")
    for name in variants():
        cells = " | ".join(f"{ratio[name, page]:.3f}" for page in MEASURED)
        gain = ""
        if name != ALL_ON:
            gain = ", ".join(f"{ratio[ALL_ON, p] / ratio[name, p] - 1:+.0%}" for p in MEASURED)
        lines.append(f"| {name} | {cells} | {gain} |")
    return "\n".join(lines) + "\n"


def _cpu_per_request(client, path: str, requests: int) -> float:
    """Microseconds of CPU time per GET of ``path``, over ``requests`` requests."""
    started = time.process_time()
    for _ in range(requests):
        if client.get(path).status_code != 200:
            raise RuntimeError(f"{path} did not answer 200")
    return (time.process_time() - started) / requests * 1e6


def _clients(data: Dataset) -> dict:
    """A logged-in test client of an app per variant (and hello's), caches filled."""
    clients = {"hello": hello_app.test_client()}
    for name, switches in variants().items():
        config = {key.removeprefix("LMS_"): False for key in switches}
        client = create_app(app_config(data.url, **config)).test_client()
        _log_in(client, data.logins["reader"], data.password)
        for page in PAGES:
            if page.name in MEASURED:
                client.get(page.path(data))  # builds the catalogue, fills the caches
        clients[name] = client
    return clients


def in_process(data: Dataset, requests: int = 100, batches: int = 7) -> dict:
    """(variant or "hello", page) -> µs of CPU time per request through a test client, the
    best of ``batches``; every batch goes over all the variants in turn, so a burst of other
    work on the machine falls on one batch of several variants rather than on one variant."""
    pages = [p for p in PAGES if p.name in MEASURED]
    clients = _clients(data)
    best: dict[tuple[str, str], float] = defaultdict(lambda: float("inf"))
    for _ in range(batches):
        for name, client in clients.items():
            for page in pages:
                path = "/" if name == "hello" else page.path(data)
                spent = _cpu_per_request(client, path, requests)
                best[name, page.name] = min(best[name, page.name], spent)
    return best


def cpu_table(cpu: dict[tuple[str, str], float]) -> str:
    lines = [
        "| in-process | lesson µs/request | dashboard µs/request | gain (lesson, dashboard) |",
        "|---|---:|---:|---|",
    ]
    for name in ["hello", *variants()]:
        cells = [f"{cpu[name, page]:.0f}" for page in MEASURED]
        gain = ""
        if name not in ("hello", ALL_ON):
            gain = ", ".join(f"{cpu[name, p] / cpu[ALL_ON, p] - 1:+.0%}" for p in MEASURED)
        lines.append(f"| {name} | {' | '.join(cells)} | {gain} |")
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="database URL (default: a SQLite file under bench/out/)")
    parser.add_argument("--clients", type=int, default=4, help="load client processes (4)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds over every server (5)")
    parser.add_argument("--duration", type=float, default=1.0, help="seconds per window (1.0)")
    parser.add_argument("--warmup", type=float, default=0.2, help="seconds before each (0.2)")
    parser.add_argument("--in-process-only", action="store_true", help="no servers")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("LMS_SECRET_KEY", secrets.token_hex(32))
    OUT_DIR.mkdir(exist_ok=True)
    url = args.db or f"sqlite:///{OUT_DIR / 'tricks.sqlite3'}"
    log(f"building the data set: {QUICK.describe()}")
    data = build(url, QUICK)
    load_before = os.getloadavg()[0]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = ""
    if not args.in_process_only:
        with serving(specs(data)) as servers:
            log(f"{len(servers)} servers up")
            ratios = load(data, servers, args)
        settings = (
            f"{started}, {describe_database(url)}, {os.cpu_count()} CPUs; {args.clients} "
            f"clients; {args.rounds} rounds of {args.duration} s windows (after {args.warmup} s), "
            f"each variant's right after a hello one; medians of the window ratios; load "
            f"average before/after {load_before:.2f} / {os.getloadavg()[0]:.2f}."
        )
        text = table(ratios, settings) + "\n"
    log("in-process CPU time per request")
    text += cpu_table(in_process(data))
    (OUT_DIR / "tricks.md").write_text(text, encoding="utf-8")
    print(text, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
