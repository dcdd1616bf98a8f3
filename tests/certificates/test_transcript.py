"""Transcripts: what a trainee has done, as a signed PDF that verifies like a certificate, for the
trainee, their cohort's trainers and admins only."""

import io
import json

import pytest
from certificate_helpers import outsider_verify, qualify
from pypdf import PdfReader
from sqlalchemy import func, select
from support import login

from lms.accounts.cohorts import cohorts_of_trainee
from lms.accounts.models import User
from lms.certificates import offline_verify
from lms.certificates.issuing import issue_certificate
from lms.certificates.signing import published_keys
from lms.certificates.transcript import transcript_facts
from lms.competencies.models import STATUSES
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.practice.counting import recorded
from lms.practice.models import PracticeEntry

NAME = "Merdan Annaýew"
SUPERVISOR_PASSWORD = "long enough pw"  # what certificate_helpers gives the supervisor


@pytest.fixture
def record(app, factory):
    """A trainee who finished the foundational programme and holds its certificate."""
    trainee = factory.user("merdan", "trainee", full_name=NAME)
    with app.app_context():
        qualify(trainee, "foundational")
        certificate = issue_certificate(
            trainee, catalogue().programme("foundational"), actor_id=None
        ).certificate
        supervisor = cohorts_of_trainee(trainee)[0].trainers[0]
        db.session.commit()
        return {
            "trainee_id": trainee.id,
            "code": certificate.verification_code,
            "supervisor": supervisor.username,
            "supervisor_name": supervisor.full_name,
        }


def _url(record, lang="tk-en"):
    return f"/certificates/transcripts/{record['trainee_id']}.pdf?lang={lang}"


def test_the_facts_list_programmes_practice_competencies_and_certificates(app, record):
    with app.test_request_context():
        trainee = db.session.get(User, record["trainee_id"])
        facts = transcript_facts(trainee, "tk-ru")
        approved = db.session.scalar(
            select(func.sum(PracticeEntry.minutes)).where(
                PracticeEntry.trainee_id == trainee.id, recorded()
            )
        )
        programme = catalogue().programme("foundational")
    assert facts["kind"] == "transcript" and facts["holder"] == {"name": NAME}
    assert facts["languages"] == ["tk", "ru"]
    [shown] = facts["programmes"]
    assert shown["code"] == "foundational" and shown["title"]["en"] == programme.titles.en
    assert shown["lessons"]["read"] == shown["lessons"]["total"] > 0
    assert [m["slug"] for m in shown["modules"]] == [m.slug for m in programme.modules]
    for module in shown["modules"]:
        assert module["lessons"]["read"] == module["lessons"]["total"]
        if module["quiz"] is not None:
            assert module["quiz"]["passed"] and 0 < module["quiz"]["best_percent"] <= 100
    assert any(m["quiz"] for m in shown["modules"])
    assert shown["practice"], "approved practice is listed by category"
    assert sum(c["approved_minutes"] for c in shown["practice"]) == approved
    assert all(c["signed_off_by"] == [record["supervisor_name"]] for c in shown["practice"])
    assert [c["code"] for c in shown["competencies"]] == list(programme.competency_codes)
    assert {c["status"] for c in shown["competencies"]} <= set(STATUSES)
    assert any(c["evidence"]["quiz_questions"] for c in shown["competencies"])
    [held] = facts["certificates"]
    assert (held["code"], held["programme"], held["status"]) == (
        record["code"],
        "foundational",
        "valid",
    )


def test_a_trainee_without_a_programme_gets_a_short_transcript(app, factory, client):
    factory.user("newcomer", "trainee", full_name="Täze Gelen")
    login(client, "newcomer")
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == "newcomer"))
    response = client.get(f"/certificates/transcripts/{user_id}.pdf?lang=tk-en")
    assert response.status_code == 200
    verdict = offline_verify.verify_pdf_file(response.data, _keys(app))
    assert verdict.ok
    assert (verdict.facts["programmes"], verdict.facts["certificates"]) == ([], [])


