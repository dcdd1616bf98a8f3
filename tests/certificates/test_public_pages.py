"""Public verification pages, JSON, Open Badges 3.0, rate limiting, admin and trainee pages."""

import json

import jsonschema
import pytest
from certificate_helpers import qualify
from support import login, post_form

from lms.certificates.issuing import issue_certificate
from lms.certificates.openbadges import verify_credential
from lms.certificates.signing import issuer_key
from lms.courses.content import catalogue
from lms.jobs.models import Job
from lms.jobs.running import execute


@pytest.fixture
def certificate(app, factory):
    trainee = factory.user("aygul", "trainee", full_name="Aýgül Orazowa")
    with app.app_context():
        qualify(trainee, "foundational")
        outcome = issue_certificate(trainee, catalogue().programme("foundational"), actor_id=None)
        from lms.core.extensions import db

        db.session.commit()
        return outcome.certificate


def test_verification_page_needs_no_login_and_shows_the_facts(client, certificate):
    html = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "Valid certificate" in html and "Aýgül Orazowa" in html
    assert "Foundational Course in Social Work" in html and certificate.serial in html


def test_the_page_and_json_show_the_signed_hours_and_competencies(client, certificate):
    facts = certificate.facts
    assert facts["hours"]["counted"] and facts["hours"]["direct"]
    html = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert f"{facts['hours']['counted']} hours counted" in html
    assert f"{facts['hours']['direct']} hours of direct work with people" in html
    data = client.get(f"/verify/{certificate.verification_code}.json").json
    assert data["hours"] == facts["hours"] and data["competencies"] == facts["competencies"]
    for competency in facts["competencies"]:
        assert competency["code"] in html


def test_codes_are_matched_case_insensitively_with_hyphens(client, certificate):
    assert client.get(f"/verify/{certificate.code_display.lower()}").status_code == 200


def test_json_variant(client, certificate):
    data = client.get(f"/verify/{certificate.verification_code}.json").json
    assert data["status"] == "valid" and data["holder"] == "Aýgül Orazowa"


def test_unknown_code_is_404_and_a_typo_is_named(client, certificate):
    unknown = client.get("/verify/0000-0000-0000-0000-0")
    assert unknown.status_code == 404 and "We issued no certificate" in unknown.get_data(
        as_text=True
    )
    code = certificate.verification_code
    typo = code[:3] + ("A" if code[3] != "A" else "B") + code[4:]
    response = client.get(f"/verify/{typo}")
    assert response.status_code == 404 and "typing mistake" in response.get_data(as_text=True)
    assert client.get(f"/verify/{typo}.json").status_code == 404


def test_revoked_certificate_shows_date_and_reason(client, factory, certificate):
    factory.user("boss", "admin")
    login(client, "boss")
    response = post_form(
        client,
        f"/certificates/{certificate.id}/revoke",
        {"reason": "Practice hours were not genuine"},
    )
    assert response.status_code == 302
    html = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "Revoked certificate" in html and "Practice hours were not genuine" in html
    assert client.get(f"/verify/{certificate.verification_code}.json").json["status"] == "revoked"


def test_revoking_without_a_reason_changes_nothing(client, factory, certificate):
    factory.user("boss", "admin")
    login(client, "boss")
    response = post_form(client, f"/certificates/{certificate.id}/revoke", {"reason": ""})
    assert response.status_code == 200
    assert client.get(f"/verify/{certificate.verification_code}.json").json["status"] == "valid"


@pytest.mark.parametrize("role", ["trainee", "trainer", "coordinator"])
def test_only_admins_issue_and_revoke(client, factory, certificate, role):
    factory.user("someone", role)
    login(client, "someone")
    assert client.get("/certificates/issue").status_code == 403
    assert client.post(f"/certificates/{certificate.id}/revoke").status_code in (400, 403)
    assert client.get(f"/certificates/{certificate.id}/revoke").status_code == 403


def test_verification_flood_is_throttled(client, app, certificate):
    app.config["VERIFY_RATE_LIMIT"] = 5
    try:
        # The empty form looks nothing up (every phone's offline worker fetches it): not counted.
        forms = [client.get("/verify/").status_code for _ in range(7)]
        codes = [client.get("/verify/0000-0000-0000-0000-0").status_code for _ in range(7)]
        typed = client.get("/verify/?code=0000-0000-0000-0000-0", follow_redirects=True)
    finally:
        app.config["VERIFY_RATE_LIMIT"] = 30
    assert forms == [200] * 7
    assert codes[:5] == [404] * 5 and codes[-1] == 429
    assert typed.status_code == 429  # a code typed into the form is a lookup, and counted


