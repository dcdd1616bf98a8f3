"""CASE files that used to answer 500: deep nesting, lone surrogates, codes equal under NFKC.

Each is now refused with the place it was found (file:line, and a JSON pointer where a value
is at fault), and nothing is stored: on the admin page, and through ``lms frameworks import``.
"""

from __future__ import annotations

import io

import pytest
from competencies.test_case_import import child, count, item, package
from support import csrf_token, login

from lms.competencies.importing import plan_import
from lms.competencies.models import Competency, Framework

DEEP = 100_000


def deep_json() -> str:
    return '{"CFDocument": ' + "[" * DEEP + "]" * DEEP + "}"


def surrogate_json() -> str:
    text = package(items=[item(1, fullStatement="@@")], associations=[child(1, 1, None)])
    return text.replace("@@", "bad \\ud800 text")


def superscript_json() -> str:
    items = [item(1, humanCodingScheme="A1"), item(2, humanCodingScheme="A¹")]
    return package(items=items, associations=[child(1, 1, None), child(2, 2, None)])


CASES = {
    "deep": (deep_json, "bad.json:1: the JSON is nested more than"),
    "surrogate": (surrogate_json, "/CFItems/0/fullStatement"),
    "superscript": (superscript_json, "“A¹”"),
}


@pytest.mark.parametrize("case", CASES)
def test_plan_names_the_place_and_nothing_is_stored(app, case):
    make, expected = CASES[case]
    with app.app_context():
        plan = plan_import("bad.json", make().encode("utf-8", "surrogatepass"))
        assert not plan.ok
        assert any(expected in line for line in plan.formatted()), plan.formatted()
        assert count(Framework) == 0 and count(Competency) == 0


def test_superscript_code_problem_points_at_both_lines(app):
    with app.app_context():
        (problem,) = plan_import("bad.json", superscript_json().encode()).formatted()
    assert "code “A¹” is the same as “A1” (first on line" in problem, problem


@pytest.mark.parametrize("case", CASES)
def test_the_admin_page_answers_with_the_problem(app, client, factory, case):
    factory.user("boss", "admin")
    login(client, "boss")
    make, expected = CASES[case]
    data = {
        "csrf_token": csrf_token(client, "/competencies/frameworks/import"),
        "file": (io.BytesIO(make().encode("utf-8", "surrogatepass")), "bad.json"),
    }
    response = client.post("/competencies/frameworks/import", data=data)
    assert response.status_code in (200, 400)
    assert expected.split(":")[-1].strip() in response.get_data(as_text=True)
    with app.app_context():
        assert count(Framework) == 0


@pytest.mark.parametrize("case", CASES)
def test_the_command_prints_the_problem_and_fails(app, runner, tmp_path, case):
    make, expected = CASES[case]
    path = tmp_path / "bad.json"
    path.write_bytes(make().encode("utf-8", "surrogatepass"))
    result = runner.invoke(args=["frameworks", "import", str(path)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert expected.replace("bad.json", str(path)) in result.output or expected in result.output
    with app.app_context():
        assert count(Framework) == 0
