"""``lms certificates issue --out``: the PDFs are written once the certificates are committed."""

import pytest
from certificate_helpers import qualify
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from lms.certificates.models import Certificate
from lms.core.extensions import db

ISSUE = ["certificates", "issue", "--programme", "foundational", "--user", "aygul"]


@pytest.fixture
def ready(app, factory):
    trainee = factory.user("aygul", "trainee")
    with app.app_context():
        qualify(trainee, "foundational")
        db.session.commit()


def _certificates(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Certificate.serial)))


def test_issue_writes_each_pdf_after_the_commit(app, ready, runner, tmp_path):
    out = tmp_path / "pdfs"
    result = runner.invoke(args=[*ISSUE, "--out", str(out)])
    assert result.exit_code == 0, result.output
    (serial,) = _certificates(app)
    assert [p.name for p in out.iterdir()] == [f"{serial}.pdf"]


def test_issue_whose_commit_fails_writes_no_pdf(app, ready, runner, tmp_path):
    def refuse(session):
        raise RuntimeError("the database went away")

    event.listen(Session, "before_commit", refuse)
    try:
        result = runner.invoke(args=[*ISSUE, "--out", str(tmp_path / "pdfs")])
    finally:
        event.remove(Session, "before_commit", refuse)
    assert result.exit_code == 1 and isinstance(result.exception, RuntimeError)
    assert not (tmp_path / "pdfs").exists()
    assert _certificates(app) == []


def test_issue_to_nobody_eligible_fails_and_writes_nothing(app, factory, runner, tmp_path):
    factory.user("aygul", "trainee")
    result = runner.invoke(args=[*ISSUE, "--out", str(tmp_path / "pdfs")])
    assert result.exit_code == 1 and "not eligible" in result.output
    assert not (tmp_path / "pdfs").exists()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0


def test_revoke_with_an_identifying_reason_needs_the_flag(app, ready, runner):
    assert runner.invoke(args=ISSUE).exit_code == 0
    with app.app_context():
        code = db.session.scalar(select(Certificate.verification_code))
    reason = ["--reason", "Complaint from Maral Orazowa"]
    refused = runner.invoke(args=["certificates", "revoke", code, *reason])
    assert refused.exit_code != 0 and "“Orazowa”" in refused.output
    assert "Traceback" not in refused.output

    def status():
        with app.app_context():
            return db.session.scalar(select(Certificate.status))

    assert status() == "valid"
    confirmed = runner.invoke(args=["certificates", "revoke", code, *reason, "--identifies-nobody"])
    assert confirmed.exit_code == 0, confirmed.output
    assert status() == "revoked"
