"""Every route, visited as anonymous and as each role: who is let in and who is not.

A new route must be added to ROUTES; test_every_route_is_in_the_matrix fails otherwise.
"""

import pytest
from support import login

ROLES = ("trainee", "trainer", "coordinator", "admin")
ANYONE = set(ROLES)
PUBLIC = "public"
NOT_FOUND = "not found"  # for everyone logged in (no such file); still needs a login

# endpoint -> (URL template, roles allowed). Templates are filled from the `world` fixture.
ROUTES = {
    "site.healthz": ("/healthz", PUBLIC),
    "accounts.login": ("/login", PUBLIC),
    "site.index": ("/", ANYONE),
    "accounts.change_password": ("/account/password", ANYONE),
    "accounts.users": ("/admin/users", {"admin"}),
    "accounts.users_csv": ("/admin/users.csv", {"admin"}),
    "accounts.user_new": ("/admin/users/new", {"admin"}),
    "accounts.user_edit": ("/admin/users/{trainee_id}", {"admin"}),
    "accounts.user_import": ("/admin/users/import", {"admin"}),
    "accounts.regions": ("/admin/regions", {"admin"}),
    "accounts.audit_log": ("/admin/audit", {"admin"}),
    "accounts.cohorts": ("/cohorts/", {"admin", "trainer"}),
    "accounts.cohort_new": ("/cohorts/new", {"admin"}),
    "accounts.cohort": ("/cohorts/{cohort_id}", {"admin", "trainer"}),
    "accounts.cohort_edit": ("/cohorts/{cohort_id}/edit", {"admin"}),
    "accounts.cohort_people": ("/cohorts/{cohort_id}/people", {"admin"}),
    "accounts.trainee": ("/trainees/{trainee_id}", {"admin", "trainer"}),
    "courses.index": ("/learn/", ANYONE),
    "courses.programme": ("/learn/foundational/", ANYONE),
    "courses.module": ("/learn/foundational/what-is-social-work/", ANYONE),
    "courses.lesson": ("/learn/foundational/what-is-social-work/defining-social-work", ANYONE),
    "courses.asset": ("/learn/foundational/what-is-social-work/files/none.png", NOT_FOUND),
    "cohort_progress.cohort_progress_page": ("/cohorts/{cohort_id}/progress", {"admin", "trainer"}),
    "cohort_progress.cohort_progress_csv": (
        "/cohorts/{cohort_id}/progress.csv",
        {"admin", "trainer"},
    ),
}
# Routes that only accept POST (and so never change anything on GET).
POST_ONLY = {
    "accounts.logout": "/logout",
    "site.set_language": "/language",
    "accounts.user_reset_password": "/admin/users/{trainee_id}/password",
    "courses.lesson_done": "/learn/foundational/what-is-social-work/defining-social-work/done",
}
NOT_APPLICATION_ROUTES = {"static"}


@pytest.fixture
def world(factory):
    users = {role: factory.user(f"{role}1", role) for role in ROLES}
    cohort = factory.cohort("FND-M", trainers=[users["trainer"]], trainees=[users["trainee"]])
    return {"cohort_id": cohort.id, "trainee_id": users["trainee"].id}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = endpoints - set(ROUTES) - set(POST_ONLY) - NOT_APPLICATION_ROUTES
    assert not missing, f"add these routes to the access matrix: {sorted(missing)}"


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, world, endpoint):
    template, allowed = ROUTES[endpoint]
    response = client.get(template.format(**world))
    if allowed == PUBLIC:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.location.startswith("/login?next=")


def _expected_status(endpoint: str, allowed, role: str) -> int:
    if endpoint == "accounts.login":
        return 302  # logged-in users are sent home
    if allowed == NOT_FOUND:
        return 404
    return 200 if allowed == PUBLIC or role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_each_role_is_allowed_or_refused(client, world, role, endpoint):
    template, allowed = ROUTES[endpoint]
    login(client, f"{role}1")
    response = client.get(template.format(**world))
    expected = _expected_status(endpoint, allowed, role)
    assert response.status_code == expected


@pytest.mark.parametrize("endpoint", sorted(POST_ONLY))
def test_state_changing_routes_refuse_get(client, world, endpoint):
    login(client, "admin1")
    assert client.get(POST_ONLY[endpoint].format(**world)).status_code == 405
