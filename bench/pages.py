"""The key pages the benchmark measures: one registry for load, latency and query counts.

A page is a name, the role of the person who opens it (``None``: anonymous) and its URL built
from the data set. Adding a page here puts it in every figure: requests/s against hello-world,
p95 growth, queries per request and their growth. Certificate verification is rate limited per
client address and every load client is 127.0.0.1, so the bench's servers (and the query count)
raise ``LMS_VERIFY_RATE_LIMIT`` out of reach: the page still counts the request in the database,
as it does in production, but never refuses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.dataset import Dataset

LEARN = "/learn/foundational"


@dataclass(frozen=True)
class Page:
    name: str
    role: str | None  # a key of Dataset.logins, or None for a page anyone may open
    path: Callable[[Dataset], str]

    def username(self, data: Dataset) -> str | None:
        return data.logins[self.role] if self.role else None


PAGES: tuple[Page, ...] = (
    Page("home", "trainee", lambda d: "/"),
    Page("cohort", "trainer", lambda d: f"/cohorts/{d.cohort_id}"),
    Page("trainee", "trainer", lambda d: f"/trainees/{d.trainee_id}"),
    Page("users_admin", "admin", lambda d: "/admin/users"),
    Page("healthz", None, lambda d: "/healthz"),
    Page("lesson", "reader", lambda d: f"{LEARN}/what-is-social-work/defining-social-work"),
    Page("module", "reader", lambda d: f"{LEARN}/what-is-social-work/"),
    Page("dashboard", "reader", lambda d: "/learn/"),
    Page("quiz", "reader", lambda d: f"{LEARN}/what-is-social-work/quiz"),
    Page("cohort_progress", "trainer", lambda d: f"/cohorts/{d.cohort_id}/progress"),
    Page("heatmap", "trainer", lambda d: f"/cohorts/{d.cohort_id}/competencies"),
    Page("approval_queue", "trainer", lambda d: "/practice/queue"),
    Page("national_report", "admin", lambda d: "/practice/reports"),
    Page("national_competencies", "admin", lambda d: "/competencies/national"),
    Page("verify", None, lambda d: f"/verify/{d.certificate_code}"),
)
