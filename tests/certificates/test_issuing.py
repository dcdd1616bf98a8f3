"""Issuing: eligibility with reasons, idempotence, one valid certificate, serials, expiry."""

import pytest
from certificate_helpers import qualify, read_everything
from sqlalchemy.exc import IntegrityError

from lms.accounts.models import User
from lms.certificates.issuing import (
    CertificateError,
    NotEligible,
    issue_certificate,
    reissue_certificate,
    revoke_certificate,
)
from lms.certificates.models import Certificate
from lms.core.extensions import db
from lms.courses.content import catalogue


def test_an_ineligible_trainee_is_refused_with_the_reasons(app, factory):
    trainee = factory.user("nury", "trainee")
    with app.app_context(), pytest.raises(NotEligible) as refused:
        programme = catalogue().programme("foundational")
        issue_certificate(trainee, programme, actor_id=None)
    assert f"Lessons read: 0 / {programme.lesson_count}" in str(refused.value)


def test_issuing_twice_returns_the_existing_certificate(app, factory):
    trainee = factory.user("aygul", "trainee", full_name="Aýgül Orazowa")
    with app.app_context():
        qualify(trainee, "foundational")
        first = issue_certificate(trainee, catalogue().programme("foundational"), actor_id=None)
        second = issue_certificate(trainee, catalogue().programme("foundational"), actor_id=None)
        assert first.created and not second.created
        assert first.certificate.id == second.certificate.id
        assert first.certificate.serial.startswith("SW-FND-") and first.certificate.serial.endswith(
            "000001"
        )
        assert first.certificate.facts["holder"]["name"] == "Aýgül Orazowa"


def test_the_database_refuses_a_second_valid_certificate(app, factory):
    trainee = factory.user("aygul", "trainee")
    with app.app_context():
        qualify(trainee, "foundational")
        original = issue_certificate(trainee, catalogue().programme("foundational"), actor_id=None)
        copy = Certificate(
            serial="SW-FND-2026-999999",
            verification_code="X" * 17,
            user_id=trainee.id,
            programme="foundational",
            holder_name="x",
            facts_json="{}",
            signature="x",
            key_id="x",
            status_index=original.certificate.status_index + 1,
        )
        db.session.add(copy)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        assert original.certificate.status == "valid"


def test_tot_certificates_expire_after_three_years(app, factory):
    trainee = factory.user("serdar", "trainee")
    observer = factory.user("master", "trainer")
    with app.app_context():
        qualify(trainee, "tot", observer)
        outcome = issue_certificate(trainee, catalogue().programme("tot"), actor_id=None)
        certificate = outcome.certificate
        assert certificate.expires_on.year == certificate.issued_at.year + 3
        assert certificate.serial.startswith("SW-TOT-")


def test_tot_needs_observed_co_facilitation(app, factory):
    trainee = factory.user("serdar", "trainee")
    with app.app_context():
        qualify(trainee, "advanced")
        issue_certificate(trainee, catalogue().programme("advanced"), actor_id=None)
        read_everything(trainee, "tot")
        with pytest.raises(NotEligible, match="Co-facilitated sessions"):
            issue_certificate(trainee, catalogue().programme("tot"), actor_id=None)


def test_advanced_needs_the_foundational_certificate(app, factory):
    trainee = factory.user("jeren", "trainee")
    with app.app_context():
        read_everything(trainee, "advanced")
        with pytest.raises(NotEligible, match="Certificate of Foundational"):
            issue_certificate(trainee, catalogue().programme("advanced"), actor_id=None)


def test_revoking_needs_a_reason_and_keeps_it(app, factory):
    trainee = factory.user("aygul", "trainee")
    with app.app_context():
        qualify(trainee, "foundational")
        certificate = issue_certificate(
            trainee, catalogue().programme("foundational"), actor_id=None
        ).certificate
        with pytest.raises(CertificateError, match="needs a reason"):
            revoke_certificate(certificate, "   ", actor_id=None)
        revoke_certificate(certificate, "Issued in error", actor_id=None)
        assert certificate.status == "revoked" and certificate.revoked_reason == "Issued in error"
        with pytest.raises(CertificateError):
            revoke_certificate(certificate, "again", actor_id=None)


def test_reissue_supersedes_with_the_corrected_name(app, factory):
    trainee = factory.user("aygul", "trainee", full_name="Aygul Orazova")
    with app.app_context():
        qualify(trainee, "foundational")
        old = issue_certificate(
            trainee, catalogue().programme("foundational"), actor_id=None
        ).certificate
        db.session.get(User, trainee.id).full_name = "Aýgül Orazowa"  # the admin corrects it
        new = reissue_certificate(old, "Name spelt wrongly", actor_id=None)
        assert old.status == "superseded" and old.superseded_by_id == new.id
        assert new.facts["holder"]["name"] == "Aýgül Orazowa"
        assert new.facts["replaces"] == old.serial
