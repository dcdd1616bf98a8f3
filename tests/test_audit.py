"""The audit log is append-only, in the database itself."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lms.core import audit
from lms.core.extensions import db


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"]
)
def test_audit_events_cannot_be_changed_or_deleted(app, statement):
    with app.app_context():
        audit.record("test.event", actor_id=None, target_type="test", target_id=1)
        db.session.commit()
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
            db.session.flush()
        db.session.rollback()


def test_an_event_rolls_back_with_the_change_it_records(app):
    from sqlalchemy import func, select

    from lms.core.audit import AuditEvent

    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
        audit.record("test.event", actor_id=None, target_type="test", target_id=1)
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_admin_filters_the_audit_log(client, factory):
    from support import login, post_form

    factory.user("boss", "admin")
    user = factory.user("selbi", "trainee")
    login(client, "boss")
    post_form(
        client,
        f"/admin/users/{user.id}",
        {
            "full_name": "Selbi",
            "roles": ["trainer"],
            "active": "y",
            "language": "",
            "region": "",
            "email": "",
        },
    )
    html = client.get("/admin/audit?action=user.roles&actor=boss").get_data(as_text=True)
    assert "user.roles_changed" in html and "user.created" not in html
    assert "user.roles_changed" not in client.get("/admin/audit?actor=nobody").get_data(
        as_text=True
    )
