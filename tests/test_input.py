"""A NUL byte anywhere in a request is refused with a clear 400 on both databases, never a 500."""

from __future__ import annotations

import io

from support import csrf_token, login

from lms.core.extensions import db


def test_a_nul_in_the_login_form_is_refused_and_nothing_is_recorded(client, factory):
    from lms.accounts.models import LoginAttempt

    factory.user("aygul", "trainee")
    token = csrf_token(client, "/login")
    data = {"csrf_token": token, "username": "ay\x00gul", "password": "x"}
    response = client.post("/login", data=data)
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
    assert db.session.query(LoginAttempt).count() == 0


def test_a_nul_in_a_search_or_an_upload_name_is_refused(client, factory):
    factory.user("boss", "admin")
    login(client, "boss")
    assert client.get("/admin/users?q=a%00b").status_code == 400
    token = csrf_token(client, "/admin/users/import")
    upload = (io.BytesIO(b"username,full_name\n"), "users\x00.csv")
    response = client.post(
        "/admin/users/import",
        data={"csrf_token": token, "file": upload},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400


def test_ordinary_text_still_passes(client, factory):
    factory.user("boss", "admin")
    login(client, "boss")
    assert client.get("/admin/users?q=Ýazgül").status_code == 200


def test_an_id_longer_than_any_column_holds_is_no_page(client, factory):
    """Every route with an ``<int:...>`` part, given 30 nines there: a 404 (it was a 500, the
    databases refusing to compare an id column with such a number), never a 5xx."""
    import re

    from test_response_headers import FIXED

    factory.user("boss", "admin", "trainer", "trainee")
    login(client, "boss")
    overflowing, checked = "9" * 30, []
    for rule in client.application.url_map.iter_rules():
        if "GET" not in rule.methods or "<int:" not in rule.rule:
            continue
        path = re.sub(r"<int:\w+>", overflowing, rule.rule)
        path = re.sub(r"<(?:[a-z]+:)?(\w+)>", lambda m: FIXED.get(m.group(1), "x"), path)
        checked.append((path, client.get(path).status_code))
    assert len(checked) >= 20, checked
    assert all(status == 404 for _path, status in checked), [c for c in checked if c[1] != 404]