def test_open_badge_credential_validates_against_the_schema_and_its_proof(
    client, app, certificate, shared_fixtures
):
    credential = client.get(f"/verify/{certificate.verification_code}/openbadge.json").json
    schema_file = (
        shared_fixtures
        / "openbadges3"
        / "educredentials_obv3-examples"
        / "schemas"
        / "ob_v3p0_achievementcredential_schema.json"
    )
    schema = json.loads(schema_file.read_text())
    jsonschema.Draft201909Validator(schema).validate(credential)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    alignments = credential["credentialSubject"]["achievement"]["alignment"]
    assert {a["targetCode"] for a in alignments} >= {"ETH-1", "CMG-1"}
    with app.app_context():
        key = issuer_key()
        assert verify_credential(credential, key)
        credential["credentialSubject"]["name"] = "Someone Else"
        assert not verify_credential(credential, key)


def test_trainee_sees_what_is_missing_and_downloads_own_pdf(client, factory, certificate):
    login(client, "aygul")
    html = client.get("/certificates/mine").get_data(as_text=True)
    assert certificate.serial in html
    response = client.get(f"/certificates/{certificate.id}.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_nobody_else_downloads_a_trainees_pdf(client, factory, certificate):
    factory.user("other", "trainee")
    login(client, "other")
    assert client.get(f"/certificates/{certificate.id}.pdf").status_code == 404


def test_admin_issues_from_the_page_and_sees_cohort_eligibility(client, factory, app):
    factory.user("boss", "admin")
    ready = factory.user("ready", "trainee", full_name="Maýsa Gurbanowa")
    waiting = factory.user("waiting", "trainee", full_name="Nury Çaryýew")
    cohort = factory.cohort("FND-X", trainees=[ready, waiting])
    with app.app_context():
        qualify(ready, "foundational")
        lessons = catalogue().programme("foundational").lesson_count
        from lms.core.extensions import db

        db.session.commit()
    login(client, "boss")
    html = client.get(f"/certificates/cohorts/{cohort.id}").get_data(as_text=True)
    assert "eligible" in html and f"Lessons read: 0 / {lessons}" in html
    response = post_form(client, f"/certificates/cohorts/{cohort.id}", {})
    assert response.status_code == 302 and "/jobs/" in response.location
    job_page = response.location
    assert "Waiting to start" in client.get(job_page).get_data(as_text=True)
    with app.app_context():
        execute(Job.query.order_by(Job.id.desc()).first().id)  # what the worker does
    html = client.get(job_page).get_data(as_text=True)
    assert "1 certificate issued. 0 already held one. 1 not yet eligible." in html
    html = client.get(f"/certificates/cohorts/{cohort.id}").get_data(as_text=True)
    assert "SW-FND-" in html


def test_issuing_to_an_ineligible_person_from_the_page_shows_the_reasons(client, factory):
    factory.user("boss", "admin")
    factory.user("nury", "trainee")
    login(client, "boss")
    html = post_form(
        client,
        "/certificates/issue",
        {"programme": "foundational", "username": "nury", "cohort": ""},
    ).get_data(as_text=True)
    assert "is not eligible" in html and "Lessons read" in html


@pytest.mark.parametrize("action", ["revoke", "reissue"])
def test_an_identifying_reason_needs_a_confirmation(client, factory, certificate, action):
    """Revocation and re-issue reasons pass the privacy guard (issue 16)."""
    factory.user("boss", "admin")
    login(client, "boss")
    path = f"/certificates/{certificate.id}/{action}"
    reason = "Complaint by Ogulgerek Annaýewa, tel 865123456."
    refused = post_form(client, path, {"reason": reason})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Could this identify someone?" in html
    assert reason in html and 'name="confirm_privacy"' in html
    code = certificate.verification_code
    assert client.get(f"/verify/{code}.json").json["status"] == "valid"
    assert post_form(client, path, {"reason": reason, "confirm_privacy": "y"}).status_code == 302
    assert client.get(f"/verify/{code}.json").json["status"] != "valid"


def test_identifying_co_facilitation_comments_need_a_confirmation(client, factory):
    from sqlalchemy import func, select

    from lms.certificates.models import CoFacilitation
    from lms.core.extensions import db

    master = factory.user("master", "trainer")
    candidate = factory.user("tot1", "trainee", full_name="Bahar Gurbanowa")
    factory.cohort("TOT-P", programme="tot", trainers=[master], trainees=[candidate])
    login(client, "master")
    form = {
        "trainee": str(candidate.id),
        "held_on": "2026-10-01",
        "topic": "Ethics",
        "rating": "4",
        "comments": "Role play used the real case of Maral Orazowa, köçe Magtymguly 12.",
    }
    refused = post_form(client, "/certificates/co-facilitation", form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Could this identify someone?" in html
    assert "köçe Magtymguly 12." in html

    def count():
        with factory.app.app_context():
            return db.session.scalar(select(func.count()).select_from(CoFacilitation))

    assert count() == 0
    confirmed = post_form(client, "/certificates/co-facilitation", {**form, "confirm_privacy": "y"})
    assert confirmed.status_code == 302 and count() == 1
