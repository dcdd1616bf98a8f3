"""Every route of the URL map answers with the protective headers.

Routes are discovered from ``app.url_map`` (a new route is checked without being listed), their
path parameters filled from a small data set, and each is fetched with GET by one person who
holds every role. Whatever the status (a page, a download, a 404 for an id the data set does
not have, a 405 for a POST-only route), the response must carry:
 - a Content-Security-Policy without 'unsafe-inline';
 - X-Content-Type-Options: nosniff;
 - frame protection (frame-ancestors 'none' and X-Frame-Options: DENY);
 - Cache-Control: no-store, since the person is logged in (static files excepted; the public
   pages are no-cache for anonymous visitors only: tests/test_downloads_and_caching.py).
"""

from __future__ import annotations

import re

import pytest
from competencies.world import university_world
from support import csrf_token, login

from lms.certificates.codes import display, new_code

# Path parameters by name: ids from the data set (filled by the fixture) or fixed values.
FIXED = {
    "programme_code": "foundational",
    "module_slug": "what-is-social-work",
    "lesson_slug": "defining-social-work",
    "velayat_code": "AH",
    "stage": "mid",
    "position": "0",
    "filename": "css/app.css",
    "page_slug": "social-services-law",
    "form_slug": "intake",
    "number": "1",  # the first status list, there from the start
}
# Parameters the data set has no record for: the route is still fetched (its 404 must carry
# the headers too), with the reason it is not reached with real data.
NOT_IN_DATA_SET = {
    "certificate_id": "issuing needs a fully qualified trainee (tests/certificates)",
    "entry_id": "practice entries need a placement and a log (tests/practice)",
    "placement_id": "placements are made by the practice tests (tests/practice)",
    "session_id": "supervision sessions are made by the practice tests (tests/practice)",
    "evaluation_id": "evaluations are made by the practice tests (tests/practice)",
    "name": "the content has no module files (the asset's own policy: test below)",
    "notification_id": "notifications are made by the notification tests (tests/notifications)",
    "token": "a calendar feed's address is made by the deadline tests (tests/notifications)",
    "token_id": "access tokens are made by the token tests (tests/api)",
}
MISSING_ID = "999999"


def failed_job(app, starter) -> int:
    """A failed job of ``starter``'s, as /admin/jobs lists it."""
    from lms.core.extensions import db
    from lms.jobs.models import Job

    with app.app_context():
        job = Job(kind="certificates.issue_cohort", started_by_id=starter.id, status="failed")
        job.error = "RuntimeError: <b>not bold</b>"
        db.session.add(job)
        db.session.commit()
        return job.id


def failed_email(app, recipient) -> int:
    """A failed outbox e-mail to ``recipient``, as /admin/outbox lists it."""
    from lms.core.extensions import db
    from lms.notifications.models import OutboxEmail

    with app.app_context():
        email = OutboxEmail(
            event_key="test:failed",
            recipient_id=recipient.id,
            to_address="<i>x</i>@example.tm",
            language="en",
            subject="<b>subject</b>",
            body="text",
            status="failed",
            attempts=5,
            last_error="SMTPDataError: <b>not bold</b>",
        )
        db.session.add(email)
        db.session.commit()
        return email.id


@pytest.fixture
def everything(app, client, factory):
    """One person with every role, trainer of a cohort and coordinator of a university; a
    trainee of that cohort with a quiz attempt."""
    root = factory.user("root", "admin", "trainer", "trainee", "coordinator")
    other = factory.user("ayna", "trainee")
    cohort = factory.cohort("FND-H", trainers=[root], trainees=[other])
    place = university_world(app, root)
    learner = app.test_client()
    login(learner, "ayna")
    quiz = "/learn/foundational/what-is-social-work/quiz"
    started = learner.post(quiz + "/start", data={"csrf_token": csrf_token(learner, quiz)})
    attempt = re.search(r"/quiz/attempts/(\d+)", started.location or "")
    assert attempt, started.status_code
    login(client, "root")
    return {
        **FIXED,
        "job_id": str(failed_job(app, root)),
        "email_id": str(failed_email(app, other)),
        "cohort_id": str(cohort.id),
        "trainee_id": str(other.id),
        "user_id": str(other.id),
        "university_id": str(place["university_id"]),
        "programme_id": str(place["programme_id"]),
        "course_id": str(place["course_id"]),
        "attempt_id": attempt.group(1),
        "code": place["framework_code"],
    }


def fill(rule, values: dict) -> tuple[str, list[str]]:
    """The rule's path with each parameter filled, and the reasons for those left missing."""
    path, missing = rule.rule, []
    for name in rule.arguments:
        value = values.get(name)
        if rule.endpoint.startswith("verify.") and name == "code":
            value = display(new_code())  # a well-formed code that no certificate has
        if value is None:
            missing.append(f"{name}: {NOT_IN_DATA_SET[name]}")
            value = MISSING_ID
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", value, path)
    return path, missing


# the same file for everybody, kept by the browser (the favicon for a week)
STATIC_ENDPOINTS = {"static", "site.favicon"}


def problems_with(response, static: bool) -> list[str]:
    headers, found = response.headers, []
    policy = headers.get("Content-Security-Policy", "")
    if not policy or "unsafe-inline" in policy:
        found.append(f"Content-Security-Policy {policy!r}")
    if headers.get("X-Content-Type-Options") != "nosniff":
        found.append("no X-Content-Type-Options: nosniff")
    if "frame-ancestors 'none'" not in policy or headers.get("X-Frame-Options") != "DENY":
        found.append("no frame protection")
    if not static and headers.get("Cache-Control") != "no-store":
        found.append(f"Cache-Control {headers.get('Cache-Control')!r}")
    return found


def test_every_route_answers_with_the_protective_headers(app, client, everything):
    failures, reached, not_reached = [], 0, {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        path, missing = fill(rule, everything)
        with client.get(path) as response:
            status = response.status_code
            found = problems_with(response, static=rule.endpoint in STATIC_ENDPOINTS)
        if found:
            failures.append(f"{rule.endpoint} {path} ({status}): {'; '.join(found)}")
        assert status < 500, (rule.endpoint, path)
        if missing:
            not_reached[rule.endpoint] = missing
        elif status == 200:
            reached += 1
    assert not failures, "\n".join(failures)
    assert reached >= 60, reached  # most routes are reached with real data, not just a 404
    assert set(not_reached) <= {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if set(rule.arguments) & set(NOT_IN_DATA_SET)
    }


def test_a_module_svg_gets_its_own_strict_policy(app, client, factory, tmp_path):
    from content_tree import use_content, write_content

    root = write_content(tmp_path / "content")
    (root / "basics/01-intro/diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    restore = use_content(app, root)
    try:
        factory.user("staff", "trainer")
        login(client, "staff")
        with client.get("/learn/basics/intro/files/diagram.svg") as response:
            assert response.status_code == 200
            assert problems_with(response, static=True) == []
            assert "script-src" not in response.headers["Content-Security-Policy"]
    finally:
        restore()
