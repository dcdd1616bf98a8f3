"""Erasure of a departed trainee: the certificate stays verifiable and approved hours stay
counted, under a pseudonym; the rest is removed; refusals change nothing."""

import json

import pytest
from api.world import make_token
from privacy.world import UNSIGNED_TEXT, departed_trainee
from sqlalchemy import func, select
from support import PASSWORD, login, post_form

from lms.accounts.models import User, UserSession
from lms.api.models import ApiToken
from lms.certificates.models import Certificate
from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.notifications.models import CalendarFeed, Notification, OutboxEmail
from lms.practice.models import PracticeEntry
from lms.practice.reports import ReportFilter, national_figures
from lms.quizzes.models import QuizAttempt

REASON = "Left the programme; asked for erasure under the data-protection request of 1 December."


@pytest.fixture
def departed(app, factory):
    return departed_trainee(app, factory)


def _erase(runner, username="ogulbibi", reason=REASON, *extra):
    return runner.invoke(args=["users", "erase", username, "--reason", reason, *extra])


def _count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return db.session.scalar(query)


def test_erasure_keeps_the_certificate_verifiable_under_a_pseudonym(client, runner, departed):
    result = _erase(runner)
    assert result.exit_code == 0, result.output
    assert "now Erased person " in result.output
    page = client.get(f"/verify/{departed.code}").get_data(as_text=True)
    assert "Nurýagdyýewa" not in page and "Erased person " in page
    data = client.get(f"/verify/{departed.code}.json").get_json()
    assert data["status"] == "valid" and data["holder"].startswith("Erased person ")
    assert client.get(f"/verify/{departed.code}/openbadge.json").status_code == 410


def test_erasure_keeps_approved_hours_in_the_national_report(app, runner, departed):
    with app.app_context():
        before = national_figures(ReportFilter())
    assert _erase(runner).exit_code == 0
    with app.app_context():
        assert national_figures(ReportFilter()) == before
        approved = db.session.scalars(
            select(PracticeEntry).where(
                PracticeEntry.trainee_id == departed.user_id, PracticeEntry.status == "approved"
            )
        ).all()
        assert approved and all(e.minutes for e in approved)


def test_erasure_removes_the_rest(app, client, runner, departed):
    login(client, "ogulbibi")  # a session that must end
    with app.app_context():
        secret = make_token(app, db.session.get(User, departed.user_id))  # must stop working
    assert _erase(runner).exit_code == 0
    bearer = {"Authorization": f"Bearer {secret}"}
    assert app.test_client().get("/api/v1/programmes", headers=bearer).status_code == 401
    with app.app_context():
        user = db.session.get(User, departed.user_id)
        assert user.full_name.startswith("Erased person ") and user.erased_at is not None
        assert user.username.startswith("erased-") and user.email is None and not user.active
        assert user.region is not None  # kept for national statistics (docs/privacy.md)
        for model, column in (
            (UserSession, "user_id"),
            (Notification, "recipient_id"),
            (OutboxEmail, "recipient_id"),
            (CalendarFeed, "user_id"),
            (QuizAttempt, "user_id"),
            (ApiToken, "user_id"),
        ):
            assert _count(model, **{column: user.id}) == 0, model
        texts = db.session.scalars(
            select(PracticeEntry).where(
                PracticeEntry.trainee_id == user.id, PracticeEntry.status != "approved"
            )
        ).all()
        assert texts and all(e.reflection == "" and e.client_code is None for e in texts)
        assert all(e.status == "draft" for e in texts)  # hidden from everyone
        certificate = db.session.scalars(
            select(Certificate).where(Certificate.user_id == user.id)
        ).one()
        assert certificate.holder_name == user.full_name
        assert certificate.facts["holder"]["name"] == "Ogulbibi Nurýagdyýewa"  # signed, unchanged
        (event,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.erased"))
        assert event.details["pseudonym"] == user.full_name
        assert "Ogulbibi" not in event.details_json and "ogulbibi" not in event.details_json
    assert client.get("/account/password").status_code == 302  # logged out
    assert login(client, "ogulbibi", PASSWORD).status_code == 200  # refused: the form again
    assert "Log out" not in client.get("/").get_data(as_text=True)
    assert UNSIGNED_TEXT not in client.get("/").get_data(as_text=True)


def test_erasure_drops_the_files_of_earlier_exports(app, client, factory, runner, departed):
    from privacy.test_export import _admin_export

    factory.user("dpo", "admin")
    login(client, "dpo")
    job_id, file = _admin_export(client, app, departed.user_id)
    assert file.status_code == 200
    assert _erase(runner).exit_code == 0
    assert client.get(f"/jobs/{job_id}/download").status_code == 404


def test_erasing_twice_says_it_was_done(runner, departed, app):
    assert _erase(runner).exit_code == 0
    with app.app_context():
        pseudonym_username = db.session.get(User, departed.user_id).username
    again = _erase(runner, pseudonym_username)
    assert again.exit_code == 1 and "already erased" in again.output


def test_staff_are_refused(runner, factory):
    factory.user("mentor", "trainer", "trainee")
    result = _erase(runner, "mentor")
    assert result.exit_code == 1 and "staff role (trainer)" in result.output


def test_a_trainee_in_a_running_cohort_is_refused_until_removed(runner, factory):
    trainee = factory.user("current", "trainee")
    factory.cohort("RUN-1", trainees=[trainee])  # ends 20 December 2026
    result = _erase(runner, "current")
    assert result.exit_code == 1
    assert "still in a running cohort (RUN-1)" in result.output
    assert "Remove them from the cohort" in result.output


def test_a_reason_naming_the_person_is_refused(runner, departed, app):
    result = _erase(runner, "ogulbibi", "Ogulbibi Nurýagdyýewa asked for it")
    assert result.exit_code == 1 and "must not name the person" in result.output
    with app.app_context():
        assert db.session.get(User, departed.user_id).erased_at is None


def test_an_identifying_reason_needs_a_confirmation(client, factory, departed, app):
    factory.user("dpo", "admin")
    login(client, "dpo")
    path = f"/admin/users/{departed.user_id}/erase"
    form = {"confirmation": "ogulbibi", "reason": "Asked by her mother Maýsa, tel 865123456"}
    response = post_form(client, path, form)
    assert response.status_code == 422
    assert "Could this identify someone?" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, departed.user_id).erased_at is None
    response = post_form(client, path, {**form, "confirm_privacy": "y"})
    assert response.status_code == 302


