"""From measurements to figures: the ``name: value`` lines and the record in ``RESULTS.md``.

Every figure is a ratio or a count taken within one run, so it holds on a noisy machine where
absolute requests/s do not. The record names the machine by its kind (CPUs, memory, Python,
database), never by host name or path, because the file is committed.
"""

from __future__ import annotations

import operator
import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.dataset import Dataset
from bench.load import LoadResult
from bench.queries import QueryCount

# figure -> (comparison, target). Figures not measured yet are listed so the header explains them.
TARGETS: dict[str, tuple[str, float]] = {
    "lesson_vs_hello": (">=", 0.5),
    "dashboard_vs_hello": (">=", 0.25),
    "queries_max": ("<=", 10),
    "queries_growth": ("==", 1.0),
    "p95_growth": ("<=", 2.0),
    "worker_rss_mb": ("<=", 250),
    "cert_batch_ratio": ("<=", 1.7),
}
_COMPARE = {">=": operator.ge, "<=": operator.le, "==": operator.eq}

HEADER = """\
# Benchmark results

Recorded by `python bench/run.py [--quick] [--db URL]`; each run appends a dated section below.
Without `--db` the data sets are SQLite files in `bench/out/` (git-ignored); with
`--db postgresql://postgres@127.0.0.1:5432/bench` the databases `bench` and `bench_small` are
created if missing and their `public` schema is dropped and rebuilt. `--quick` takes under two
minutes; a full run about six. `--quick` loads each page for only 3 s per scale, too short
for a stable p95 on a busy machine: take `p95_growth` from full runs. Every statement of every
key page is listed in `bench/out/queries.txt` after a run.

Every figure comes from one run: a hello-world Flask app and the platform run under the same
gunicorn settings (2 sync workers, 127.0.0.1) and are loaded by the same Python load generator
on the same machine, each page right after a hello window and on its small and full data sets
back to back (in alternating order), so the ratios hold where absolute requests/s do not. The
small data set is 1/20 of the measured one; cohorts have the same shape in both (25 trainees,
two trainers), and the people the pages log in as use the same interface language. Query
counts are taken in-process on the second request of a logged-in test client; transaction
control (BEGIN/COMMIT) and the connection pool's pre-ping are not counted.

| figure | meaning | target |
|---|---|---|
| `hello_rps` | requests/s of a bare Flask hello-world: the ceiling | — |
| `<page>_rps`, `<page>_vs_hello` | requests/s of a key page, and over `hello_rps` | — |
| `lesson_vs_hello` | an authenticated lesson page over hello | ≥ 0.5 |
| `dashboard_vs_hello` | the trainee dashboard over hello | ≥ 0.25 |
| `queries_max` | most SQL statements any key page issues per request | ≤ 10 |
| `queries_growth` | max over pages of queries at full / small scale | = 1.0 |
| `p95_growth` | max over pages of p95 latency at full / small scale | ≤ 2.0 |
| `worker_rss_mb` | peak resident memory (VmHWM) of one gunicorn worker at full scale | ≤ 250 |
| `dataset_build_s` | building the measured data set (migrations, regions, bulk inserts) | — |

Not measured yet, because the code they measure does not exist yet; each arrives with its package:

| figure | arrives with | target |
|---|---|---|
| `lesson_vs_hello` | lesson pages (`lms/courses`, `GET /learn/...`) | ≥ 0.5 |
| `dashboard_vs_hello` | the trainee dashboard | ≥ 0.25 |
| `content_load_s` | the content loader (Catalogue of all three programmes, from cold) | — |
| `concurrent_submit` | quizzes (`lms/assessments`): 100 trainees submit at once | 100/100 |
| `cert_batch_ratio` | certificates: 45 through the platform / WeasyPrint alone | ≤ 1.7 |

The data set also grows with those packages: 1,000,000 practice entries, 200,000 quiz attempts
with responses, 5,000 certificates and 20 universities with mapped courses (full scale). Today
it holds regions, users and roles, cohorts with their trainers and trainees.
"""


@dataclass(frozen=True)
class RunSettings:
    profile: str  # "quick" or "full"
    database: str  # kind and version, e.g. "SQLite 3.45.1"
    clients: int
    rounds: int
    warmup_s: float  # before each window
    duration_s: float  # per page and scale, over all rounds
    server: str  # gunicorn version and flags
    load_average: tuple[float, float]  # 1-minute load average before and after: other work


@dataclass(frozen=True)
class Measurements:
    settings: RunSettings
    data: dict[str, Dataset]  # "small" and "full" (the measured size, quick or full)
    hello: LoadResult
    loads: dict[str, dict[str, LoadResult]]  # scale -> page -> result
    queries: dict[str, dict[str, QueryCount]]  # scale -> page -> count
    worker_rss_mb: list[float]  # each worker of the full-scale server


def _ratio(a: float, b: float) -> float:
    return a / b if b else (1.0 if a == b else float("inf"))


