"""Benchmark the platform at national scale: ``python bench/run.py [--quick] [--db URL]``.

One run builds two data sets (the measured size and 1/20 of it), counts SQL statements per key
page on both, serves a hello-world and the platform on each data set under the same gunicorn
settings, loads hello and every key page from client processes on this machine in rounds that
alternate small and full, reads the peak memory of the workers, prints one ``name: value`` per
figure and appends them to ``bench/RESULTS.md``. Measuring everything in one run, with the
pairs seconds apart, keeps the ratios honest on a noisy machine.

Three figures write or render rather than serve pages, and are taken once per run on the
measured data set: ``content_load_s`` (the catalogue built in a fresh process),
``concurrent_submit`` (100 trainees submit a quiz at once against the running server) and
``cert_batch_ratio`` (45 certificates issued through the platform over WeasyPrint alone).

``--quick`` (500 trainees) finishes in under two minutes; the default is the full national
size (10,000 trainees, 1,000,000 practice entries, 200,000 quiz attempts).
``--db postgresql://user@host:5432/name`` uses PostgreSQL: the database is created if missing
and its ``public`` schema is dropped and recreated, as is ``name_small``.
Without ``--db`` the data sets are SQLite files under ``bench/out/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import secrets
import signal
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` and ``lms`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report
from bench.certbatch import cert_batch
from bench.content_load import content_load
from bench.dataset import (
    FULL,
    QUICK,
    SMALL_FACTOR,
    Dataset,
    Scale,
    build,
    describe_database,
    ensure_signing_key,
    small_url,
)
from bench.kept import compute_times
from bench.load import LoadSpec, Sample, Sessions, measure, percentile, summarise
from bench.pages import PAGES
from bench.queries import VERIFY_RATE_LIMIT, count_queries
from bench.servers import (
    WARM_CONFIG,
    WORKERS,
    ServerSpec,
    gunicorn_version,
    peak_rss_mb,
    serving,
    supports_no_control_socket,
    worker_pids,
)
from bench.submit import concurrent_submit

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
RESULTS = BENCH_DIR / "RESULTS.md"
# Beside each platform server, as the README's production set-up runs it: the kept national
# reports are recomputed before they expire, so no measured request computes one.
REFRESHER = ("reports", "refresh", "--every", "60")


@dataclass(frozen=True)
class Profile:
    name: str
    scale: Scale
    rounds: int  # each page is loaded this many times, alternating small and full
    warmup_s: float  # before every window
    duration_s: float  # per page and scale, over all rounds
    weasyprint_passes: int  # cert_batch_ratio: WeasyPrint-alone passes averaged


PROFILES = {
    "quick": Profile("quick", QUICK, rounds=1, warmup_s=0.15, duration_s=0.7, weasyprint_passes=1),
    "full": Profile("full", FULL, rounds=3, warmup_s=1.0, duration_s=15.0, weasyprint_passes=2),
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small data set, short windows")
    parser.add_argument("--db", help="database URL (default: SQLite files under bench/out/)")
    parser.add_argument("--clients", type=int, default=4, help="load client processes (4)")
    parser.add_argument("--duration", type=float, help="seconds of load per page and scale")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    return parser.parse_args(argv)


def build_data_sets(url: str, scale: Scale) -> dict[str, Dataset]:
    data = {}
    for name, size, where in (
        ("small", scale.divided(SMALL_FACTOR), small_url(url)),
        ("full", scale, url),
    ):
        log(f"building the {name} data set: {size.describe()}")
        data[name] = build(where, size, keep_aside=name == "full")
        log(f"  {data[name].users:,} users in {data[name].build_s:.1f} s")
        log(f"  {data[name].describe_records()}")
    return data


@dataclass(frozen=True)
class Window:
    """How each load window runs: clients, warm-up and length."""

    clients: int
    warmup_s: float
    duration_s: float
    sessions: Sessions = field(default_factory=Sessions)

    def sample(self, label: str, port: int, path: str, username=None, password="") -> Sample:
        cookies = self.sessions.get(port, username, password, self.clients) if username else ()
        spec = LoadSpec(
            port, path, username, password, self.clients, self.warmup_s, self.duration_s, cookies
        )
        sample = measure(spec)
        ms = sorted(sample.latencies)
        log(
            f"  {label} {path}: {len(ms) / sample.duration_s:.0f} req/s, "
            f"p95 {percentile(ms, 95) * 1000:.1f} ms, {sample.errors} errors"
        )
        return sample


def server_specs(data: dict[str, Dataset]) -> dict[str, ServerSpec]:
    """Hello-world and the platform on each data set, under the same gunicorn settings."""
    specs = {"hello": ServerSpec("bench.hello:app", {}, "/", OUT_DIR / "gunicorn-hello.log")}
    for name, d in data.items():
        env = {
            "LMS_DATABASE_URL": d.url,
            "LMS_SECRET_KEY": os.environ["LMS_SECRET_KEY"],
            "LMS_ENV": "development",  # production marks the cookie Secure: no login over http
            "LMS_SIGNING_KEY_FILE": str(ensure_signing_key()),
            # The verify page is rate limited per address; every load client is 127.0.0.1.
            "LMS_VERIFY_RATE_LIMIT": str(VERIFY_RATE_LIMIT),
        }
        specs[name] = ServerSpec(
            "lms:create_app()",
            env,
            "/healthz",
            OUT_DIR / f"gunicorn-{name}.log",
            beside=REFRESHER,
            config=WARM_CONFIG,
        )
    return specs


def load_rounds(data: dict[str, Dataset], window: Window, rounds: int, servers) -> dict:
    """For each page: hello, then the page on both data sets (which first alternates); repeated
    ``rounds`` times.

    Measuring the two scales of a page, and hello, seconds apart means a burst of other work on
    the machine touches all three rather than one; hello is sampled as often as each page.
    """
    samples: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    for number in range(1, rounds + 1):
        log(f"round {number} of {rounds}")
        for index, page in enumerate(PAGES):
            samples["hello", "/"].append(window.sample("hello", servers["hello"].port, "/"))
            scales = list(data.items())
            if (number + index) % 2:
                scales.reverse()  # full first every other time: no scale always follows hello
            for name, d in scales:
                login = page.username(d)
                sample = window.sample(name, servers[name].port, page.path(d), login, d.password)
                samples[name, page.name].append(sample)
    return samples


def measure_servers(data: dict[str, Dataset], window: Window, rounds: int):
    """Serve hello and the platform on both data sets at once; load them; read worker memory;
    then have 100 trainees submit a quiz at once to the full-scale server."""
    log("starting gunicorn: hello-world and the platform on each data set")
    with serving(server_specs(data)) as servers:
        samples = load_rounds(data, window, rounds, servers)
        rss = [peak_rss_mb(pid) for pid in worker_pids(servers["full"].pid)]
        log(f"concurrent_submit: {len(data['full'].submit_user_ids)} trainees submit at once")
        submit = concurrent_submit(data["full"], servers["full"].port)
        log(f"  {submit.ok}/{submit.total} ok in {submit.duration_s:.1f} s, {submit.statuses}")
    loads = {
        name: {page.name: summarise(samples[name, page.name]) for page in PAGES} for name in data
    }
    return summarise(samples["hello", "/"]), loads, rss, submit


def server_description() -> str:
    flags = (
        " `--no-control-socket`" if supports_no_control_socket() else " (no `--no-control-socket`)"
    )
    beside = f"`lms {' '.join(REFRESHER)}` beside each platform server"
    warm = "each platform worker builds the catalogue as it starts (`bench/gunicorn_warm.py`)"
    return f"gunicorn {gunicorn_version()}, {WORKERS} sync workers,{flags}; {beside}; {warm}"


def exclusive_run():
    """Hold bench/out/run.lock for the whole run: two runs at once would rebuild each other's
    databases (the same files, or the same PostgreSQL databases) under each other's servers."""
    OUT_DIR.mkdir(exist_ok=True)
    lock = (OUT_DIR / "run.lock").open("a+")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        raise SystemExit(
            f"bench: another run holds {OUT_DIR / 'run.lock'} ({lock.read().strip()}); "
            "wait for it to finish"
        ) from None
    lock.truncate(0)
    lock.write(f"pid {os.getpid()}, started {time.strftime('%H:%M:%S')}\n")
    lock.flush()
    return lock  # the lock lasts as long as the file stays open


