"""Revocation everyone can see (W3C Bitstring Status List), checked with only the public key,
and the achievement and framework addresses the badges carry."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from certificate_helpers import qualify
from support import login, post_form

from lms.certificates.issuing import issue_certificate
from lms.certificates.openbadges import verify_credential
from lms.certificates.signing import issuer_key
from lms.certificates.status_check import (
    LIST_LENGTH,
    StatusListError,
    check_status,
    decode_bitstring,
    encode_bitstring,
    entry_location,
)
from lms.core.extensions import db
from lms.courses.content import catalogue


@pytest.fixture
def certificate(app, factory):
    trainee = factory.user("aygul", "trainee", full_name="Aýgül Orazowa")
    with app.app_context():
        qualify(trainee, "foundational")
        outcome = issue_certificate(trainee, catalogue().programme("foundational"), actor_id=None)
        db.session.commit()
        return outcome.certificate


def _badge(client, certificate):
    return client.get(f"/verify/{certificate.verification_code}/openbadge.json").json


def _list(client, url):
    response = client.get(url.removeprefix("http://127.0.0.1:5000"))
    assert response.status_code == 200, response.status_code
    return response.get_data()


def test_bits_are_most_significant_first_and_the_list_has_the_minimum_length():
    bits = decode_bitstring(encode_bitstring([0, 9, LIST_LENGTH - 1]))
    assert len(bits) == LIST_LENGTH // 8 == 16 * 1024
    assert bits[0] == 0x80 and bits[1] == 0x40 and bits[-1] == 0x01 and sum(bits) == 0xC1


def test_a_revoked_certificate_shows_as_revoked_through_its_badges_status_list(
    app, client, factory, certificate
):
    badge = _badge(client, certificate)
    url, index = entry_location(badge)
    assert badge["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert url.endswith("/credentials/status/1") and index == certificate.status_index
    with app.app_context():
        key = issuer_key()
        public = key.public
    before = check_status(_list(client, url), index, public)
    assert before.revoked is False and before.stale is False

    factory.user("boss", "admin")
    login(client, "boss")
    response = post_form(
        client, f"/certificates/{certificate.id}/revoke", {"reason": "Hours were not genuine"}
    )
    assert response.status_code == 302
    published = _list(client, url)
    after = check_status(published, index, public)
    assert after.revoked is True and after.stale is False
    assert datetime.now(UTC) - after.valid_from < timedelta(minutes=5)
    # the badge still verifies; its status is what changed
    with app.app_context():
        assert verify_credential(_badge(client, certificate), issuer_key())
    # only this certificate's bit is set
    others = [i for i in range(8) if i != index]
    assert not any(check_status(published, i, public).revoked for i in others)


def test_the_list_is_kept_not_signed_for_every_request(client, certificate):
    first = _list(client, "/credentials/status/1")
    assert _list(client, "/credentials/status/1") == first


def test_a_stale_list_says_so(client, app, certificate):
    listed = _list(client, "/credentials/status/1")
    with app.app_context():
        public = issuer_key().public
    later = datetime.now(UTC) + app.config["STATUS_LIST_VALIDITY"] + timedelta(minutes=1)
    verdict = check_status(listed, certificate.status_index, public, now=later)
    assert verdict.stale is True and verdict.revoked is False


def test_an_altered_unsigned_or_foreign_list_is_refused(client, app, certificate):
    listed = json.loads(_list(client, "/credentials/status/1"))
    with app.app_context():
        public = issuer_key().public
    altered = dict(listed)
    altered["credentialSubject"] = {
        **listed["credentialSubject"],
        "encodedList": encode_bitstring([certificate.status_index]),
    }
    with pytest.raises(StatusListError, match="does not verify"):
        check_status(altered, certificate.status_index, public)
    unsigned = {k: v for k, v in listed.items() if k != "proof"}
    with pytest.raises(StatusListError, match="not signed"):
        check_status(unsigned, certificate.status_index, public)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stranger = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(StatusListError, match="does not verify"):
        check_status(listed, certificate.status_index, stranger)
    with pytest.raises(StatusListError, match="not JSON"):
        check_status(b"%PDF-1.7", 0, public)
    with pytest.raises(StatusListError, match="outside"):
        check_status(listed, LIST_LENGTH, public)


def test_a_compressed_bomb_is_refused():
    import base64
    import gzip

    bomb = gzip.compress(b"\0" * (17 * 1024 * 1024))
    encoded = "u" + base64.urlsafe_b64encode(bomb).decode().rstrip("=")
    with pytest.raises(StatusListError, match="too large"):
        decode_bitstring(encoded)


def test_a_list_that_does_not_exist_is_404(client, certificate):
    assert client.get("/credentials/status/2").status_code == 404
    assert client.get("/credentials/status/0").status_code == 404


def _imports(path):
    import ast

    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module


def test_the_checker_imports_neither_flask_nor_the_database():
    from pathlib import Path

    import lms.certificates.canonical as canonical
    import lms.certificates.status_check as checker

    imported = {
        name.split(".")[0] if not name.startswith("lms.") else name
        for module in (checker, canonical)
        for name in _imports(Path(module.__file__))
    }
    allowed = {"__future__", "base64", "gzip", "hashlib", "json", "zlib", "collections", "datetime"}
    allowed |= {"typing", "cryptography", "rfc8785", "lms.certificates.canonical"}
    assert imported <= allowed, imported - allowed


def test_a_downloaded_list_is_checked_in_a_process_without_database_or_app(
    client, app, certificate, tmp_path
):
    import os
    import subprocess
    import sys

    listed = tmp_path / "status-1.json"
    listed.write_bytes(_list(client, "/credentials/status/1"))
    with app.app_context():
        did = issuer_key().did
    code = (
        "import sys; from lms.certificates.status_check import check_status; "
        "v = check_status(open(sys.argv[1], 'rb').read(), int(sys.argv[2]), sys.argv[3]); "
        "print(v.revoked, v.stale)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("LMS_")}
    done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-c", code, str(listed), str(certificate.status_index), did],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0 and done.stdout.split() == ["False", "False"], done.stderr


def test_reissue_sets_the_old_certificates_bit(app, client, factory, certificate):
    factory.user("boss", "admin")
    login(client, "boss")
    response = post_form(
        client, f"/certificates/{certificate.id}/reissue", {"reason": "Name spelt wrongly"}
    )
    assert response.status_code == 302
    with app.app_context():
        public = issuer_key().public
    listed = _list(client, "/credentials/status/1")
    assert check_status(listed, certificate.status_index, public).revoked is True
    assert check_status(listed, certificate.status_index + 1, public).revoked is False


# Achievement and framework addresses


def test_the_achievement_address_answers_people_and_machines(client, certificate):
    badge = _badge(client, certificate)
    achievement = badge["credentialSubject"]["achievement"]
    path = achievement["id"].removeprefix("http://127.0.0.1:5000")
    html = client.get(path).get_data(as_text=True)
    assert "Foundational Course in Social Work" in html and "ETH-1" in html
    for response in (
        client.get(path, headers={"Accept": "application/ld+json"}),
        client.get(path, headers={"Accept": "application/json"}),
        client.get(f"{path}.json"),
    ):
        assert response.status_code == 200 and response.json["id"] == achievement["id"]
        assert response.json["alignment"] == achievement["alignment"]
    assert client.get("/achievements/nonexistent").status_code == 404
    assert client.get("/achievements/nonexistent.json").status_code == 404


def test_the_framework_address_anchors_each_competency(client, certificate):
    alignment = _badge(client, certificate)["credentialSubject"]["achievement"]["alignment"][0]
    url, anchor = alignment["targetUrl"].removeprefix("http://127.0.0.1:5000").split("#")
    html = client.get(url).get_data(as_text=True)
    assert f'id="{anchor}"' in html
    data = client.get(url, headers={"Accept": "application/json"}).json
    assert f"{alignment['targetUrl']}" in [c["id"] for c in data["competencies"]]
    assert client.get(f"{url}.json").json == data
    assert client.get("/frameworks/NOPE").status_code == 404


def test_the_command_writes_the_list_for_an_offline_verifier(app, runner, certificate, tmp_path):
    out = tmp_path / "status.json"
    result = runner.invoke(args=["certificates", "status-list", "--out", str(out)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        public = issuer_key().public
    assert check_status(out.read_bytes(), certificate.status_index, public).revoked is False


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--number", "7"], "There is no status list number 7."),
        (["--url", "ftp://example.org/list"], "not a web address"),
        (["--url", "http://127.0.0.1:9/credentials/status/1"], "could not download"),
    ],
)
def test_the_command_refuses_clearly(runner, certificate, tmp_path, args, message):
    out = tmp_path / "status.json"
    result = runner.invoke(args=["certificates", "status-list", "--out", str(out), *args])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output
    assert not out.exists()
