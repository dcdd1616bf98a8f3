"""A trainee to whom every kind of event has happened, through the services people use."""

from __future__ import annotations

from certificate_helpers import qualify

from lms.accounts.models import User
from lms.certificates.issuing import issue_certificate, revoke_certificate
from lms.competencies.evidence import set_status
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.quizzes.demo import Plan, _take


def everything_happened_to(app, factory) -> int:
    """A trainee who read, passed (and once failed) quizzes, had practice approved, a competency
    rated, and a certificate issued then revoked; their id."""
    trainee = factory.user("aygul", "trainee", full_name="Aýgül Annaýewa")
    rater = factory.user("merdan", "trainer")
    with app.app_context():
        user = db.session.get(User, trainee.id)
        user.email = "aygul@example.tm"
        qualify(user, "foundational")
        _take(user, Plan("aygul", "advanced", "child-protection", (30,), 1))  # a failed attempt
        programme = catalogue().programme("foundational")
        certificate = issue_certificate(user, programme, actor_id=None).certificate
        revoke_certificate(certificate, "Issued in error", actor_id=None)
        code = programme.competency_codes[0]
        note = "Observed in three home visits; discussed in supervision."
        set_status(user, programme, code, "developing", note, actor_id=rater.id)
        db.session.commit()
    return trainee.id
