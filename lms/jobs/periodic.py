"""Periodic work run by the worker: the kept national reports are recomputed ahead of expiry
(what ``lms reports refresh --every`` did in a loop the operator had to keep alive)."""

from __future__ import annotations

import logging

from lms.core.unit_of_work import unit_of_work
from lms.jobs.kinds import every_minute
from lms.reports.cache import max_age, refresh_standing

log = logging.getLogger(__name__)

# Run every minute: recompute what would expire within the next two minutes.
REFRESH_WITHIN_S = 120


@every_minute
def refresh_kept_reports() -> None:
    if max_age() <= 0:
        return
    with unit_of_work():
        refreshed, dropped = refresh_standing(REFRESH_WITHIN_S)
    for report in refreshed:
        log.info("recomputed %s in %.2f s", report.key, report.seconds)
    if dropped:
        log.info("dropped %d expired reports", dropped)
