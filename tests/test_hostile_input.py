"""Every POST route, fed hostile values one field at a time: no 5xx, refusals change nothing,
accepted text comes back escaped.

Routes are discovered from ``app.url_map`` (a new POST route is swept without being listed);
their path parameters are filled like tests/test_response_headers.py does, and each is posted
by a user the access matrix (tests/test_access_matrix.py) lets in. The fields are found, not
listed: the form page, where there is one, gives the CSRF token and the field names
(``<input>``, ``<textarea>``, ``<select>`` of the form that posts to the route, or a button's
``formaction``), and a first post holding only the token, with request data that notes each name
the view looks up, adds what the view reads beyond the page (WTForms fields the page leaves out,
``request.form`` reads). A route where neither finds a field fails, unless NO_FORM_FIELDS says why
(a JSON body); a form of a button only gets the token swept.
Each field in turn gets each hostile value while the others keep the page's own values. For
each answer:
 - never a 5xx;
 - a refusal (4xx, or 200 showing the form again) leaves every table as it was (row counts and
   max(id): a cheap fingerprint of the database);
 - a success (a redirect) is allowed, the value being kept as text, but the page it leads to
   shows no raw ``<script>``; so is a 201 whose own page shows what was made (a new access
   token's secret, which exists only in that answer), with no raw ``<script>`` on it.

The lone surrogate cannot be encoded by the test client (``str.encode`` refuses it), so it is
sent as a raw urlencoded body holding its UTF-8 bytes ``b"\\xed\\xa0\\x80"``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import quote_from_bytes, urlsplit

import pytest
import sqlalchemy as sa
from support import csrf_token, login
from test_access_matrix import ADMIN_ONLY_MISSING, NOT_FOUND, PUBLIC, PUBLIC_NOT_FOUND, ROUTES
from test_response_headers import FIXED, MISSING_ID, NOT_IN_DATA_SET, failed_email, failed_job
from werkzeug.datastructures import ImmutableMultiDict

from lms.core.extensions import db

SCRIPT = "<script>alert(1)</script>"
LONE_SURROGATE = b"\xed\xa0\x80"
MEGABYTE = "x" * (1024 * 1024)
HOSTILE = {
    "nul": "a\x00b",
    "unicode digit ²": "²",
    "arabic-indic digit": "١",
    "rtl override": "\u202e",
    "lone surrogate": LONE_SURROGATE,
    "formula": "=cmd|' /C calc'!A0",
    "script": SCRIPT,
}
# 1 MB is sent to this many fields per form (the first ones), to keep the sweep quick.
MEGABYTE_FIELDS = 2
# POST routes swept without form fields, each with the reason. Any other POST route whose fields
# are not found (on its form page, or read by its view from a first post) fails the sweep.
NO_FORM_FIELDS = {
    # A JSON body, not a form: its hostile bodies are swept by tests/test_hostile_json.py.
    # quizzes.paper_sync takes JSON too, but also the paper's form without JavaScript, whose
    # fields its view reads: it is swept here (and its JSON there).
    "practice.entry_sync": "reads a JSON body (offline entries): tests/test_hostile_json.py",
}

# POST-only routes: the page that holds their form, an endpoint of the access matrix or a path
# filled from the `world` fixture.
FORM_PAGE = {
    "notifications.open": "notifications.index",
    "notifications.read_all": "notifications.index",
    "notifications.rotate": "notifications.deadlines",
    "jobs.retry": "jobs.admin_jobs",
    "practice.report_export": "practice.reports",
    "quizzes.regrade": "quizzes.statistics",
    "notifications.outbox_retry": "notifications.outbox",
    "quizzes.submit": "/quiz/attempts/{attempt_id}",
    "practice.entry_submit": "/practice/entries/{entry_id}",
    "practice.entry_message": "/practice/entries/{submitted_entry_id}",
    "practice.session_acknowledge": "/practice/sessions/{session_id}",
    "practice.evaluation_acknowledge": "/practice/evaluations/{evaluation_id}",
    "practice.evaluation_message": "/practice/evaluations/{evaluation_id}",
    "accounts.logout": "site.index",
    "site.set_language": "site.index",
    "accounts.user_reset_password": "accounts.user_edit",
    "privacy.user_data": "accounts.user_edit",
    "courses.lesson_done": "courses.lesson",
    "quizzes.start": "quizzes.quiz",
    "quizzes.paper_reserve": "/learn/foundational/intro/quiz",
    "quizzes.attempt_message": "/quiz/attempts/{essay_attempt_id}/review",
    "competencies.university_coordinators": "competencies.university",
    "competencies.set_competency_status": "competencies.trainee_competencies",
    "practice.submit_week_view": "practice.week",
    "practice.decide": "practice.queue",
}
# Who posts to the POST-only routes (the access matrix lists only who may GET a page), and to
# routes whose sample object only their owner reaches.
POST_ONLY_ROLE = {
    "quizzes.attempt": "trainee",  # the trainee's own attempt (others get a 404)
    "practice.placement_edit": "trainer",  # the placement's supervisor
    "practice.evaluation_edit": "trainer",
    "accounts.logout": "trainee",
    "site.set_language": "trainee",
    "accounts.user_reset_password": "admin",
    "privacy.user_data": "admin",
    "jobs.retry": "admin",
    "practice.report_export": "admin",
    "quizzes.regrade": "trainer",
    "notifications.outbox_retry": "admin",
    "courses.lesson_done": "trainee",
    "quizzes.start": "learner",  # a trainee who has not started the quiz (trainee1 has)
    "quizzes.submit": "trainee",
    "quizzes.paper_reserve": "learner",
    "quizzes.paper_sync": "trainee",
    "competencies.university_coordinators": "admin",
    "competencies.set_competency_status": "trainer",
    "practice.submit_week_view": "trainee",
    "practice.entry_submit": "trainee",
    "practice.entry_edit": "trainee",  # the trainee's own draft
    "practice.entry_amend": "trainee",  # the trainee's own approved entry
    "practice.entry_sync": "trainee",
    "practice.decide": "trainer",
    "practice.session_acknowledge": "trainee",
    "practice.evaluation_acknowledge": "trainee",
    "practice.entry_message": "trainee",
    "quizzes.attempt_message": "trainee",
    "practice.evaluation_message": "trainee",
    "notifications.open": "trainee",
    "notifications.read_all": "trainee",
    "notifications.rotate": "trainee",
}
# Path parameters that mean something else on one route than the data set's value of that name.
PARAMETERS = {
    "competencies.set_competency_status": {"code": "ETH-1"},
    "quizzes.paper_reserve": {"module_slug": "intro"},  # the untimed quiz of ROUTE_WORLD's content
}
# Path parameters taken from another of the `world` fixture's objects on one route (an entry in
# the state the route acts on).
WORLD_PARAMETERS = {
    "practice.entry_amend": {"entry_id": "approved_entry_id"},
    "practice.entry_message": {"entry_id": "submitted_entry_id"},
    "pool.modules": {"user_id": "pool_member_id"},
    "quizzes.attempt_message": {"attempt_id": "essay_attempt_id"},
    "privacy.erase": {"user_id": "departed_id"},
}
# Routes that end the session they are posted in: the client logs in again after each post.
ENDS_SESSION = {"accounts.logout"}


def _post_routes() -> list[str]:
    """The endpoints of every route that accepts POST, read from a throw-away app. The JSON
    API's operations are left to Schemathesis (tests/api/test_schemathesis.py), which sends
    each one bodies made from its description."""
    from lms import create_app
    from lms.api.views import RESOURCES

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    api = {blueprint.name for blueprint in RESOURCES}
    return sorted(
        {
            r.endpoint
            for r in app.url_map.iter_rules()
            if "POST" in r.methods and r.endpoint.split(".")[0] not in api
        }
    )


POST_ENDPOINTS = _post_routes()


@pytest.fixture
def world(app, factory):
    from competencies.world import university_world
    from practice.world import make_placement

    users = {
        role: factory.user(f"{role}1", role)
        for role in ("trainee", "trainer", "coordinator", "admin")
    }
    learner = factory.user("learner1", "trainee")
    cohort = factory.cohort(
        "FND-M", trainers=[users["trainer"]], trainees=[users["trainee"], learner]
    )
    places = university_world(app, users["coordinator"])
    placement = make_placement(app, users["trainee"], users["trainer"], cohort)
    entries = practice_entries(app, users, cohort, placement)
    records = supervision_records(app, users["trainer"], placement)
    learner = app.test_client()
    login(learner, "trainee1")
    quiz = "/learn/foundational/what-is-social-work/quiz"
    started = learner.post(quiz + "/start", data={"csrf_token": csrf_token(learner, quiz)})
    attempt = re.search(r"/quiz/attempts/(\d+)", started.location or "")
    assert attempt, started.status_code
    return {
        **FIXED,
        "cohort_id": str(cohort.id),
        "trainee_id": str(users["trainee"].id),
        "user_id": str(users["trainee"].id),
        "university_id": str(places["university_id"]),
        "programme_id": str(places["programme_id"]),
        "course_id": str(places["course_id"]),
        "framework_code": places["framework_code"],
        "code": places["framework_code"],
        "attempt_id": attempt.group(1),
        "placement_id": str(placement.id),
        "job_id": str(failed_job(app, users["admin"])),
        "email_id": str(failed_email(app, users["trainee"])),
        **entries,
        **records,
    }


def supervision_records(app, supervisor, placement) -> dict:
    """A supervision session and a completed end-of-placement evaluation, both for the trainee
    to acknowledge (the mid-placement one stays for the sweep of the evaluation form)."""
    from lms.practice.evaluations import save_evaluation
    from lms.practice.models import Placement
    from lms.practice.programme import programme_competencies
    from lms.practice.sessions import SessionFields, record_session

    with app.app_context():
        placement = db.session.get(Placement, placement.id)
        day = placement.starts_on + timedelta(days=3)
        fields = SessionFields((placement.id,), day, 60, "individual", "phone")
        session = record_session(supervisor, fields)
        codes = [c.code for c in programme_competencies(placement.programme)]
        ratings = dict.fromkeys(codes, 3)
        evaluation = save_evaluation(
            supervisor, placement, "end", ratings, strengths="Listens.", areas_to_develop="Plans."
        )
        db.session.commit()
        return {"session_id": str(session.id), "evaluation_id": str(evaluation.id)}


def practice_entries(app, users, cohort, placement) -> dict:
    """A draft entry of today (the week page offers to submit it), a submitted one (in the
    supervisor's queue), an approved one, and a returned one (a notification to the trainee)."""
    from practice.world import World, approved, log_entry, submitted

    from lms.notifications.models import Notification
    from lms.practice.signoff import return_entries

    world = World(app, users["trainee"], users["trainer"], None, users["admin"], cohort, placement)
    draft = log_entry(world, 40, start="08:00")
    waiting = submitted(world, 39, start="09:00")
    done = approved(world, 38, start="10:00")
    returned = submitted(world, 37, start="11:00")
    with app.app_context():
        return_entries(users["trainer"], [returned.id], "Add what you agreed.")
        db.session.commit()
        notification = db.session.scalar(sa.select(sa.func.max(Notification.id)))
    return {
        "entry_id": str(draft.id),
        "submitted_entry_id": str(waiting.id),
        "approved_entry_id": str(done.id),
        "notification_id": str(notification),
    }


def issued_certificate(app, factory, request) -> dict:
    """A valid certificate, issued to a qualified trainee as the admin pages issue it."""
    from certificate_helpers import qualify

    from lms.certificates.issuing import issue_certificate
    from lms.courses.content import catalogue

    holder = factory.user("holder1", "trainee")
    with app.app_context():
        qualify(db.session.merge(holder), "foundational")
        outcome = issue_certificate(
            db.session.merge(holder), catalogue().programme("foundational"), actor_id=None
        )
        db.session.commit()
        return {"certificate_id": str(outcome.certificate.id)}


def pool_member(app, factory, request) -> dict:
    """A member of the National Pool of Educators: the holder of a valid ToT certificate."""
    from certificate_helpers import qualify

    from lms.certificates.issuing import issue_certificate
    from lms.certificates.pool import POOL_PROGRAMME
    from lms.courses.content import catalogue

    member = factory.user("educator1", "trainee", "trainer")
    with app.app_context():
        qualify(db.session.merge(member), POOL_PROGRAMME)
        issue_certificate(
            db.session.merge(member), catalogue().programme(POOL_PROGRAMME), actor_id=None
        )
        db.session.commit()
    return {"pool_member_id": str(member.id)}


def untimed_quiz(app, factory, request) -> dict:
    """The quiz tests' content, whose intro quiz is untimed (so its page offers an offline
    paper) and ends with an essay; the real content has neither."""
    from content_tree import use_content
    from quizzes.conftest import write_quiz_content

    root = write_quiz_content(request.getfixturevalue("tmp_path") / "content")
    module = root / "foundational" / "01-intro" / "module.md"
    module.write_text(module.read_text().replace("time_limit_minutes: 10, ", ""))
    request.addfinalizer(use_content(app, root))
    return {}


def essay_attempt(app, factory, request) -> dict:
    """The trainee's submitted attempt with an essay (its review page holds the conversation
    with the trainers)."""
    from quizzes.conftest import QuizDriver

    untimed_quiz(app, factory, request)
    client = app.test_client()
    login(client, "trainee1")
    driver = QuizDriver(app, client)
    attempt_id = driver.start()
    driver.answer_everything_right(attempt_id)
    assert driver.submit(attempt_id, 4).status_code == 302
    assert not driver.attempt(attempt_id).in_progress
    return {"essay_attempt_id": str(attempt_id)}


def departed(app, factory, request) -> dict:
    """A departed trainee (no running cohort), whom the erasure form can erase."""
    from privacy.world import departed_trainee

    return {"departed_id": str(departed_trainee(app, factory, "departed1").user_id)}


def own_token(app, factory, request) -> dict:
    """A token of admin1 (who posts to the revoke route), for its confirmation form."""
    from api.world import make_token
    from sqlalchemy import select

    from lms.accounts.models import User
    from lms.api.models import ApiToken
    from lms.api.tokens import secret_hash

    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin1"))
    secret = make_token(app, admin)
    with app.app_context():
        token = db.session.scalar(
            select(ApiToken).where(ApiToken.secret_hash == secret_hash(secret))
        )
        return {"token_id": str(token.id)}


# Objects that only some routes act on and that take a while to make (a qualified trainee, the
# quiz tests' content): built for those routes alone, before they are swept.
ROUTE_WORLD = {
    "certificates.revoke": issued_certificate,
    "certificates.reissue": issued_certificate,
    "pool.modules": pool_member,
    "quizzes.attempt_message": essay_attempt,
    "quizzes.paper_reserve": untimed_quiz,
    "privacy.erase": departed,
    "api_tokens.revoke": own_token,
}


def path_of(app, endpoint: str, values: dict) -> str:
    """The endpoint's POST rule with its parameters filled; a parameter nobody knows fails."""
    (rule,) = [
        r for r in app.url_map.iter_rules() if r.endpoint == endpoint and "POST" in r.methods
    ]
    path, unknown = rule.rule, []
    for name in rule.arguments:
        value = PARAMETERS.get(endpoint, {}).get(name, values.get(name))
        if name in WORLD_PARAMETERS.get(endpoint, {}):
            value = values[WORLD_PARAMETERS[endpoint][name]]
        if value is None and name in NOT_IN_DATA_SET:
            value = MISSING_ID
        if value is None:
            unknown.append(name)
            continue
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", str(value), path)
    assert not unknown, (
        f"POST route {endpoint} ({rule.rule}) has URL parameters {unknown} that the hostile-input "
        "sweep cannot fill: add them to the `world` fixture of tests/test_hostile_input.py or "
        "to NOT_IN_DATA_SET in tests/test_response_headers.py"
    )
    return path


def role_for(endpoint: str) -> str | None:
    """A role allowed to post to the endpoint (None: anonymous); unknown endpoints fail."""
    if endpoint in POST_ONLY_ROLE:
        return POST_ONLY_ROLE[endpoint]
    assert endpoint in ROUTES, (
        f"POST route {endpoint} is neither in the access matrix nor in POST_ONLY_ROLE of "
        "tests/test_hostile_input.py: say who may post to it"
    )
    allowed = ROUTES[endpoint][1]
    if allowed in (PUBLIC, PUBLIC_NOT_FOUND):
        return None
    if allowed in (NOT_FOUND, ADMIN_ONLY_MISSING):
        return "admin"
    return "admin" if "admin" in allowed else sorted(allowed)[0]


class FormReader(HTMLParser):
    """The POST forms of a page: their action and their fields with the page's values."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict]] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._form is not None and a.get("formaction"):  # a button posting elsewhere
            self.forms.append((a["formaction"], self._form))
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = {}
            self.forms.append((a.get("action") or "", self._form))
        if self._form is None:
            return
        if tag == "option" and self._select:
            if "selected" in a or self._select not in self._form:
                self._form[self._select] = a.get("value", "")
            return
        name = a.get("name")
        if not name:
            return
        if tag == "input":
            self._input(name, (a.get("type") or "text").lower(), a)
        elif tag == "textarea":
            self._textarea = name
            self._form.setdefault(name, "")
        elif tag == "select":
            self._select = name

    def _input(self, name: str, kind: str, a: dict) -> None:
        if kind in ("checkbox", "radio"):
            self._form.setdefault(name, a.get("value") or "on")
        elif kind not in ("file", "image", "reset", "button"):
            self._form.setdefault(name, a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form[self._textarea] += data


def form_fields(page: str, page_path: str, path: str) -> dict | None:
    """The fields of the page's form that posts to ``path`` (no action: to the page itself)."""
    reader = FormReader()
    reader.feed(page)
    for action, fields in reader.forms:
        target = urlsplit(action).path if action else page_path
        if target == path:
            return fields
    return None


def fingerprint() -> tuple:
    """Row counts of every table, and max(id) where a table has an id, in one statement."""
    columns = []
    for table in db.metadata.sorted_tables:
        columns.append(sa.select(sa.func.count()).select_from(table).scalar_subquery())
        if "id" in table.c:
            columns.append(sa.select(sa.func.max(table.c.id)).scalar_subquery())
    return tuple(db.session.execute(sa.select(*columns)).one())


def encode(fields: dict, hostile_name: str, hostile: bytes) -> bytes:
    parts = [
        (quote_from_bytes(k.encode()) + "=" + quote_from_bytes(v.encode()))
        for k, v in fields.items()
        if k != hostile_name
    ]
    parts.append(quote_from_bytes(hostile_name.encode()) + "=" + quote_from_bytes(hostile))
    return "&".join(parts).encode()


class ReadNames(ImmutableMultiDict):
    """Request data that notes each name a view looks up (WTForms asks ``name in formdata``
    and ``getlist(name)`` for every field of a form it builds; views read ``request.form``)."""

    noted: set[str] | None = None

    def _note(self, key) -> None:
        if ReadNames.noted is not None and isinstance(key, str):
            ReadNames.noted.add(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):  # noqa: A002 - MultiDict's signature
        self._note(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002 - MultiDict's signature
        self._note(key)
        return super().getlist(key, type)


def names_read(app, client, path: str, token: str) -> set[str]:
    """The names the view of ``path`` reads from a post holding only the CSRF token."""

    class ReadingRequest(app.request_class):
        parameter_storage_class = ReadNames

    plain, ReadNames.noted = app.request_class, set()
    app.request_class = ReadingRequest
    try:
        client.post(path, data={"csrf_token": token})
        return ReadNames.noted
    finally:
        app.request_class, ReadNames.noted = plain, None


def form_page_path(endpoint: str, path: str, world: dict) -> str:
    """The page holding the route's form: its FORM_PAGE, else the route's own address."""
    form_page = FORM_PAGE.get(endpoint)
    if not form_page:
        return path
    return (form_page if form_page[0] == "/" else ROUTES[form_page][0]).format(**world)


def form_of(app, client, endpoint: str, path: str, role: str | None, world: dict):
    """The fields (with the page's values and the CSRF token) of the form that posts to
    ``path``, and the names to sweep: the form's, and those its view reads. A route with
    neither fails unless NO_FORM_FIELDS says why."""
    page_path = form_page_path(endpoint, path, world)
    page = client.get(page_path)
    fields = None
    if page.status_code == 200:
        fields = form_fields(page.get_data(as_text=True), page_path, path)
    token = (fields or {}).get("csrf_token") or csrf_token(client, "/" if role else "/login")
    read = names_read(app, client, path, token) - {"csrf_token"}
    assert fields is not None or read or endpoint in NO_FORM_FIELDS, (
        f"POST route {endpoint} ({path}): the hostile-input sweep finds no form posting to it "
        "and its view reads no field from a post. Add the page holding its form to FORM_PAGE "
        "(and the objects it needs to the `world` fixture), or say why it has no form fields "
        "in NO_FORM_FIELDS of tests/test_hostile_input.py"
    )
    fields = {**(fields or {}), "csrf_token": token}
    swept = [*fields, *sorted(read - set(fields))]
    if set(swept) - {"csrf_token", "submit"}:
        swept.remove("csrf_token")  # the token itself is swept on forms of a button only
    return fields, swept


def problems_with(app, client, endpoint, path, body: bytes, known: list) -> list[str]:
    """Post one hostile body; what is wrong with the answer. ``known`` holds the database's
    fingerprint when it is known from the previous post (a refusal), else nothing."""
    if not known:
        with app.app_context():
            known.append(fingerprint())
    before = known.pop()
    response = client.post(path, data=body, content_type="application/x-www-form-urlencoded")
    status, found = response.status_code, []
    if status >= 500:
        found.append("server error")
    elif status == 201:  # made, and shown once on the answer itself (a new token's secret)
        if SCRIPT in response.get_data(as_text=True):
            found.append("raw <script> in the answer")
    elif 300 <= status < 400:
        location = response.location or ""
        followed = location.startswith("/") and endpoint not in ENDS_SESSION
        if followed and SCRIPT in client.get(location).get_data(as_text=True):
            found.append(f"raw <script> on {location}")
    else:
        with app.app_context():
            after = fingerprint()
        if after != before:
            found.append("refused but the database changed")
        known.append(after)
        if SCRIPT in response.get_data(as_text=True):
            found.append("raw <script> in the answer")
    return [f"{status} {problem}" for problem in found]


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_hostile_values_are_refused_or_kept_as_text(app, world, factory, request, endpoint):
    if endpoint in ROUTE_WORLD:
        world = {**world, **ROUTE_WORLD[endpoint](app, factory, request)}
    path = path_of(app, endpoint, world)
    role = role_for(endpoint)
    client = app.test_client()  # one logged-in client for the whole route

    def log_in():  # unless still logged in (the login page sends a logged-in user home)
        if role and client.get("/login").status_code == 200:
            assert login(client, f"{role}1").status_code == 302

    log_in()
    fields, swept = form_of(app, client, endpoint, path, role, world)
    if endpoint in ROUTE_WORLD:  # built for it: its form is on its page (not a 404 swept)
        page_path = form_page_path(endpoint, path, world)
        page = client.get(page_path).get_data(as_text=True)
        assert form_fields(page, page_path, path) is not None, f"{endpoint}: no form on {page_path}"
    if endpoint in ENDS_SESSION:
        log_in()
    problems, known = [], []
    for number, name in enumerate(swept):
        values = dict(HOSTILE)
        if number < MEGABYTE_FIELDS:
            values["1 MB"] = MEGABYTE
        for label, value in values.items():
            raw = value if isinstance(value, bytes) else value.encode()
            found = problems_with(app, client, endpoint, path, encode(fields, name, raw), known)
            problems += [f"{name}={label}: {problem}" for problem in found]
            if endpoint in ENDS_SESSION:
                log_in()
    assert not problems, f"{endpoint} {path}:\n" + "\n".join(problems)


def test_the_sweep_covers_every_post_route():
    assert len(POST_ENDPOINTS) >= 40, POST_ENDPOINTS
    assert "accounts.login" in POST_ENDPOINTS


def test_a_post_route_whose_fields_are_not_found_fails_the_sweep(app, world):
    """A new POST route with no form page found and a view that reads no field is not swept
    with made-up names: the sweep asks for its form page or a reason."""
    client = app.test_client()
    login(client, "trainee1")
    path = "/notifications/read"  # a button's view: it reads only the token
    with pytest.raises(AssertionError, match="NO_FORM_FIELDS"):
        form_of(app, client, "example.new_route", path, "trainee", world)
    fields, swept = form_of(app, client, "notifications.read_all", path, "trainee", world)
    assert swept == ["csrf_token"], swept
