"""User import: all rows checked first, row-numbered errors, all or nothing."""

import io

from sqlalchemy import func, select
from support import csrf_token, login

from lms.accounts.models import User
from lms.core.extensions import db

GOOD = (
    "username,full_name,roles,region,language,cohort,password\n"
    "aygul,Aýgül Orazowa,trainee,DZ-AKD,tk,,first-pass-1\n"
    "merdan,Merdan Annaýew,trainer,MR-BAY,ru,,second-pass-2\n"
)


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_cli_imports_a_good_file(runner, tmp_path, app):
    path = tmp_path / "users.csv"
    path.write_text(GOOD, encoding="utf-8")
    before = _count(app)
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 users imported" in result.output
    assert _count(app) == before + 2


def test_cli_reports_every_bad_row_with_its_line_and_imports_nothing(runner, tmp_path, app):
    path = tmp_path / "users.csv"
    path.write_text(
        "username,full_name,roles,region\n"
        "aygul,Aýgül Orazowa,trainee,DZ-AKD\n"
        "AYGUL,Another Aýgül,trainee,DZ-AKD\n"
        "bägül,,trainee,LB-CAR\n"
        "nury,Nury Çaryýew,wizard,NOWHERE\n",
        encoding="utf-8",
    )
    before = _count(app)
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}:3: The username “AYGUL” repeats row 2." in result.output
    assert f"{path}:4: A full name is required." in result.output
    assert f"{path}:5:" in result.output and "wizard" in result.output
    assert "NOWHERE" in result.output
    assert _count(app) == before


def test_duplicates_are_found_after_nfc_and_case_folding(runner, tmp_path):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "aýgül")
    path = tmp_path / "users.csv"
    path.write_text(f"username,full_name\naýgül,A One\n{nfd.upper()},A Two\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 1
    assert ":3: The username" in result.output


def test_unknown_columns_and_missing_required_columns_are_reported(runner, tmp_path):
    path = tmp_path / "users.csv"
    path.write_text("login,name\nx,y\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 1
    assert ":1: Missing column(s): username, full_name." in result.output
    assert ":1: Unknown column(s): login, name." in result.output


def test_non_utf8_file_is_refused_with_a_clear_message(runner, tmp_path):
    path = tmp_path / "users.csv"
    path.write_bytes(
        "username,full_name\nx,Ýazgül\n".encode("cp1251", errors="replace") + b"\xff\xfe"
    )
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 1
    assert "not UTF-8" in result.output


def test_missing_file_gets_a_message_not_a_traceback(runner, tmp_path):
    result = runner.invoke(args=["users", "import", str(tmp_path / "none.csv")])
    assert result.exit_code == 1
    assert "cannot read the file" in result.output
    assert "Traceback" not in result.output


def test_generated_passwords_are_printed_once(runner, tmp_path):
    path = tmp_path / "users.csv"
    path.write_text("username,full_name\nmaysa,Maýsa Gurbanowa\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0
    assert "maysa\t" in result.output


def test_import_can_place_trainees_in_a_cohort(runner, tmp_path, factory, app):
    factory.cohort("FND-X")
    path = tmp_path / "users.csv"
    path.write_text("username,full_name,cohort\nmaysa,Maýsa Gurbanowa,FND-X\n", encoding="utf-8")
    assert runner.invoke(args=["users", "import", str(path)]).exit_code == 0
    with app.app_context():
        from lms.accounts.models import Cohort

        cohort = db.session.scalar(select(Cohort).where(Cohort.code == "FND-X"))
        assert [u.username for u in cohort.trainees] == ["maysa"]


def test_upload_page_shows_row_errors_and_imports_nothing(client, factory, app):
    factory.user("boss", "admin")
    login(client, "boss")
    before = _count(app)
    token = csrf_token(client, "/admin/users/import")
    bad = "username,full_name\nok1,Good Name\n,Nameless\n"
    response = client.post(
        "/admin/users/import",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(bad.encode()), "users.csv")},
    )
    html = response.get_data(as_text=True)
    assert "Nothing was imported" in html and "Row 3" in html
    assert _count(app) == before


def test_upload_page_imports_a_good_file(client, factory, app):
    factory.user("boss", "admin")
    login(client, "boss")
    before = _count(app)
    token = csrf_token(client, "/admin/users/import")
    response = client.post(
        "/admin/users/import",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(GOOD.encode()), "u.csv")},
    )
    assert "2 users imported" in response.get_data(as_text=True)
    assert _count(app) == before + 2


