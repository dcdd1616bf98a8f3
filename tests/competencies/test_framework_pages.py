"""The admin's framework pages: upload, preview, save; refusals; tree view; crosswalks."""

import io
import json
import re

from competencies.world import save_sample
from sqlalchemy import func, select
from support import csrf_token, login, post_form

from lms.competencies.models import (
    Competency,
    CompetencyAssociation,
    Framework,
    FrameworkImportDraft,
)
from lms.core.audit import AuditEvent
from lms.core.extensions import db

IMPORT = "/competencies/frameworks/import"
EXAMPLE = "moodle_competency_csv/moodle/example.csv"
TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def upload(client, raw: bytes, name: str):
    token = csrf_token(client, IMPORT)
    data = {"csrf_token": token, "file": (io.BytesIO(raw), name)}
    return client.post(IMPORT, data=data, content_type="multipart/form-data")


def test_upload_shows_a_preview_and_saves_nothing_until_save(app, client, factory, shared_fixtures):
    factory.user("boss", "admin")
    login(client, "boss")
    page = upload(client, (shared_fixtures / EXAMPLE).read_bytes(), "example.csv")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Check before saving: OECD" in html and "OECD-CORE" in html
    assert "isChildOf: 64" in html and "isRelatedTo: 39" in html
    assert "Not yet competent,Competent" in html and "Analytical Thinking" in html
    assert count(app, Framework) == 0 and count(app, FrameworkImportDraft) == 1
    token = TOKEN.search(html).group(1)
    saved = client.post(
        IMPORT,
        data={"token": token, "csrf_token": csrf_token(client, IMPORT)},
    )
    assert saved.status_code == 302 and saved.location.endswith(
        "/competencies/frameworks/OECD-CORE"
    )
    assert count(app, Competency) == 64 and count(app, FrameworkImportDraft) == 0
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "framework.imported")
        )
        assert event.details["filename"] == "example.csv" and event.details["competencies"] == 64
    tree = client.get("/competencies/frameworks/OECD-CORE").get_data(as_text=True)
    assert "Achievement Focus" in tree and "Related to" in tree


def test_a_bad_upload_lists_every_problem_and_keeps_nothing(app, client, factory):
    factory.user("boss", "admin")
    login(client, "boss")
    bad = '{\n"CFDocument": {"identifier": "x"},\n"CFItems": [{"uri": "u"}]\n}'
    html = upload(client, bad.encode(), "bad.json").get_data(as_text=True)
    assert "Nothing was saved" in html
    assert "bad.json:2: CFDocument: missing required field(s)" in html
    assert "bad.json:3: CFItems[0]: missing required field(s)" in html
    assert count(app, FrameworkImportDraft) == 0 and count(app, Framework) == 0


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self):
        return True

    def seekable(self):
        return True

    def seek(self, offset, whence=0):
        return 0

    def tell(self):
        return 0

    def readinto(self, buffer):
        raise AssertionError("the upload was read")