def growth(m: Measurements) -> tuple[dict[str, float], dict[str, float]]:
    """Per page: queries full/small and p95 full/small."""
    small_q, full_q = m.queries["small"], m.queries["full"]
    small_l, full_l = m.loads["small"], m.loads["full"]
    queries = {p: _ratio(full_q[p].count, small_q[p].count) for p in full_q}
    p95 = {p: _ratio(full_l[p].p95_ms, small_l[p].p95_ms) for p in full_l}
    return queries, p95


def figures(m: Measurements) -> dict[str, float]:
    """The figures in the order they are printed."""
    figs: dict[str, float] = {"hello_rps": m.hello.rps}
    for page, result in m.loads["full"].items():
        figs[f"{page}_rps"] = result.rps
        figs[f"{page}_vs_hello"] = _ratio(result.rps, m.hello.rps)
    queries_growth, p95_growth = growth(m)
    figs["queries_max"] = max(q.count for q in m.queries["full"].values())
    figs["queries_growth"] = max(queries_growth.values())
    figs["p95_growth"] = max(p95_growth.values())
    figs["worker_rss_mb"] = max(m.worker_rss_mb)
    figs["dataset_build_s"] = m.data["full"].build_s
    return figs


def format_value(name: str, value: float) -> str:
    if name == "queries_max":
        return str(int(value))
    if name.endswith("_vs_hello"):
        return f"{value:.3f}"
    if name.endswith("_growth"):
        return f"{value:.2f}"
    return f"{value:.1f}"


def format_figures(figs: dict[str, float]) -> str:
    return "\n".join(f"{name}: {format_value(name, value)}" for name, value in figs.items())


def verdict(name: str, value: float) -> str:
    if name not in TARGETS:
        return ""
    op, target = TARGETS[name]
    shown = "=" if op == "==" else op.replace(">=", "≥").replace("<=", "≤")
    met = "met" if _COMPARE[op](round(value, 6), target) else "**missed**"
    return f"{shown} {target:g} {met}"


def machine() -> str:
    """CPU count and model, memory, OS and Python: what the figures depend on, no host name."""
    model, memory = "", ""
    info = Path("/proc/cpuinfo")
    if info.exists():
        lines = [x for x in info.read_text().splitlines() if x.startswith("model name")]
        model = f" ({lines[0].split(':', 1)[1].strip()})" if lines else ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:", 1)[1].split()[0])
        memory = f", {kib / 1024**2:.1f} GiB RAM"
    return (
        f"{os.cpu_count()} CPUs{model}{memory}, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )


def _page_rows(m: Measurements) -> list[str]:
    queries_growth, p95_growth = growth(m)
    rows = [
        "| page | queries small → full | p50 ms small → full | p95 ms small → full "
        "| p95 growth | req/s small → full | errors |",
        "|---|---|---|---|---:|---|---:|",
    ]
    for page, full in m.loads["full"].items():
        small = m.loads["small"][page]
        q_small, q_full = m.queries["small"][page].count, m.queries["full"][page].count
        rows.append(
            f"| {page} | {q_small} → {q_full} | {small.p50_ms:.1f} → {full.p50_ms:.1f} "
            f"| {small.p95_ms:.1f} → {full.p95_ms:.1f} | {p95_growth[page]:.2f} "
            f"| {small.rps:.0f} → {full.rps:.0f} | {small.errors + full.errors} |"
        )
    return rows


def section(m: Measurements, figs: dict[str, float]) -> str:
    s, small, full = m.settings, m.data["small"], m.data["full"]
    lines = [
        f"## {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {s.profile}, {s.database}",
        "",
        f"- Machine: {machine()}.",
        f"- Server: {s.server}. Load: {s.clients} client processes on the same machine; "
        f"{s.duration_s:g} s per page and scale in {s.rounds} round(s) of hello + both scales, "
        f"each window after {s.warmup_s:g} s of warm-up. Load average before/after: "
        f"{s.load_average[0]:.2f} / {s.load_average[1]:.2f}.",
        f"- Data set: {full.scale.describe()} ({full.users:,} users), built in "
        f"{full.build_s:.1f} s; small: {small.scale.describe()} ({small.users:,} users).",
        "",
        "| figure | value | target |",
        "|---|---:|---|",
        *(f"| `{k}` | {format_value(k, v)} | {verdict(k, v)} |" for k, v in figs.items()),
        "",
        *_page_rows(m),
        "",
    ]
    return "\n".join(lines)


def append_results(path: Path, m: Measurements, figs: dict[str, float]) -> None:
    """Add this run's section; create the file with its explanatory header the first time."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    path.write_text(text.rstrip("\n") + "\n\n" + section(m, figs), encoding="utf-8")


def queries_listing(m: Measurements) -> str:
    """Every statement of every page at both scales, for finding where a count comes from."""
    out = []
    for scale, pages in m.queries.items():
        for page, count in pages.items():
            out.append(f"== {scale} / {page}: {count.count} statements")
            out += [f"  {i}. {sql}" for i, sql in enumerate(count.statements, 1)]
    return "\n".join(out) + "\n"