def _keys(app):
    with app.app_context():
        return published_keys()


def test_the_pdf_shows_the_signed_facts_in_both_languages(app, client, record):
    login(client, "merdan")
    response = client.get(_url(record, "tk-ru"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert NAME in text and "AKADEMIKI ÝAZGY" in text and "АКАДЕМИЧЕСКАЯ СПРАВКА" in text
    assert record["supervisor_name"] in text and record["code"] in text
    verdict = offline_verify.verify_pdf_file(response.data, _keys(app))
    assert verdict.status == offline_verify.VALID
    assert verdict.facts["kind"] == "transcript" and verdict.facts["languages"] == ["tk", "ru"]
    for programme in verdict.facts["programmes"]:
        assert programme["title"]["tk"] in text and programme["title"]["ru"] in text


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("merdan", 200),
        ("supervisor", 200),
        ("admin1", 200),
        ("trainer2", 404),
        ("trainee2", 404),
        ("coordinator1", 404),
    ],
)
def test_only_the_trainee_their_trainers_and_admins_get_it(client, factory, record, who, status):
    for username, role in (
        ("admin1", "admin"),
        ("trainer2", "trainer"),
        ("trainee2", "trainee"),
        ("coordinator1", "coordinator"),
    ):
        factory.user(username, role)
    if who == "supervisor":
        login(client, record["supervisor"], SUPERVISOR_PASSWORD)
    else:
        login(client, who)
    response = client.get(_url(record))
    assert response.status_code == status
    assert response.mimetype == ("application/pdf" if status == 200 else "text/html")


@pytest.mark.parametrize("query", ["lang=xx", "lang=en-tk", "lang=", "lang=tk-en&lang=tk-ru"])
def test_a_bad_language_pair_is_a_clear_400(client, record, query):
    login(client, "merdan")
    response = client.get(f"/certificates/transcripts/{record['trainee_id']}.pdf?{query}")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert b"Traceback" not in response.data


def test_a_bad_language_pair_says_which_ones_exist(client, record):
    login(client, "merdan")
    response = client.get(_url(record, "xx"))
    assert "lang=tk-ru" in response.get_data(as_text=True)


def test_the_trainee_and_the_trainer_find_the_link(app, client, record):
    login(client, "merdan")
    page = client.get("/certificates/mine").get_data(as_text=True).replace("&amp;", "&")
    assert _url(record, "tk-en") in page and _url(record, "tk-ru") in page
    trainer = app.test_client()
    login(trainer, record["supervisor"], SUPERVISOR_PASSWORD)
    page = trainer.get(f"/trainees/{record['trainee_id']}").get_data(as_text=True)
    assert _url(record, "tk-ru") in page.replace("&amp;", "&")


def test_an_outsider_verifies_the_transcript_and_sees_a_flipped_byte(app, client, record, tmp_path):
    login(client, "merdan")
    pdf = client.get(_url(record)).data
    (tmp_path / "transcript.pdf").write_bytes(pdf)
    with app.app_context():
        (tmp_path / "jwks.json").write_text(json.dumps(published_keys().jwks()))
    done = outsider_verify("transcript.pdf", "--key", "jwks.json", "--facts", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    verdict, printed = done.stdout.split("\n", 1)
    assert verdict.startswith(f"valid: transcript of {NAME}, issued ")
    facts = json.loads(printed)
    assert facts["kind"] == "transcript" and facts["holder"]["name"] == NAME
    assert [c["code"] for c in facts["certificates"]] == [record["code"]]
    assert "Traceback" not in done.stderr
    flipped = bytearray(pdf)
    flipped[len(flipped) // 2] ^= 0x01
    (tmp_path / "flipped.pdf").write_bytes(bytes(flipped))
    done = outsider_verify("flipped.pdf", "--key", "jwks.json", cwd=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (3, "tampered")
