"""Every route, visited as anonymous and as each role: who is let in and who is not.

A new route must be added to ROUTES; test_every_route_is_in_the_matrix fails otherwise.
"""

import pytest
from support import login

ROLES = ("trainee", "trainer", "coordinator", "admin")
ANYONE = set(ROLES)
PUBLIC = "public"
PUBLIC_NOT_FOUND = "public, not found"  # public route; the sample object does not exist
NOT_FOUND = "not found"  # for everyone logged in (no such file); still needs a login
ADMIN_ONLY_MISSING = "admin only; sample missing"  # others 403 first, admins 404 (no such object)
# The sample trainee's own record: the trainee, their cohort's trainer and admins; others 404.
TRAINEE_RECORD = "the trainee, their trainers and admins; others 404"

UNIVERSITY_PROGRAMME = "/universities/{university_id}/programmes/{programme_id}"

# endpoint -> (URL template, roles allowed). Templates are filled from the `world` fixture.
ROUTES = {
    "site.healthz": ("/healthz", PUBLIC),
    "site.manifest": ("/manifest.webmanifest", PUBLIC),
    "site.service_worker": ("/sw.js", PUBLIC),
    "site.offline_page": ("/offline", PUBLIC),
    "site.favicon": ("/favicon.ico", PUBLIC),
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
    "cohort_admin.cohort_new": ("/cohorts/new", {"admin"}),
    "accounts.cohort": ("/cohorts/{cohort_id}", {"admin", "trainer"}),
    "cohort_admin.cohort_edit": ("/cohorts/{cohort_id}/edit", {"admin"}),
    "accounts.cohort_people": ("/cohorts/{cohort_id}/people", {"admin"}),
    "accounts.trainee": ("/trainees/{trainee_id}", {"admin", "trainer"}),
    "courses.index": ("/learn/", ANYONE),
    "courses.glossary": ("/learn/glossary", ANYONE),
    "courses.programme": ("/learn/foundational/", ANYONE),
    "courses.module": ("/learn/foundational/what-is-social-work/", ANYONE),
    "courses.lesson": ("/learn/foundational/what-is-social-work/defining-social-work", ANYONE),
    "courses.asset": ("/learn/foundational/what-is-social-work/files/none.png", NOT_FOUND),
    "courses.programme_offline": ("/learn/foundational/offline.json", ANYONE),
    "courses.module_offline": ("/learn/foundational/what-is-social-work/offline.json", ANYONE),
    "translation_status.page": ("/learn/translations", {"admin", "trainer"}),
    "translation_status.csv": ("/learn/translations.csv", {"admin", "trainer"}),
    "annex.index": ("/learn/national/", ANYONE),
    "annex.page": ("/learn/national/social-services-law", ANYONE),
    "annex.form": ("/learn/national/forms/intake", ANYONE),
    "annex.form_pdf": ("/learn/national/forms/intake.pdf?lang=tk", ANYONE),
    "annex.to_confirm": ("/learn/national/to-confirm", {"admin", "trainer"}),
    "cohort_progress.cohort_progress_page": ("/cohorts/{cohort_id}/progress", {"admin", "trainer"}),
    "cohort_progress.cohort_progress_csv": (
        "/cohorts/{cohort_id}/progress.csv",
        {"admin", "trainer"},
    ),
    "quizzes.quiz": ("/learn/foundational/what-is-social-work/quiz", ANYONE),
    "quizzes.questions": ("/learn/foundational/what-is-social-work/quiz/questions.json", ANYONE),
    "quizzes.statistics": (
        "/learn/foundational/what-is-social-work/quiz/statistics",
        {"admin", "trainer"},
    ),
    "quizzes.statistics_csv": (
        "/learn/foundational/what-is-social-work/quiz/statistics.csv",
        {"admin", "trainer"},
    ),
    "quizzes.grading": ("/quiz/grading", {"admin", "trainer"}),
    "quizzes.attempt": ("/quiz/attempts/999999", NOT_FOUND),
    "quizzes.review": ("/quiz/attempts/999999/review", NOT_FOUND),
    "quizzes.mark": ("/quiz/attempts/999999/questions/0/mark", NOT_FOUND),
    "verify.verify_form": ("/verify/", PUBLIC),
    "verify.issuer": ("/verify/issuer", PUBLIC),
    "verify.jwks": ("/.well-known/jwks.json", PUBLIC),
    "verify.did_document": ("/.well-known/did.json", PUBLIC),
    "verify.verify_page": ("/verify/0000-0000-0000-0000-0", PUBLIC_NOT_FOUND),
    "verify.verify_json": ("/verify/0000-0000-0000-0000-0.json", PUBLIC_NOT_FOUND),
    "verify.openbadge": ("/verify/0000-0000-0000-0000-0/openbadge.json", PUBLIC_NOT_FOUND),
    "pool.public": ("/pool/public", PUBLIC),
    "credentials.status_list": ("/credentials/status/1", PUBLIC),
    "credentials.achievement": ("/achievements/foundational", PUBLIC),
    "credentials.achievement_json": ("/achievements/foundational.json", PUBLIC),
    "credentials.framework": ("/frameworks/TM-SW", PUBLIC),
    "credentials.framework_json": ("/frameworks/TM-SW.json", PUBLIC),
    "pool.index": ("/pool/", ANYONE),
    "pool.member": ("/pool/{trainee_id}", NOT_FOUND),  # the sample trainee is not a member
    "pool.cascade_view": ("/pool/cascade", {"admin"}),
    "pool.cascade_csv": ("/pool/cascade.csv", {"admin"}),
    "pool.modules": ("/pool/{trainee_id}/modules", ADMIN_ONLY_MISSING),
    "certificates.mine": ("/certificates/mine", ANYONE),
    "certificates.pdf": ("/certificates/999999.pdf", NOT_FOUND),
    "certificates.transcript": ("/certificates/transcripts/{trainee_id}.pdf", TRAINEE_RECORD),
    "certificates.index": ("/certificates/", {"admin"}),
    "certificates.issue": ("/certificates/issue", {"admin"}),
    "certificates.cohort": ("/certificates/cohorts/{cohort_id}", {"admin"}),
    "certificates.revoke": ("/certificates/999999/revoke", ADMIN_ONLY_MISSING),
    "certificates.reissue": ("/certificates/999999/reissue", ADMIN_ONLY_MISSING),
    "certificates.co_facilitation": ("/certificates/co-facilitation", {"admin", "trainer"}),
    # competencies: frameworks (staff), universities (coordinator of that university, admin)
    "competencies.frameworks": ("/competencies/frameworks", {"admin", "coordinator", "trainer"}),
    "competencies.framework": (
        "/competencies/frameworks/{framework_code}",
        {"admin", "coordinator", "trainer"},
    ),
    "competencies.framework_case": (
        "/competencies/frameworks/{framework_code}/case.json",
        {"admin", "coordinator", "trainer"},
    ),
    "competencies.crosswalk_new": (
        "/competencies/frameworks/{framework_code}/crosswalks/new",
        {"admin"},
    ),
    "competencies.framework_import": ("/competencies/frameworks/import", {"admin"}),
    "competencies.universities": ("/universities/", {"admin", "coordinator"}),
    "competencies.university_new": ("/universities/new", {"admin"}),
    "competencies.university": ("/universities/{university_id}", {"admin", "coordinator"}),
    "competencies.programme_new": (
        "/universities/{university_id}/programmes/new",
        {"admin", "coordinator"},
    ),
    "competencies.programme": (UNIVERSITY_PROGRAMME, {"admin", "coordinator"}),
    "competencies.course_new": (UNIVERSITY_PROGRAMME + "/courses/new", {"admin", "coordinator"}),
    "competencies.course_import": (
        UNIVERSITY_PROGRAMME + "/courses/import",
        {"admin", "coordinator"},
    ),
    "competencies.course_mapping": (
        UNIVERSITY_PROGRAMME + "/courses/{course_id}",
        {"admin", "coordinator"},
    ),
    "competencies.coverage": (UNIVERSITY_PROGRAMME + "/coverage", {"admin", "coordinator"}),
    "competencies.coverage_csv_download": (
        UNIVERSITY_PROGRAMME + "/coverage.csv",
        {"admin", "coordinator"},
    ),
    "competencies.coverage_pdf": (UNIVERSITY_PROGRAMME + "/coverage.pdf", {"admin", "coordinator"}),
    "competencies.gaps": (UNIVERSITY_PROGRAMME + "/gaps", {"admin", "coordinator"}),
    "competencies.gaps_csv_download": (
        UNIVERSITY_PROGRAMME + "/gaps.csv",
        {"admin", "coordinator"},
    ),
    "competencies.gaps_pdf": (UNIVERSITY_PROGRAMME + "/gaps.pdf", {"admin", "coordinator"}),
    "competencies.my_competencies": ("/competencies/mine", ANYONE),
    "competencies.trainee_competencies": (
        "/trainees/{trainee_id}/competencies",
        {"admin", "trainer"},
    ),
    "competencies.cohort_heatmap": ("/cohorts/{cohort_id}/competencies", {"admin", "trainer"}),
    "quizzes.close_dates": ("/quiz/cohorts/{cohort_id}/close-dates", {"admin", "trainer"}),
    # the national view by velayat (programme staff only)
    "competencies.national_competencies": ("/competencies/national", {"admin"}),
    "competencies.national_competencies_csv": ("/competencies/national.csv", {"admin"}),
    "competencies.velayat_competencies": ("/competencies/national/AH", {"admin"}),
    "competencies.velayat_competencies_csv": ("/competencies/national/AH.csv", {"admin"}),
    # practice: own log (trainee), queue and sessions (trainer), report (admin); objects 404
    "practice.log": ("/practice/", {"trainee"}),
    "practice.week": ("/practice/week", {"trainee"}),
    "practice.entry_new": ("/practice/entries/new", {"trainee"}),
    "practice.entry": ("/practice/entries/999999", NOT_FOUND),
    "practice.entry_edit": ("/practice/entries/999999/edit", NOT_FOUND),
    "practice.entry_amend": ("/practice/entries/999999/amend", NOT_FOUND),
    "practice.queue": ("/practice/queue", {"trainer"}),
    "practice.cohorts": ("/practice/cohorts/", {"admin", "trainer"}),
    "practice.cohort": ("/practice/cohorts/{cohort_id}", {"admin", "trainer"}),
    "practice.trainee": ("/practice/trainees/{trainee_id}", {"admin", "trainer"}),
    "practice.placement_new": (
        "/practice/trainees/{trainee_id}/placements/new",
        {"admin", "trainer"},
    ),
    "practice.placement": ("/practice/placements/999999", NOT_FOUND),
    "practice.placement_edit": ("/practice/placements/999999/edit", NOT_FOUND),
    "practice.sessions": ("/practice/sessions/", {"trainee", "trainer"}),
    "practice.session_new": ("/practice/sessions/new", {"trainer"}),
    "practice.session": ("/practice/sessions/999999", NOT_FOUND),
    "practice.evaluation_edit": ("/practice/placements/999999/evaluations/mid", NOT_FOUND),
    "practice.evaluation": ("/practice/evaluations/999999", NOT_FOUND),
    "practice.reports": ("/practice/reports", {"admin"}),
    "quizzes.paper": ("/quiz/papers/999999", NOT_FOUND),
    "practice.report_csv": ("/practice/reports.csv", {"admin"}),
    "jobs.admin_jobs": ("/admin/jobs", {"admin"}),
    "jobs.job": ("/jobs/999999", NOT_FOUND),
    "jobs.job_json": ("/jobs/999999.json", NOT_FOUND),
    "jobs.download": ("/jobs/999999/download", NOT_FOUND),
    # notifications and deadlines: each person's own; the feed is public at a secret address
    "notifications.index": ("/notifications", ANYONE),
    "notifications.settings": ("/notifications/settings", ANYONE),
    "notifications.deadlines": ("/deadlines", ANYONE),
    "notifications.feed": ("/deadlines/guessed-token.ics", PUBLIC_NOT_FOUND),
    "notifications.outbox": ("/admin/outbox", {"admin"}),
    "api_description.openapi_json": ("/api/v1/openapi.json", PUBLIC),
    "api_docs.docs": ("/api/v1/docs", PUBLIC),
    # personal access tokens: each person's own; admins see everyone's
    "api_tokens.tokens": ("/account/tokens", ANYONE),
    "api_tokens.revoke": ("/account/tokens/999999/revoke", NOT_FOUND),
    "api_tokens.all_tokens": ("/admin/tokens", {"admin"}),
}
# Routes that only accept POST (and so never change anything on GET).
POST_ONLY = {
    "accounts.logout": "/logout",
    "site.set_language": "/language",
    "accounts.user_reset_password": "/admin/users/{trainee_id}/password",
    "courses.lesson_done": "/learn/foundational/what-is-social-work/defining-social-work/done",
    "quizzes.start": "/learn/foundational/what-is-social-work/quiz/start",
    "quizzes.submit": "/quiz/attempts/999999/submit",
    "quizzes.regrade": "/learn/foundational/what-is-social-work/quiz/regrade",
    "quizzes.paper_reserve": "/learn/foundational/what-is-social-work/quiz/paper",
    "quizzes.paper_sync": "/quiz/papers/999999/sync",
    "competencies.university_coordinators": "/universities/{university_id}/coordinators",
    "competencies.set_competency_status": "/trainees/{trainee_id}/competencies/foundational/ETH-1",
    "practice.submit_week_view": "/practice/week/submit",
    "practice.entry_submit": "/practice/entries/999999/submit",
    "practice.entry_sync": "/practice/entries/sync",
    "practice.decide": "/practice/queue/decide",
    "practice.session_acknowledge": "/practice/sessions/999999/acknowledge",
    "practice.evaluation_acknowledge": "/practice/evaluations/999999/acknowledge",
    "jobs.retry": "/admin/jobs/999999/retry",
    "practice.report_export": "/practice/reports/export",
    "practice.entry_message": "/practice/entries/999999/messages",
    "quizzes.attempt_message": "/quiz/attempts/999999/messages",
    "practice.evaluation_message": "/practice/evaluations/999999/messages",
    "notifications.open": "/notifications/999999/open",
    "notifications.read_all": "/notifications/read",
    "notifications.rotate": "/deadlines/feed",
    "notifications.outbox_retry": "/admin/outbox/999999/retry",
}
NOT_APPLICATION_ROUTES = {"static"}


