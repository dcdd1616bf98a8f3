"""``lms certificates verify FILE.pdf --key JWKS``: anyone's check, with no database and no
private key; key rotation and compromise from the command line."""

import functools
import http.server
import io
import json
import threading
from datetime import datetime
from pathlib import Path

import pytest
from certificate_helpers import outsider_verify, qualify
from pypdf import PdfWriter

from lms.certificates.issuing import issue_certificate
from lms.certificates.pdf import render_certificate_pdf
from lms.certificates.signing import published_keys
from lms.core.extensions import db
from lms.courses.content import catalogue

NAME = "Merdan Annaýew"


@pytest.fixture
def files(app, factory, tmp_path):
    """A certificate PDF and the site's published keys, as files an employer would hold."""
    trainee = factory.user("merdan", "trainee", full_name=NAME)
    with app.app_context():
        qualify(trainee, "foundational")
        certificate = issue_certificate(
            trainee, catalogue().programme("foundational"), actor_id=None
        ).certificate
        db.session.commit()
        (tmp_path / "jwks.json").write_text(json.dumps(published_keys().jwks()))
    with app.test_request_context():
        (tmp_path / "certificate.pdf").write_bytes(
            render_certificate_pdf(db.session.merge(certificate))
        )
    return tmp_path


@pytest.fixture
def jwks_url(files):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(files))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/jwks.json"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_a_clean_certificate_verifies_with_only_the_public_keys(files):
    done = outsider_verify("certificate.pdf", "--key", "jwks.json", cwd=files)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"valid: {NAME}")
    assert "Traceback" not in done.stderr


def test_an_outsider_sees_tampering_and_a_file_too_large(files, jwks_url):
    pdf = bytearray((files / "certificate.pdf").read_bytes())
    pdf[len(pdf) // 2] ^= 0x01
    (files / "flipped.pdf").write_bytes(bytes(pdf))
    done = outsider_verify("flipped.pdf", "--key", jwks_url, cwd=files)
    assert (done.returncode, done.stdout.strip()) == (3, "tampered")
    with (files / "big.pdf").open("wb") as big:
        big.write(b"%PDF-1.7\n")
        big.truncate(50 * 1024 * 1024)
    done = outsider_verify("big.pdf", "--key", "jwks.json", cwd=files)
    assert (done.returncode, done.stdout.strip()) == (5, "too large")


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "code", "said"),
    [
        (lambda pdf: pdf + b"1 0 obj\n<<>>\nendobj\n", 3, "modified after signing"),
        (lambda pdf: pdf[: len(pdf) // 2], 5, "truncated"),
        (lambda pdf: b"GIF89a", 4, "not a PDF"),
        (lambda pdf: _blank_pdf(), 4, "not a certificate"),
    ],
)
def test_verdicts_and_exit_codes(files, runner, content, code, said):
    path = files / "other.pdf"
    path.write_bytes(content((files / "certificate.pdf").read_bytes()))
    result = runner.invoke(
        args=["certificates", "verify", str(path), "--key", str(files / "jwks.json")]
    )
    assert result.exit_code == code
    assert result.output.startswith(said)


def test_a_key_set_that_cannot_be_read_is_a_clear_error(files, runner):
    (files / "bad.json").write_text('{"keys": [{"kty": "RSA"}]}')
    for key in ("bad.json", "missing.json"):
        result = runner.invoke(
            args=[
                "certificates",
                "verify",
                str(files / "certificate.pdf"),
                "--key",
                str(files / key),
            ]
        )
        assert result.exit_code == 1 and key in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_rotation_and_compromise_from_the_command_line(app, files, runner):
    key_file, retired = files / "key.pem", files / "retired.json"
    key_file.write_bytes(Path(app.config["SIGNING_KEY_FILE"]).read_bytes())
    saved = {name: app.config[name] for name in ("SIGNING_KEY_FILE", "RETIRED_KEYS_FILE")}
    app.config.update(SIGNING_KEY_FILE=key_file, RETIRED_KEYS_FILE=retired)
    app.extensions.pop("lms.issuer_key", None)
    try:
        rotated = runner.invoke(args=["certificates", "keygen", "--rotate"])
        assert rotated.exit_code == 0 and "Retired did:key:" in rotated.output
        with app.app_context():
            jwks = published_keys().jwks()
        (files / "jwks.json").write_text(json.dumps(jwks))
        old = jwks["keys"][1]["kid"]
        pdf = str(files / "certificate.pdf")
        assert (
            runner.invoke(
                args=["certificates", "verify", pdf, "--key", str(files / "jwks.json")]
            ).exit_code
            == 0
        )
        current = jwks["keys"][0]["kid"]
        refused = runner.invoke(
            args=["certificates", "compromised", current, "--from", "2020-01-01"]
        )
        assert refused.exit_code == 1 and "not a retired key" in refused.output
        marked = runner.invoke(args=["certificates", "compromised", old, "--from", "2020-01-01"])
        assert marked.exit_code == 0
        with app.app_context():
            (files / "jwks.json").write_text(json.dumps(published_keys().jwks()))
        result = runner.invoke(
            args=["certificates", "verify", pdf, "--key", str(files / "jwks.json")]
        )
        assert result.exit_code == 4 and result.output.startswith("signed by a compromised key")
    finally:
        app.config.update(saved)
        app.extensions.pop("lms.issuer_key", None)


def _revoke_and_download_list(app, client, files) -> bytes:
    from lms.certificates.issuing import revoke_certificate
    from lms.certificates.models import Certificate

    with app.app_context():
        certificate = db.session.scalars(db.select(Certificate)).one()
        revoke_certificate(certificate, "Issued in error", actor_id=None)
        db.session.commit()
    listed = client.get("/credentials/status/1")
    assert listed.status_code == 200
    return listed.data


def test_an_outsider_sees_a_revocation_through_a_downloaded_signed_list(app, client, files):
    (files / "status.json").write_bytes(_revoke_and_download_list(app, client, files))
    done = outsider_verify(
        "certificate.pdf", "--key", "jwks.json", "--status-list", "status.json", cwd=files
    )
    assert done.returncode == 1, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("Revocation checked against the status list of 20")
    assert lines[-1].startswith(f"revoked: {NAME}")
    assert "Traceback" not in done.stderr


def test_an_altered_or_stale_list_is_said_so(app, client, files):
    listed = json.loads(_revoke_and_download_list(app, client, files))
    altered = dict(listed, validUntil="2099-01-01T00:00:00Z")
    (files / "altered.json").write_text(json.dumps(altered))
    done = outsider_verify(
        "certificate.pdf", "--key", "jwks.json", "--status-list", "altered.json", cwd=files
    )
    assert done.returncode == 1 and "not signed by the issuer's keys" in done.stdout + done.stderr
    unsigned = {k: v for k, v in listed.items() if k != "proof"}
    (files / "unsigned.json").write_text(json.dumps(unsigned))
    done = outsider_verify(
        "certificate.pdf", "--key", "jwks.json", "--status-list", "unsigned.json", cwd=files
    )
    assert done.returncode == 1 and "unsigned" in done.stdout + done.stderr
    # the genuine list, read after its validity: the verdict stands, with a warning
    from lms.certificates.status_list import decode_list

    stale = decode_list(listed)
    assert stale.stale(datetime.fromisoformat("2999-01-01T00:00:00+00:00"))
    assert not stale.stale(datetime.fromisoformat(listed["validFrom"].replace("Z", "+00:00")))