def test_a_50_mb_upload_is_refused_before_it_is_read(app, client, factory):
    factory.user("boss", "admin")
    login(client, "boss")
    response = client.post(
        IMPORT,
        input_stream=Unreadable(),
        content_type="multipart/form-data; boundary=x",
        environ_overrides={"CONTENT_LENGTH": str(50 * 1024 * 1024)},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "The file is too large" in html and "at most 8 MB" in html
    assert "nothing was saved" in html and 'href="/competencies/frameworks/import"' in html
    assert count(app, FrameworkImportDraft) == 0


def test_another_admins_token_finds_no_draft(app, client, factory, shared_fixtures):
    factory.user("boss", "admin")
    factory.user("other", "admin")
    login(client, "boss")
    html = upload(client, (shared_fixtures / EXAMPLE).read_bytes(), "example.csv").get_data(
        as_text=True
    )
    token = TOKEN.search(html).group(1)
    intruder = app.test_client()
    login(intruder, "other")
    for attempt in (token, token[:-1] + ("A" if token[-1] != "A" else "B")):
        response = intruder.post(
            IMPORT,
            data={"token": attempt, "csrf_token": csrf_token(intruder, IMPORT)},
        )
        assert response.status_code == 404
    assert count(app, Framework) == 0


def test_a_file_that_became_invalid_since_its_preview_is_not_saved(app, client, factory):
    factory.user("boss", "admin")
    login(client, "boss")
    sample = "SAMPLE.csv"
    text = (
        "parent,id,short,d,f,s,c,rt,ro,rc,x,e,fw,t\n"
        ",SAMPLE,Sample,,1,,,,,,,,1,\n"
        ",ETH,Ethics,,1,,,,0,null,,,,\n"
    )
    html = upload(client, text.encode(), sample).get_data(as_text=True)
    token = TOKEN.search(html).group(1)
    with app.app_context():
        save_sample()  # meanwhile the code SAMPLE is taken by a YAML framework
        db.session.commit()
    response = client.post(
        IMPORT,
        data={"token": token, "csrf_token": csrf_token(client, IMPORT)},
    )
    assert "already exists and came from the programme" in response.get_data(as_text=True)
    assert count(app, Framework) == 1


def test_admin_adds_a_crosswalk_shown_on_both_frameworks_and_audited(app, client, factory):
    admin = factory.user("boss", "admin")
    with app.app_context():
        save_sample("ONE")
        save_sample("TWO")
        db.session.commit()
        origin = db.session.scalar(
            select(Competency)
            .join(Framework)
            .where(Framework.code == "ONE", Competency.code == "ETH-1")
        )
        target = db.session.scalar(
            select(Competency)
            .join(Framework)
            .where(Framework.code == "TWO", Competency.code == "ETH-2")
        )
        ids = (origin.id, target.id)
    login(client, "boss")
    response = post_form(
        client,
        "/competencies/frameworks/ONE/crosswalks/new",
        {"origin": ids[0], "association_type": "exactMatchOf", "destination": ids[1]},
    )
    assert response.status_code == 302
    one = client.get("/competencies/frameworks/ONE").get_data(as_text=True)
    two = client.get("/competencies/frameworks/TWO").get_data(as_text=True)
    assert "Exact match of" in one and 'href="/competencies/frameworks/TWO#c' in one
    assert "Exactly matched by" in two and 'href="/competencies/frameworks/ONE#c' in two
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "crosswalk.added"))
        assert event.actor_id == admin.id and event.details["destination"] == "TWO ETH-2"
    exported = json.loads(client.get("/competencies/frameworks/ONE/case.json").data)
    kinds = [a["associationType"] for a in exported["CFAssociations"]]
    assert kinds.count("exactMatchOf") == 1
    again = post_form(
        client,
        "/competencies/frameworks/ONE/crosswalks/new",
        {"origin": ids[0], "association_type": "exactMatchOf", "destination": ids[1]},
    )
    assert "This crosswalk exists already." in again.get_data(as_text=True)
    assert count(app, CompetencyAssociation) == 12 + 1


def test_a_crosswalk_within_one_framework_is_refused(app, client, factory):
    factory.user("boss", "admin")
    with app.app_context():
        save_sample("ONE")
        save_sample("TWO")
        db.session.commit()
        a, b = db.session.scalars(
            select(Competency.id).join(Framework).where(Framework.code == "ONE").limit(2)
        ).all()
    login(client, "boss")
    response = post_form(
        client,
        "/competencies/frameworks/ONE/crosswalks/new",
        {"origin": a, "association_type": "isRelatedTo", "destination": b},
    )
    assert response.status_code == 200  # b is not among the choices: the form refuses it
    assert count(app, CompetencyAssociation) == 12


def test_case_download_is_json_named_by_identifier(app, client, factory):
    factory.user("coord", "coordinator")
    with app.app_context():
        identifier = save_sample().identifier
        db.session.commit()
    login(client, "coord")
    response = client.get("/competencies/frameworks/SAMPLE/case.json")
    assert response.mimetype == "application/json"
    assert f'filename="{identifier}.json"' in response.headers["Content-Disposition"]
    assert json.loads(response.data)["CFDocument"]["identifier"] == identifier
    assert client.get(f"/competencies/frameworks/{identifier}").status_code == 200
    assert client.get("/competencies/frameworks/NOPE").status_code == 404


def test_a_framework_code_with_a_slash_is_still_addressable(app, client, factory):
    factory.user("boss", "admin")
    with app.app_context():
        save_sample("SW/2024")
        db.session.commit()
    login(client, "boss")
    assert "Sample framework SW/2024" in client.get("/competencies/frameworks/SW/2024").get_data(
        as_text=True
    )
    exported = client.get("/competencies/frameworks/SW/2024/case.json")
    assert json.loads(exported.data)["CFDocument"]["title"] == "Sample framework SW/2024"
    assert client.get("/competencies/frameworks/SW/2024/crosswalks/new").status_code == 200