def run(args: argparse.Namespace) -> int:
    profile = PROFILES["quick" if args.quick else "full"]
    duration = args.duration or profile.duration_s
    window = Window(args.clients, profile.warmup_s, duration / profile.rounds)
    lock = exclusive_run()  # noqa: F841 - held until run() returns
    url = args.db or f"sqlite:///{OUT_DIR / f'bench-{profile.name}.sqlite3'}"
    load_before = os.getloadavg()[0]
    data = build_data_sets(url, profile.scale)
    log("content_load_s: the catalogue in a fresh process")
    content = content_load()
    log(f"  {content.load_s:.2f} s, lesson HTML {content.render_s:.2f} s")
    log("counting SQL statements per page")
    queries = {name: count_queries(d, PAGES) for name, d in data.items()}
    log("computing the kept national reports")
    kept = {name: compute_times(d) for name, d in data.items()}
    for report_name, computed in kept["full"].items():
        log(f"  {report_name}: {computed.ms:.0f} ms, {computed.statements} statements")
    hello, loads, rss, submit = measure_servers(data, window, profile.rounds)
    log(f"cert_batch_ratio: {len(data['full'].batch_user_ids)} certificates")
    certs = cert_batch(data["full"], passes=profile.weasyprint_passes)
    log(f"  platform {certs.platform_s:.1f} s, WeasyPrint alone {certs.weasyprint_s:.1f} s")
    settings = report.RunSettings(
        profile=profile.name,
        database=describe_database(url),
        clients=args.clients,
        rounds=profile.rounds,
        warmup_s=window.warmup_s,
        duration_s=duration,
        server=server_description(),
        load_average=(load_before, os.getloadavg()[0]),
    )
    extra = report.OneOffs(content, submit, certs, kept)
    m = report.Measurements(settings, data, hello, loads, queries, rss, extra)
    figs = report.figures(m)
    (OUT_DIR / "queries.txt").write_text(report.queries_listing(m), encoding="utf-8")
    print(report.format_figures(figs), flush=True)
    if not args.no_record:
        report.append_results(RESULTS, m, figs)
        log(f"recorded in {RESULTS.relative_to(BENCH_DIR.parent)}")
    return 0


def _terminated(signum, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds like Ctrl-C, so the servers are stopped


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # The app would otherwise write a generated key into instance/; one key serves every process.
    os.environ.setdefault("LMS_SECRET_KEY", secrets.token_hex(32))
    # Ctrl-C and kill stop the servers too, even when started from a script that ignores SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _terminated)
    started = time.perf_counter()
    try:
        return run(args)
    except KeyboardInterrupt:
        log("interrupted; servers stopped")
        return 130
    finally:
        log(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
