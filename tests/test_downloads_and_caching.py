"""Personal pages and downloads are never stored; download names survive any alphabet.

The rule (``lms.core.caching``): ``Cache-Control: no-store`` on every response, except static
files and module assets (left to their view) and the public verification and pool pages seen
without logging in (``no-cache``: stored, but checked again, so a revocation shows at once).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from support import login

from lms.core.config import PROJECT_ROOT
from lms.core.downloads import content_disposition


def filename_star(header: str) -> str:
    value = header.split("filename*=", 1)[1]
    assert value.startswith("UTF-8''")
    return unquote(value[len("UTF-8''") :])


@pytest.mark.parametrize(
    "name, fallback",
    [
        ("progress-ТОТ-1.csv", "progress-_-1.csv"),
        ("Aşgabat ýyl.pdf", "Asgabat_yyl.pdf"),
        ('a"b;c\r\n.csv', "a_b_c.csv"),
        ("../../etc/passwd", "passwd"),
    ],
)
def test_content_disposition_has_an_ascii_name_and_the_utf8_name(name, fallback):
    header = content_disposition(name)
    header.encode("latin-1")  # an HTTP header must be Latin-1; this one is even ASCII
    assert header.isascii() and "\r" not in header and "\n" not in header
    assert f'filename="{fallback}"' in header
    assert filename_star(header) == name.rsplit("/", 1)[-1]


def test_a_cyrillic_cohort_code_downloads_its_progress(client, factory):
    trainee = factory.user("ayna", "trainee")
    factory.user("boss", "admin")
    cohort = factory.cohort("ТОТ-1", trainees=[trainee])
    login(client, "boss")
    response = client.get(f"/cohorts/{cohort.id}/progress.csv")
    assert response.status_code == 200
    assert filename_star(response.headers["Content-Disposition"]) == "progress-ТОТ-1.csv"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_of_a_logged_in_person_are_not_stored(client, factory):
    factory.user("boss", "admin")
    login(client, "boss")
    for path in ("/", "/admin/users", "/verify/", "/pool/public"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_public_pages_may_be_kept_by_anonymous_visitors_if_checked_again(client):
    for path in ("/verify/", "/pool/public", "/verify/issuer"):
        assert client.get(path).headers["Cache-Control"] == "no-cache", path
    assert client.get("/login").headers["Cache-Control"] == "no-store"


def test_static_files_keep_their_own_caching(client):
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_every_download_goes_through_the_download_helper():
    """No view writes its own Content-Disposition (it would miss RFC 5987 and no-store).
    lms/core/static_files.py only names it to take Flask's ``inline`` one off versioned static
    files: it may name the header, never set it or send an attachment."""
    found = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "lms").rglob("*.py")
        if path.name not in ("downloads.py", "caching.py")
        and (
            "Content-Disposition" in (text := path.read_text(encoding="utf-8"))
            or "as_attachment" in text
        )
        and path.relative_to(PROJECT_ROOT).as_posix() != "lms/core/static_files.py"
    ]
    assert found == []
    removing = (PROJECT_ROOT / "lms/core/static_files.py").read_text(encoding="utf-8")
    assert "as_attachment" not in removing
    assert not re.search(r"headers\[[^]]*\]\s*=|headers\.(set|add|setdefault)\(", removing)