@pytest.fixture
def world(factory):
    users = {role: factory.user(f"{role}1", role) for role in ROLES}
    cohort = factory.cohort("FND-M", trainers=[users["trainer"]], trainees=[users["trainee"]])
    from competencies.world import university_world

    places = university_world(factory.app, users["coordinator"])
    return {"cohort_id": cohort.id, "trainee_id": users["trainee"].id, **places}


def api_operations(app) -> set[str]:
    """The JSON API's operations: their own matrix is tests/api/test_access.py."""
    from lms.api.views import RESOURCES

    groups = {blueprint.name for blueprint in RESOURCES}
    return {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.split(".")[0] in groups
    }


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = (
        endpoints - set(ROUTES) - set(POST_ONLY) - NOT_APPLICATION_ROUTES - api_operations(app)
    )
    assert not missing, f"add these routes to the access matrix: {sorted(missing)}"


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_anonymous_visitors_are_sent_to_log_in(client, world, endpoint):
    template, allowed = ROUTES[endpoint]
    response = client.get(template.format(**world))
    if allowed == PUBLIC_NOT_FOUND:
        assert response.status_code == 404
    elif allowed == PUBLIC:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.location.startswith("/login?next=")


def _expected_status(endpoint: str, allowed, role: str) -> int:
    if endpoint == "accounts.login":
        return 302  # logged-in users are sent home
    if allowed in (NOT_FOUND, PUBLIC_NOT_FOUND):
        return 404
    if allowed == ADMIN_ONLY_MISSING:
        return 404 if role == "admin" else 403
    if allowed == TRAINEE_RECORD:
        return 200 if role in {"trainee", "trainer", "admin"} else 404
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
