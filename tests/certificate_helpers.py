"""Making people eligible for certificates in tests, through the same services users go through."""

import os
import subprocess
import sys
from datetime import date, timedelta
from itertools import count
from pathlib import Path

from lms.accounts.cohorts import CohortFields, create_cohort, set_cohort_people
from lms.accounts.users import NewUser, create_user
from lms.certificates.issuing import issue_certificate
from lms.certificates.models import CoFacilitation
from lms.core.database import local_today
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.courses.programmes import programme_codes
from lms.demo.completion import Completion, complete_programme, read_programme

_numbers = count(1)


def read_everything(user, programme_code: str) -> None:
    read_programme(user, catalogue().programme(programme_code))


def _cohort_with_supervisor(user, programme_code: str):
    n = next(_numbers)
    supervisor = create_user(
        NewUser(f"supervisor{n}", f"Supervisor {n}", "long enough pw", ("trainer",)), actor_id=None
    )
    today = local_today()
    cohort = create_cohort(
        CohortFields(
            f"Q{n}-{programme_code}",
            f"Qualifying {n}",
            programme_code,
            today - timedelta(days=400),
            today + timedelta(days=30),
        ),
        programmes=programme_codes(),
        actor_id=None,
    )
    set_cohort_people(cohort, trainer_ids=[supervisor.id], trainee_ids=[user.id], actor_id=None)
    return supervisor, cohort


def qualify(user, programme_code: str, observer=None) -> None:
    """Meet every requirement of the programme (and, first, of its prerequisites)."""
    programme = catalogue().programme(programme_code)
    for required in programme.prerequisites:
        qualify(user, required, observer)
        issue_certificate(user, catalogue().programme(required), actor_id=None)
    supervisor, cohort = _cohort_with_supervisor(user, programme_code)
    # Earlier programmes' placements end earlier, so their practice days never overlap.
    ends = local_today() - timedelta(days=1 + 60 * (3 - programme.order))
    complete_programme(Completion(user, supervisor, cohort, ends), programme_code)
    for n in range(programme.certificate.co_facilitated_sessions):
        db.session.add(
            CoFacilitation(
                trainee_id=user.id,
                observer_id=(observer or supervisor).id,
                held_on=date(2026, 10, 1 + n),
                topic="Active listening",
                rating=4,
            )
        )
    db.session.flush()


LMS = Path(sys.executable).with_name("lms")


def outsider_verify(*args, cwd: Path) -> subprocess.CompletedProcess:
    """``lms certificates verify`` run as someone outside the programme: no database, no signing
    key, only what they were given (a PDF, the published keys, a status list) in ``cwd``."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(cwd),
        "LMS_SECRET_KEY": "an outsider's machine",
        "LMS_SIGNING_KEY_FILE": str(cwd / "no-such-key.pem"),
        "LMS_CLI_LANGUAGE": "en",
    }
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [str(LMS), "certificates", "verify", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