def test_the_admin_page_erases_after_the_typed_confirmation(client, factory, departed, app):
    factory.user("dpo", "admin")
    login(client, "dpo")
    path = f"/admin/users/{departed.user_id}/erase"
    page = client.get(path).get_data(as_text=True)
    assert "Kept, under the pseudonym" in page
    wrong = post_form(client, path, {"confirmation": "someone", "reason": REASON})
    assert wrong.status_code == 200
    assert "Type the user name exactly" in wrong.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, departed.user_id).erased_at is None
    done = post_form(client, path, {"confirmation": "OGULBIBI", "reason": REASON})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(User, departed.user_id).erased_at is not None
    again = client.get(path).get_data(as_text=True)
    assert "already erased" in again


def test_the_erasure_page_is_for_admins_only(client, factory, departed):
    factory.user("teacher", "trainer")
    login(client, "teacher")
    assert client.get(f"/admin/users/{departed.user_id}/erase").status_code == 403


def test_the_export_of_an_erased_person_holds_only_what_was_kept(app, runner, departed, tmp_path):
    assert _erase(runner).exit_code == 0
    with app.app_context():
        username = db.session.get(User, departed.user_id).username
    out = tmp_path / "after.json"
    assert runner.invoke(args=["users", "export-data", username, "--out", str(out)]).exit_code == 0
    records = json.loads(out.read_text(encoding="utf-8"))["records"]
    assert records["certificates"] and records["notifications"] == []
    assert "Nurýagdyýewa" not in json.dumps(records["users"], ensure_ascii=False)


def test_an_erased_account_cannot_be_renamed_reactivated_or_given_a_password(
    app, client, factory, runner, departed
):
    assert _erase(runner).exit_code == 0
    factory.user("dpo", "admin")
    login(client, "dpo")
    path = f"/admin/users/{departed.user_id}"
    page = client.get(path).get_data(as_text=True)
    assert "the account cannot be changed" in page and 'name="full_name"' not in page
    with app.app_context():
        before = db.session.get(User, departed.user_id)
        before = (before.full_name, before.active, before.password_hash, sorted(before.roles))
    edit = {"full_name": "Ogulbibi Again", "roles": "trainee", "active": "y", "language": ""}
    refused = post_form(client, path, edit, token_from="/admin/users")
    assert "the account cannot be changed" in refused.get_data(as_text=True)
    reset = post_form(
        client, f"{path}/password", {"new_password": "a brand new pw"}, token_from="/admin/users"
    )
    assert reset.status_code == 302
    with app.app_context():
        after = db.session.get(User, departed.user_id)
        assert (after.full_name, after.active, after.password_hash, sorted(after.roles)) == before


def test_the_account_services_refuse_an_erased_account(app, runner, departed):
    from lms.accounts.users import (
        AccountError,
        reset_password,
        set_active,
        set_roles,
        update_profile,
    )

    assert _erase(runner).exit_code == 0
    with app.app_context():
        user = db.session.get(User, departed.user_id)
        changes = (
            lambda: set_active(user, True, actor_id=None),
            lambda: set_roles(user, ["trainee"], actor_id=None),
            lambda: reset_password(user, "a brand new pw", actor_id=None),
            lambda: update_profile(
                user,
                full_name="Ogulbibi",
                email=None,
                language=None,
                region_code=None,
                actor_id=None,
            ),
        )
        for change in changes:
            with pytest.raises(AccountError, match="erased"):
                change()
