"""Declaring the kinds of background work, and starting one.

A domain declares a kind once, at import time of its module::

    @job_kind("certificates.issue_cohort", title=_l("Issuing certificates"), describe=describe)
    def issue_cohort(job: RunningJob, cohort_id: int, programme: str) -> None:
        job.set_total(len(people))
        for person in people:
            with job.step():  # the step's writes and the progress commit together
                ...
        job.set_result(issued=3, held=40)

and starts one from a view or a command with ``lms.jobs.control.start_job(kind,
started_by_id=..., **args)`` (arguments: JSON values) after ``check_available()``. A job must
be idempotent: it may run again after a failure, a retry or a killed worker, and must then
skip what is already done.
``describe(result)`` turns the stored result into words in the reader's language.

Periodic work is declared with ``@every_minute``: it runs in the worker once a minute.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from lms.core.database import utcnow
from lms.core.extensions import db
from lms.core.unit_of_work import unit_of_work
from lms.jobs.models import Job

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Callable[..., None]
    title: Any  # a lazy string
    describe: Callable[[dict], str] | None


_KINDS: dict[str, JobKind] = {}
_PERIODIC: list[Callable[[], None]] = []


def job_kind(name: str, *, title, describe: Callable[[dict], str] | None = None):
    """Declare the decorated function as the way to run jobs of kind ``name``."""

    def register(function):
        _KINDS[name] = JobKind(name, function, title, describe)
        return function

    return register


def kind_of(job: Job) -> JobKind | None:
    return _KINDS.get(job.kind)


def is_kind(name: str) -> bool:
    return name in _KINDS


def every_minute(function: Callable[[], None]) -> Callable[[], None]:
    """Run the decorated function once a minute in the worker (in an app context)."""
    _PERIODIC.append(function)
    return function


def run_periodic() -> None:
    """Each piece of periodic work in turn; one that fails (logged) does not stop the others,
    and runs again the next minute."""
    for function in _PERIODIC:
        try:
            function()
        except Exception:
            log.exception("periodic %s failed", function.__qualname__)


class RunningJob:
    """What a job's function is handed: its progress and its result, kept in its row."""

    def __init__(self, job_id: int):
        self.job_id = job_id

    def _row(self) -> Job:
        return db.session.get(Job, self.job_id, populate_existing=True)

    def set_total(self, total: int) -> None:
        with unit_of_work():
            row = self._row()
            row.progress_total, row.progress_done, row.updated_at = total, 0, utcnow()

    @contextmanager
    def step(self, count: int = 1) -> Iterator[None]:
        """One step's writes and its progress are committed together, or neither."""
        with unit_of_work():
            yield
            row = self._row()
            row.progress_done += count
            row.updated_at = utcnow()

    def set_result(
        self, *, download_name: str | None = None, download: bytes | None = None, **result: Any
    ) -> None:
        with unit_of_work():
            row = self._row()
            row.result_json = json.dumps(result, sort_keys=True)
            row.download_name, row.download = download_name, download
