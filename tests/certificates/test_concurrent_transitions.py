"""Four admins revoking (or re-issuing) one certificate at the same moment: exactly one does it
and is audited once; the others are told it is already done, and nothing escapes as an error."""

import pytest
from certificate_helpers import qualify
from flask_migrate import upgrade
from races import audit_count, race
from sqlalchemy import func, select
from support import dispose, make_app_for

from lms.accounts.regions import sync_regions
from lms.accounts.users import NewUser, create_user
from lms.certificates.issuing import (
    CertificateError,
    issue_certificate,
    reissue_certificate,
    revoke_certificate,
)
from lms.certificates.models import Certificate
from lms.core.extensions import db
from lms.courses.content import catalogue

N = 4


def _one_certificate(app) -> int:
    with app.app_context():
        upgrade()
        sync_regions()
        admin = create_user(NewUser("boss", "Boss", "long enough pw", ("admin",)), actor_id=None)
        user = create_user(
            NewUser("holder", "Holder", "long enough pw", ("trainee",)), actor_id=None
        )
        qualify(user, "foundational")
        outcome = issue_certificate(user, catalogue().programme("foundational"), actor_id=None)
        db.session.commit()
        ids = outcome.certificate.id, admin.id
        db.session.remove()
        return ids


@pytest.mark.parametrize(
    ("act", "action", "message"),
    [
        (revoke_certificate, "certificate.revoked", "This certificate is already revoked."),
        (
            reissue_certificate,
            "certificate.reissued",
            "This certificate is superseded; only a valid one is re-issued.",
        ),
    ],
    ids=["revoke", "reissue"],
)
def test_racing_admins_one_wins(empty_database, act, action, message):
    app = make_app_for(empty_database)
    certificate_id, admin_id = _one_certificate(app)
    outcome = race(
        app,
        N,
        lambda: db.session.get(Certificate, certificate_id),
        lambda certificate: act(certificate, "a typo in the name", actor_id=admin_id),
        CertificateError,
    )
    try:
        assert outcome.errors == []
        assert len(outcome.successes) == 1
        assert len(outcome.refusals) == N - 1
        assert audit_count(app, action, certificate_id) == 1
        with app.app_context():
            valid = db.session.scalar(
                select(func.count()).select_from(Certificate).where(Certificate.status == "valid")
            )
            assert valid == (1 if action == "certificate.reissued" else 0)
            # a second attempt afterwards gets the same answer
            with pytest.raises(CertificateError, match=message.replace(".", r"\.")):
                act(db.session.get(Certificate, certificate_id), "again", actor_id=admin_id)
            db.session.rollback()
    finally:
        dispose(app)


def test_racing_revoke_requests_answer_without_a_500(empty_database):
    """The probe's case through the web: four admins' POSTs at once; one redirect, three pages
    with the form error, one audit row."""
    import threading

    from support import csrf_token, login

    app = make_app_for(empty_database)
    certificate_id, _admin_id = _one_certificate(app)
    path = f"/certificates/{certificate_id}/revoke"
    clients = []
    for _ in range(N):
        client = app.test_client()
        login(client, "boss", "long enough pw")
        clients.append((client, csrf_token(client, path)))
    barrier, answers = threading.Barrier(N), []

    def post(client, token):
        barrier.wait(20)
        response = client.post(path, data={"reason": "a typo", "csrf_token": token})
        answers.append((response.status_code, response.get_data(as_text=True)))

    threads = [threading.Thread(target=post, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert sorted(status for status, _page in answers) == [200] * (N - 1) + [302]
        refused = [page for status, page in answers if status == 200]
        assert all("This certificate is already revoked." in page for page in refused)
        assert audit_count(app, "certificate.revoked", certificate_id) == 1
    finally:
        dispose(app)
