"""Regrading a quiz as a background job, started from the quiz's statistics page: the trainer's
own cohorts' attempts (an admin's: everyone's), one attempt per step, with a summary when done.

Idempotent: an attempt whose snapshot already has the file's key is left alone, so a retried or
resumed job changes only what is left. The summary counts the job's audit events
(``quiz.regraded`` with ``job=<id>``), so a job that ran twice still reports every attempt it
changed, once.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.jobs.kinds import RunningJob, job_kind
from lms.jobs.models import Job
from lms.quizzes.attempts import QuizKey
from lms.quizzes.bank import read_bank
from lms.quizzes.models import QuizAttempt
from lms.quizzes.regrade import RegradeReport, fresh_key, regrade_attempt, submitted_attempts
from lms.quizzes.statistics import visible_trainees

KIND = "quizzes.regrade"


def describe(result: dict) -> str:
    words = [
        ngettext("%(num)d attempt changed:", "%(num)d attempts changed:", result.get("changed", 0)),
        _(
            "%(up)d now with more marks, %(down)d with fewer, %(same)d with as many.",
            up=result.get("up", 0),
            down=result.get("down", 0),
            same=result.get("same", 0),
        ),
        ngettext("%(num)d attempt checked.", "%(num)d attempts checked.", result.get("checked", 0)),
    ]
    skipped = result.get("skipped", [])
    if skipped:
        words.append(
            _(
                "Not regraded (their options changed since they were served): %(ids)s.",
                ids=", ".join(skipped),
            )
        )
    return " ".join(words)


def _moved(before: float | None, after: float | None) -> str:
    if before is None or after is None or before == after:
        return "same"
    return "up" if after > before else "down"


def _summary(job_id: int) -> dict[str, int]:
    """Counts of the attempts this job changed, over all its runs (from its audit events)."""
    started = db.session.get(Job, job_id).created_at
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "quiz.regraded", AuditEvent.at >= started)
    )
    counts = {"changed": 0, "up": 0, "down": 0, "same": 0}
    for event in events:
        details = event.details
        if details.get("job") == job_id:
            counts["changed"] += 1
            counts[_moved(details.get("marks_before"), details.get("marks_after"))] += 1
    return counts


@job_kind(KIND, title=_l("Regrading a quiz"), describe=describe)
def regrade_quiz_job(job: RunningJob, programme: str, module: str, actor_id: int) -> None:
    actor = db.session.get(User, actor_id)
    _p, found, _l2 = catalogue().find(programme, module)
    if actor is None or found is None or found.quiz_path is None:
        raise LookupError(f"quiz {programme}/{module} or user {actor_id} is gone")  # i18n: log
    fresh = fresh_key(read_bank(found.quiz_path))
    quiz = QuizKey(programme, module)
    attempt_ids = list(
        db.session.scalars(
            submitted_attempts(quiz, visible_trainees(actor)).with_only_columns(QuizAttempt.id)
        )
    )
    job.set_total(len(attempt_ids))
    report = RegradeReport()
    for attempt_id in attempt_ids:
        with job.step():
            attempt = db.session.get(QuizAttempt, attempt_id)
            regrade_attempt(attempt, fresh, report, actor_id=actor_id, job=job.job_id)
    job.set_result(checked=len(attempt_ids), skipped=sorted(report.skipped), **_summary(job.job_id))
