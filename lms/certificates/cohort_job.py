"""A cohort's certificates, issued by a background job with a progress bar.

Each trainee is one step, committed with the job's progress: a worker killed mid-way leaves
the certificates issued so far, and the rerun finds them held (``issue_certificates`` returns
the certificate a person already holds) and goes on, never issuing one twice.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from lms.accounts.models import Cohort
from lms.certificates.issuing import IssueOutcome, issue_certificates
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.jobs.kinds import RunningJob, job_kind

KIND = "certificates.issue_cohort"


def describe(result: dict) -> str:
    issued, held, waiting = result.get("issued", 0), result.get("held", 0), result.get("waiting", 0)
    return " ".join(
        (
            ngettext("%(num)d certificate issued.", "%(num)d certificates issued.", issued),
            ngettext("%(num)d already held one.", "%(num)d already held one.", held),
            ngettext("%(num)d not yet eligible.", "%(num)d not yet eligible.", waiting),
        )
    )


@job_kind(KIND, title=_l("Issuing a cohort's certificates"), describe=describe)
def issue_cohort_certificates(
    job: RunningJob, cohort_id: int, programme: str, actor_id: int | None
) -> None:
    cohort = db.session.get(Cohort, cohort_id)
    found = catalogue().programme(programme)
    if cohort is None or found is None:
        raise LookupError(f"cohort {cohort_id} or programme {programme!r} is gone")  # i18n: log
    # An admin who is also in the cohort is left out: another admin certifies them.
    people = [t.id for t in cohort.trainees if t.id != actor_id]
    job.set_total(len(people))
    counts = {"issued": 0, "held": 0, "waiting": 0}
    for person_id in people:
        with job.step():
            person = db.session.get(type(cohort.trainees[0]), person_id)
            (outcome,) = issue_certificates([person], found, actor_id=actor_id)
        if not isinstance(outcome, IssueOutcome):
            counts["waiting"] += 1
        else:
            counts["issued" if outcome.created else "held"] += 1
    job.set_result(**counts)