TWO_USERNAMES = "username,full_name,username\nfirst,Aýgül Orazowa,second\n"


def test_cli_refuses_a_column_named_twice(runner, tmp_path, app):
    """csv.DictReader kept the last ``username`` and dropped the first without a word."""
    path = tmp_path / "users.csv"
    path.write_text(TWO_USERNAMES, encoding="utf-8")
    before = _count(app)
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}:1: Column(s) named more than once: username." in result.output
    assert _count(app) == before


def test_upload_page_refuses_a_column_named_twice(client, factory, app):
    factory.user("boss", "admin")
    login(client, "boss")
    before = _count(app)
    response = client.post(
        "/admin/users/import",
        content_type="multipart/form-data",
        data={
            "csrf_token": csrf_token(client, "/admin/users/import"),
            "file": (io.BytesIO(TWO_USERNAMES.encode()), "users.csv"),
        },
    )
    html = response.get_data(as_text=True)
    assert "Column(s) named more than once: username." in html and "Nothing was imported" in html
    assert _count(app) == before


LONG_EMAIL = "a" * 60 + "@" + "b" * 235 + ".tm"  # 299 characters: longer than users.email


def test_an_over_long_email_is_refused_with_its_row_and_nothing_is_imported(client, factory, app):
    """PostgreSQL refuses a value longer than its column (a 500) where SQLite stores it: the
    import checks the users table's own column lengths first, on both."""
    from lms.accounts.users import column_length

    factory.user("boss", "admin")
    login(client, "boss")
    before = _count(app)
    token = csrf_token(client, "/admin/users/import")
    text = f"username,full_name,email\nok1,Good Name,ok@example.tm\nok2,Long Mail,{LONG_EMAIL}\n"
    response = client.post(
        "/admin/users/import",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(text.encode()), "users.csv")},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Nothing was imported" in html and "Row 3" in html
    with app.app_context():
        assert f"at most {column_length('email')} characters" in html
    assert _count(app) == before


def test_every_over_long_field_is_refused_by_the_import(runner, tmp_path, app):
    from lms.accounts.users import column_length

    with app.app_context():
        lengths = {name: column_length(name) for name in ("username", "full_name", "email")}
    rows = [
        f"{'u' * (lengths['username'] + 1)},Name One,",
        f"name2,{'F' * (lengths['full_name'] + 1)},",
        f"name3,Name Three,{'e' * (lengths['email'] - 4)}@x.tm",
    ]
    path = tmp_path / "users.csv"
    path.write_text("username,full_name,email\n" + "\n".join(rows) + "\n", encoding="utf-8")
    before = _count(app)
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code != 0
    for line in (2, 3, 4):
        assert f"users.csv:{line}: " in result.output, result.output
    assert _count(app) == before


def test_name_rules_agree_with_the_users_columns(app):
    from lms.accounts.names import USERNAME_MAX, clean_full_name
    from lms.accounts.users import column_length

    with app.app_context():
        assert USERNAME_MAX == column_length("username") == column_length("username_key")
        clean_full_name("F" * column_length("full_name"))  # the longest that fits is accepted


def test_a_username_whose_case_folded_key_is_too_long_is_refused(runner, tmp_path, app):
    """64 × ß fits users.username, but its key (ss × 64) does not fit users.username_key: it
    answered 500 on PostgreSQL (found by tests/accounts/test_user_import_properties.py)."""
    path = tmp_path / "users.csv"
    path.write_text(f"username,full_name\n{'ß' * 64},Name One\n", encoding="utf-8")
    before = _count(app)
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code != 0
    assert "users.csv:2: A username has at most 64 characters." in result.output
    assert _count(app) == before
