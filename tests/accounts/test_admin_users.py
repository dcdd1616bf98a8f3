"""Admins create users, change roles, deactivate and reset passwords; each is audited."""

from sqlalchemy import select
from support import csrf_token, login, post_form

from lms.core.audit import AuditEvent
from lms.core.extensions import db


def _events(app, action):
    with app.app_context():
        return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def _new_user_form(**overrides):
    data = {
        "username": "ogulbahar",
        "full_name": "Ogulbahar Hojaýewa",
        "password": "long enough pw",
        "roles": ["trainee"],
        "language": "tk",
        "region": "DZ-AKD",
        "email": "",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_user_with_a_turkmen_name(client, factory, app):
    factory.user("boss", "admin")
    login(client, "boss")
    response = post_form(client, "/admin/users/new", _new_user_form())
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Ogulbahar Hojaýewa" in page
    assert _events(app, "user.created")


def test_lookalike_username_is_rejected_at_creation_and_nothing_is_saved(client, factory, app):
    factory.user("boss", "admin")
    factory.user("merdan", "trainer")
    login(client, "boss")
    response = post_form(
        client, "/admin/users/new", _new_user_form(username="mеrdan")
    )  # Cyrillic е
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "one script" in html
    response = post_form(client, "/admin/users/new", _new_user_form(username="МЕRDAN".lower()))
    assert response.status_code == 200
    assert len(_events(app, "user.created")) == 2  # only the two factory users


def test_same_username_in_other_case_is_taken(client, factory):
    factory.user("boss", "admin")
    factory.user("merdan", "trainer")
    login(client, "boss")
    html = post_form(client, "/admin/users/new", _new_user_form(username="MERDAN")).get_data(
        as_text=True
    )
    assert "is taken" in html


def test_role_change_is_audited_with_before_and_after(client, factory, app):
    factory.user("boss", "admin")
    user = factory.user("selbi", "trainee")
    login(client, "boss")
    response = post_form(
        client,
        f"/admin/users/{user.id}",
        {
            "full_name": "Selbi",
            "roles": ["trainee", "trainer"],
            "active": "y",
            "language": "",
            "region": "",
            "email": "",
        },
    )
    assert response.status_code == 302
    (event,) = _events(app, "user.roles_changed")
    assert event.details == {"before": ["trainee"], "after": ["trainee", "trainer"]}


def test_admin_cannot_remove_own_admin_role(client, factory):
    boss = factory.user("boss", "admin")
    login(client, "boss")
    html = post_form(
        client,
        f"/admin/users/{boss.id}",
        {
            "full_name": "Boss",
            "roles": ["trainer"],
            "active": "y",
            "language": "",
            "region": "",
            "email": "",
        },
    ).get_data(as_text=True)
    assert "cannot remove your own admin role" in html


def test_password_reset_logs_the_user_out_and_is_audited(app, factory):
    factory.user("boss", "admin")
    user = factory.user("selbi", "trainee")
    admin_client, user_client = app.test_client(), app.test_client()
    login(user_client, "selbi")
    login(admin_client, "boss")
    token = csrf_token(admin_client, f"/admin/users/{user.id}")
    response = admin_client.post(
        f"/admin/users/{user.id}/password",
        data={"new_password": "reset to this one", "csrf_token": token},
    )
    assert response.status_code == 302
    assert user_client.get("/").status_code == 302
    assert login(app.test_client(), "selbi", "reset to this one").location == "/"
    assert _events(app, "user.password_reset")


def test_users_csv_export_neutralises_formula_cells(client, factory):
    factory.user("boss", "admin")
    factory.user("evil", "trainee", full_name='=HYPERLINK("x")')
    login(client, "boss")
    response = client.get("/admin/users.csv")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    assert body.startswith("\ufeff")
    assert "'=HYPERLINK" in body


def test_user_search_finds_by_name(client, factory):
    factory.user("boss", "admin")
    factory.user("jeren", "trainee", full_name="Jeren Kakabaýewa")
    login(client, "boss")
    html = client.get("/admin/users?q=jeren").get_data(as_text=True)
    assert "Jeren Kakabaýewa" in html


LONG_EMAIL = "a" * 60 + "@" + "b" * 235 + ".tm"  # 299 characters: longer than users.email


def test_new_user_form_refuses_an_email_longer_than_its_column(client, factory, app):
    from lms.accounts.models import User

    factory.user("boss", "admin")
    login(client, "boss")
    response = post_form(client, "/admin/users/new", _new_user_form(email=LONG_EMAIL))
    assert response.status_code == 200
    assert "254" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.username == "ogulbahar")) is None


def test_edit_user_form_refuses_over_long_fields(client, factory, app):
    from lms.accounts.models import User

    factory.user("boss", "admin")
    user = factory.user("selbi", "trainee", full_name="Selbi")
    login(client, "boss")
    for field, value in (("email", LONG_EMAIL), ("full_name", "F" * 201)):
        form = {"full_name": "Selbi", "roles": ["trainee"], "active": "y", "language": "",
                "region": "", "email": ""}  # fmt: skip
        form[field] = value
        response = post_form(client, f"/admin/users/{user.id}", form)
        assert response.status_code == 200, field
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert (stored.full_name, stored.email) == ("Selbi", None)


def test_new_user_form_keeps_a_good_email_and_refuses_a_malformed_one(client, factory, app):
    """The forms once used WTForms' Email(), whose email_validator package is not installed:
    any address typed answered 500."""
    from lms.accounts.models import User

    factory.user("boss", "admin")
    login(client, "boss")
    response = post_form(client, "/admin/users/new", _new_user_form(email="not an address"))
    assert response.status_code == 200
    assert "Invalid email address." in response.get_data(as_text=True)
    response = post_form(client, "/admin/users/new", _new_user_form(email="ogul@example.tm"))
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "ogulbahar"))
        assert user.email == "ogul@example.tm"


def test_an_email_address_is_checked_by_shape_without_a_server_error(client, factory, app):
    """Email() of WTForms needed the email_validator package, absent: any address was a 500."""
    factory.user("boss", "admin")
    login(client, "boss")
    for refused in ("²@example.tm", "a\u202e@example.tm", "no-at-sign", "<script>@x.tm "):
        response = post_form(client, "/admin/users/new", _new_user_form(email=refused))
        assert response.status_code == 200, refused
        assert "Invalid email address." in response.get_data(as_text=True)
    response = post_form(client, "/admin/users/new", _new_user_form(email="ogul@example.tm"))
    assert response.status_code == 302
