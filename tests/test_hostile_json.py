"""Every JSON endpoint (the phone's outbox sending offline work), fed hostile bodies: malformed
JSON, wrong types, huge bodies, unknown members and fields, negative and overflowing numbers,
other people's ids and characters no database stores. Each answer is a 4xx problem+json with a
stable message (the same body when sent again, no error text from inside), and no row of any
table changes. After the sweep the endpoint's valid body is still accepted, so the refusals were
the hostile parts' doing.

The JSON endpoints are found, not listed: a POST view that reads the request's JSON (itself or
through a function of its module) must have its target here, or this test fails.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from content_tree import use_content
from practice.world import entry_form, practice_world
from quizzes.conftest import RIGHT, QuizDriver, write_quiz_content
from support import csrf_token, login
from test_hostile_input import fingerprint

OVERFLOW = "9" * 30
HUGE_ID = 10**30
DEEP = b"[" * 100_000 + b"]" * 100_000


@dataclass
class Target:
    client: object
    path: str
    body: dict  # a valid body
    container: str  # the member holding the form's fields
    text: str  # a free-text field in it
    own_id: int  # the sender's user id
    other_id: int  # another trainee's
    cases: dict  # the endpoint's own hostile bodies, beside the common ones
    accepted: Callable[[object], bool]  # the valid body's answer


def _with(body: dict, **members) -> dict:
    return {**body, **members}


def _field(target: Target, **fields) -> dict:
    return _with(target.body, **{target.container: {**target.body[target.container], **fields}})


def _without(body: dict, name: str) -> dict:
    return {k: v for k, v in body.items() if k != name}


def common_cases(t: Target) -> dict:
    """Hostile bodies every JSON endpoint refuses: (bytes or an object to encode, path)."""
    text = t.text
    return {
        "not JSON": b"not json",
        "truncated JSON": json.dumps(t.body).encode()[:-3],
        "invalid UTF-8": b'{"user_id": "\xff\xfe"}',
        "nested 100,000 deep": DEEP,
        "nested deep inside a field": json.dumps(
            _field(t, **{text: "x"}), separators=(",", ":")
        ).replace('"x"', "[" * 50_000 + "]" * 50_000, 1),
        "an array": [],
        "a string": "x",
        "a number": 1,
        "null": None,
        "9 MB body": b'{"pad": "' + b"x" * (9 * 1024 * 1024) + b'"}',
        "user_id as a string": _with(t.body, user_id=str(t.own_id)),
        "user_id as a float": _with(t.body, user_id=float(t.own_id)),
        "user_id as true": _with(t.body, user_id=True),
        "user_id negative": _with(t.body, user_id=-t.own_id),
        "user_id overflowing": _with(t.body, user_id=HUGE_ID),
        "user_id as 1e400": json.dumps(_with(t.body, user_id="@")).replace('"@"', "1e400").encode(),
        "user_id missing": _without(t.body, "user_id"),
        "another trainee's user_id": _with(t.body, user_id=t.other_id),
        "confirm_privacy as a string": _with(t.body, confirm_privacy="yes"),
        "an unknown member": _with(t.body, status="approved"),
        "fields as a string": _with(t.body, **{t.container: "q0=1"}),
        "fields as a list": _with(t.body, **{t.container: [["q0", "1"]]}),
        "fields missing": _without(t.body, t.container),
        "an unknown field": _field(t, trainee_id=str(t.other_id)),
        "a field as a number": _field(t, **{text: 7}),
        "a field as an object": _field(t, **{text: {"a": "b"}}),
        "a field as null": _field(t, **{text: None}),
        "a field as true": _field(t, **{text: True}),
        "10,000 values of a field": _field(t, **{text: ["x"] * 10_000}),
        "1 MB of text": _field(t, **{text: "x" * (1024 * 1024)}),
        "a NUL": _field(t, **{text: "a\x00b"}),
        "a lone surrogate": _field(t, **{text: "a\ud800b"}),
        "a lone surrogate in a name": _field(t, **{"q\udc00": "1"}),
        "control characters": _field(t, **{text: "a\x1b[31mb\x07\x08"}),
    }


def _encode(value) -> bytes:
    return value if isinstance(value, bytes) else json.dumps(value).encode()


def _post(target: Target, value, path: str | None = None):
    token = csrf_token(target.client, "/")
    return target.client.post(
        path or target.path,
        data=_encode(value),
        headers={"X-CSRFToken": token, "Content-Type": "application/json"},
    )


INSIDE = re.compile(r"Traceback|Error\b|psycopg|sqlite|sqlalchemy|\bline \d+", re.I)


def problems_with(app, target: Target, name: str, value, path: str | None) -> list[str]:
    with app.app_context():
        before = fingerprint()
    answers = [_post(target, value, path) for _ in range(2)]
    with app.app_context():
        after = fingerprint()
    found = []
    first = answers[0]
    if not 400 <= first.status_code < 500:
        found.append(f"status {first.status_code}")
    if first.mimetype != "application/problem+json":
        found.append(f"answered {first.mimetype}")
    else:
        body = first.get_json()
        if not body.get("title") or body.get("status") != first.status_code:
            found.append(f"no title or status: {body}")
        if INSIDE.search(json.dumps(body)):
            found.append(f"error text from inside: {body}")
        if answers[1].get_json() != body:
            found.append("a different answer when sent again")
    if after != before:
        found.append("the database changed")
    return [f"{name}: {problem}" for problem in found]


def _other_trainee(factory):
    return factory.user("aylar", "trainee", full_name="Aýlar Orazowa")


@pytest.fixture
def entry_target(app, client, factory) -> Target:
    world = practice_world(factory)
    theirs = practice_world(factory, "b")
    login(client, "yazgul")
    fields = entry_form(world, 2)
    fields.pop("save")
    body = {
        "client_id": "phone-hostile-1",
        "user_id": world.trainee.id,
        "submit": False,
        "confirm_privacy": False,
        "fields": fields,
    }
    cases = {
        "placement overflowing": {"placement": OVERFLOW},
        "placement negative": {"placement": "-1"},
        "another trainee's placement": {"placement": str(theirs.placement.id)},
        "hours negative": {"start": "", "end": "", "hours": "-1", "quarter": "0"},
        "hours overflowing": {"start": "", "end": "", "hours": OVERFLOW, "quarter": "0"},
        "minutes negative": {"start": "", "end": "", "hours": "1", "quarter": "-15"},
        "a year overflowing": {"day": "99999-01-01"},
        "a date before 1900": {"day": "0001-01-01"},
        "an hour overflowing": {"start": "99999999999999:00"},
        "a competency of no programme": {"competencies": ["X" * 5000]},
    }
    target = Target(
        client,
        "/practice/entries/sync",
        body,
        "fields",
        "reflection",
        world.trainee.id,
        theirs.trainee.id,
        {},
        lambda answer: answer.status_code == 201,
    )
    target.cases = {name: (_field(target, **fields), None) for name, fields in cases.items()}
    target.cases["a client id of 10,000 characters"] = (_with(body, client_id="a" * 10_000), None)
    target.cases["a client id as a number"] = (_with(body, client_id=12345678), None)
    return target


@pytest.fixture
def paper_target(app, client, factory, tmp_path) -> Target:
    root = write_quiz_content(tmp_path / "content")
    module = root / "foundational" / "01-intro" / "module.md"
    module.write_text(module.read_text().replace("time_limit_minutes: 10, ", ""))
    restore = use_content(app, root)
    trainee = factory.user("ayna", "trainee", full_name="Aýna Meredowa")
    other = _other_trainee(factory)
    factory.cohort("FND-Q", trainers=[factory.user("merdan", "trainer")], trainees=[trainee, other])
    quiz = "/learn/foundational/intro/quiz"

    def reserve(who: str) -> int:
        login(client, who)
        answer = client.post(quiz + "/paper", data={"csrf_token": csrf_token(client, quiz)})
        assert answer.status_code == 302, answer.status_code
        client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
        return int(answer.location.rsplit("/", 1)[1])

    theirs = reserve("aylar")
    mine = reserve("ayna")
    login(client, "ayna")
    answers = {k: v for k, v in RIGHT.items() if v is not None}
    answers.update(QuizDriver(app, client).right_matching(mine))
    body = {"user_id": trainee.id, "answers": answers, "confirm_privacy": False}
    target = Target(
        client,
        f"/quiz/papers/{mine}/sync",
        body,
        "answers",
        "q6",
        trainee.id,
        other.id,
        {},
        lambda answer: answer.status_code == 200 and answer.json["submitted_now"] is True,
    )
    target.cases = {
        "a question beyond the paper": (_field(target, q999="1"), None),
        "an option overflowing": (_field(target, q0=OVERFLOW), None),
        "an option negative": (_field(target, q0="-1"), None),
        "an option in Arabic-Indic digits": (_field(target, q0="١"), None),
        "a matching stem beyond the question": (_field(target, **{"q5-99": "0"}), None),
        "another trainee's paper": (body, f"/quiz/papers/{theirs}/sync"),
        "a paper id overflowing": (body, f"/quiz/papers/{OVERFLOW}/sync"),
        "no such paper": (body, "/quiz/papers/999999/sync"),
    }
    yield target
    restore()


TARGETS = {"practice.entry_sync": "entry_target", "quizzes.paper_sync": "paper_target"}


@pytest.mark.parametrize("endpoint", sorted(TARGETS))
def test_hostile_json_is_refused_with_a_problem_and_changes_nothing(app, request, endpoint):
    target = request.getfixturevalue(TARGETS[endpoint])
    problems = []
    cases = {name: (value, None) for name, value in common_cases(target).items()}
    for name, (value, path) in {**cases, **target.cases}.items():
        problems += problems_with(app, target, name, value, path)
    assert not problems, f"{endpoint}:\n" + "\n".join(problems)
    answer = _post(target, target.body)
    assert target.accepted(answer), (answer.status_code, answer.get_data(as_text=True)[:300])


def _reads_json(function, module) -> bool:
    """The view reads the request's JSON, itself or through a function of its module."""
    source = inspect.getsource(function)
    if "get_json(" in source or "json_object(" in source:
        return True
    helpers = [
        member
        for name, member in inspect.getmembers(module, inspect.isfunction)
        if member.__module__ == module.__name__ and re.search(rf"\b{name}\(", source)
    ]
    return any(
        "get_json(" in inspect.getsource(h) or "json_object(" in inspect.getsource(h)
        for h in helpers
    )


def test_every_json_endpoint_is_swept(app):
    reading = set()
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        view = inspect.unwrap(app.view_functions[rule.endpoint])
        if _reads_json(view, inspect.getmodule(view)):
            reading.add(rule.endpoint)
    assert reading == set(TARGETS), (
        "a POST view reads JSON: add its target (a valid body and its own hostile cases) to "
        f"TARGETS of tests/test_hostile_json.py: {sorted(reading ^ set(TARGETS))}"
    )
