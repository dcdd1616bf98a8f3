"""What a kept national report costs when it is computed: ``<report>_compute_ms``.

The national practice report and the national competency view are kept for a few minutes
(``LMS_REPORT_MAX_AGE``), so the page loads measure the kept path. Computing them still reads
every approved entry or every trainee's evidence; this times that work in-process, on the small
and the measured data set (best of ``repeat``), with the statements it issues, so the cost of the
first view after the age runs out is on record beside the served figures.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import event

from bench.dataset import Dataset, app_config
from bench.queries import TRANSACTION_CONTROL
from lms import create_app
from lms.competencies.national import all_regions, status_counts
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.practice.reports import ReportFilter, national_figures


@dataclass(frozen=True)
class Computed:
    ms: float  # best of the repeats
    statements: int


def _national_report() -> None:
    national_figures(ReportFilter())


def _national_competencies() -> None:
    status_counts(catalogue().programmes[0], all_regions())


REPORTS = {"national_report": _national_report, "national_competencies": _national_competencies}


def compute_times(data: Dataset, repeat: int = 2) -> dict[str, Computed]:
    app = create_app(app_config(data.url))
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            statements.append(statement)

    found = {}
    with app.test_request_context():
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            for name, compute in REPORTS.items():
                best = float("inf")
                for _ in range(repeat):
                    statements.clear()
                    started = time.perf_counter()
                    compute()
                    best = min(best, time.perf_counter() - started)
                    db.session.rollback()
                found[name] = Computed(best * 1000, len(statements))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
            db.session.remove()
            db.engine.dispose()
    return found
