"""The holder is told when a certificate is issued and when it is revoked; the e-mail names the
programme, never anything else about them."""

from certificate_helpers import qualify
from sqlalchemy import select

from lms.accounts.models import User
from lms.certificates.issuing import issue_certificate, revoke_certificate
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.notifications.inbox import notifications_of
from lms.notifications.models import Notification, OutboxEmail


def test_issuing_and_revoking_notify_the_holder(app, factory):
    holder = factory.user("aygul", "trainee", language="tk")
    with app.app_context():
        user = db.session.get(User, holder.id)
        user.email = "aygul@example.tm"
        qualify(user, "foundational")
        certificate = issue_certificate(
            user, catalogue().programme("foundational"), actor_id=None
        ).certificate
        revoke_certificate(certificate, "Issued in error", actor_id=None)
        db.session.flush()
        told = db.session.scalars(
            select(Notification)
            .where(Notification.recipient_id == user.id, Notification.kind.like("certificate%"))
            .order_by(Notification.id)
        ).all()
        assert [n.kind for n in told] == ["certificate_issued", "certificate_revoked"]
        keys = [f"notification:{n.id}" for n in told]
        emails = db.session.scalars(
            select(OutboxEmail).where(OutboxEmail.event_key.in_(keys)).order_by(OutboxEmail.id)
        ).all()
        assert [e.language for e in emails] == ["tk", "tk"]
        assert "Şahadatnama" in emails[0].subject or "şahadatnama" in emails[0].subject
        assert certificate.serial in emails[0].subject
        assert "Issued in error" not in emails[1].body
        with app.test_request_context():
            shown = [
                s for s in notifications_of(user) if s.notification.kind == "certificate_issued"
            ]
        assert shown[0].link is not None and shown[0].link.url == "/certificates/mine"
