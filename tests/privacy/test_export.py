"""One person's data export: what it holds, what it never holds, and who may have it."""

import json

import pytest
from privacy.world import UNSIGNED_TEXT, departed_trainee
from sqlalchemy import select
from support import csrf_token, login

from lms.core.audit import AuditEvent
from lms.core.extensions import db


@pytest.fixture
def departed(app, factory):
    return departed_trainee(app, factory)


def _export(response) -> dict:
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    return json.loads(response.get_data(as_text=True))


def test_a_trainee_downloads_everything_the_platform_holds_about_them(client, departed):
    login(client, "ogulbibi")
    data = _export(client.get("/account/data.json"))
    records = data["records"]
    (account,) = records["users"]
    assert account["full_name"] == "Ogulbibi Nurýagdyýewa"
    assert account["email"] == "ogulbibi@example.org"
    assert "password_hash" not in account and "username_key" not in account
    assert [r["role"] for r in records["user_roles"]] == ["trainee"]
    assert records["cohorts"] and records["cohort_members"]
    assert records["lesson_progress"] and records["quiz_attempts"] and records["quiz_responses"]
    assert all("questions_json" not in a for a in records["quiz_attempts"])  # no answer key
    assert {e["status"] for e in records["practice_entries"]} >= {"approved", "submitted"}
    assert UNSIGNED_TEXT in {e["reflection"] for e in records["practice_entries"]}
    assert records["practice_placements"] and records["practice_field_evaluations"]
    (certificate,) = records["certificates"]
    assert certificate["verification_code"] == departed.code and certificate["status"] == "valid"
    assert "signature" not in certificate
    assert records["notifications"] and records["email_outbox"]
    (feed,) = records["calendar_feeds"]
    assert "token" not in feed  # the secret address is never in a file
    assert all("token_hash" not in s for s in records["user_sessions"])
    assert records["user_sessions"]  # this login
    assert any(e["action"] == "user.created" for e in records["audit_events"])
    # every file is explained, in the reader's language
    assert set(data["about"]) == set(records)
    assert data["about"]["certificates"].startswith("Your certificates")


def test_the_explanations_follow_the_language(client, departed):
    login(client, "ogulbibi")
    client.post("/language", data={"language": "ru", "csrf_token": csrf_token(client, "/")})
    data = _export(client.get("/account/data.json"))
    assert data["about"]["certificates"] != "Your certificates: code, status and the signed facts."


def test_the_own_export_has_no_way_to_name_someone_else(client, factory, departed):
    factory.user("other", "trainee")
    login(client, "other")
    data = _export(client.get(f"/account/data.json?user_id={departed.user_id}"))
    assert data["records"]["users"][0]["username"] == "other"
    assert data["records"]["certificates"] == []


@pytest.mark.parametrize("role", ["trainee", "trainer", "coordinator"])
def test_only_admins_export_someone_elses_data(client, factory, departed, role):
    factory.user(f"someone_{role}", role)
    login(client, f"someone_{role}")
    token = csrf_token(client, "/account/password")
    response = client.post(f"/admin/users/{departed.user_id}/data.json", data={"csrf_token": token})
    assert response.status_code == 403


def _admin_export(client, app, user_id: int):
    """The admin asks for the export; the job runs; the admin downloads its file."""
    from lms.jobs.running import execute

    token = csrf_token(client, f"/admin/users/{user_id}")
    answer = client.post(f"/admin/users/{user_id}/data.json", data={"csrf_token": token})
    assert answer.status_code == 302 and answer.location.startswith("/jobs/")
    job_id = int(answer.location.rsplit("/", 1)[1])
    with app.app_context():
        execute(job_id)
    assert "The personal data file is ready." in client.get(answer.location).get_data(as_text=True)
    return job_id, client.get(f"/jobs/{job_id}/download")


def test_an_admin_export_is_audited_and_made_by_a_job(client, app, factory, departed):
    admin = factory.user("dpo", "admin")
    login(client, "dpo")
    _job_id, file = _admin_export(client, app, departed.user_id)
    data = _export(file)
    assert data["records"]["users"][0]["username"] == "ogulbibi"
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.data_exported")
        ).one()
        assert (event.actor_id, event.target_id) == (admin.id, str(departed.user_id))


def test_the_file_of_an_admin_export_is_that_admins_alone(client, app, factory, departed):
    factory.user("dpo", "admin")
    factory.user("dpo2", "admin")
    login(client, "dpo")
    job_id, _file = _admin_export(client, app, departed.user_id)
    other = app.test_client()
    login(other, "dpo2")
    assert other.get(f"/jobs/{job_id}/download").status_code == 404


def test_an_admin_export_without_the_form_token_is_refused(client, factory, departed):
    factory.user("dpo", "admin")
    login(client, "dpo")
    assert client.post(f"/admin/users/{departed.user_id}/data.json").status_code == 400


def test_the_command_writes_the_file_and_audits_it(runner, app, departed, tmp_path):
    out = tmp_path / "data.json"
    result = runner.invoke(args=["users", "export-data", "ogulbibi", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["records"]["certificates"][0]["verification_code"] == departed.code
    with app.app_context():
        assert db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.data_exported")
        ).one()


def test_the_command_names_an_unknown_user(runner, tmp_path):
    result = runner.invoke(args=["users", "export-data", "nobody", "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "nobody: no such user." in result.output


def test_the_export_costs_one_query_per_table(app, departed):
    from support import QueryCounter

    from lms.accounts.models import User
    from lms.privacy.export import personal_data
    from lms.privacy.inventory import exported_tables

    with app.app_context():
        user = db.session.get(User, departed.user_id)
        with QueryCounter(app) as counter:
            personal_data(user)
        assert counter.count == len(exported_tables())
