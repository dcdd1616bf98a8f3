"""Numbers shown to people are in the reader's locale (``10,25`` and ``56 %`` in Turkmen and
Russian, ``10.25`` and ``56%`` in English): they go through ``lms.i18n.formatting`` (the
``number``/``percent``/``hours`` filters in templates), never through Python's own formatting.

The class is closed by a scan: no module formats a number with ``:g``/``:.1f``/``%.2f`` and no
template rounds or ``%``-formats one, except the few places listed with the reason their text is
read by a program or written for an operator, not shown on a page. Then each place that
slipped through before is checked in Turkmen, Russian and English.
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from support import login

from lms.core.config import PROJECT_ROOT

# Python formatting of a number: an f-string's :g / :.1f / :.0% / :, and %-formatting's %.2f / %g.
# A percent sign written after a number ("%(mark)d%%") is English typography: "70 %" in tk and ru.
PYTHON_FORMAT = re.compile(r":[,_]?\.?\d*[gf%]\}|:,\}|%\.\d+f|%g\b|%\(\w+\)[gf]|%\(\w+\)[dsf]%%")
# A template formatting a number itself: |round, |format, a %(x)g placeholder, a "%" of its own.
TEMPLATE_FORMAT = re.compile(
    r"\|\s*round\b|\|\s*format\b|%\(\w+\)[gf]|%\(\w+\)[dsf]%%|\}\}\s?%|\"%\.\d+f\""
)
# Where Python formats a number on purpose, each with its reason.
NOT_SHOWN_ON_A_PAGE = {
    "lms/jobs/periodic.py": "a log line for the operator",
    "lms/reports/cli.py": "a command's output for the operator",
    "lms/quizzes/cli.py": "a command's output for the operator",
    "lms/quizzes/views/staff.py": "the item statistics CSV: read by spreadsheets, not people",
    "lms/quizzes/demo.py": "the demo's typed answer, parsed back as a trainee's input",
    "lms/courses/settings.py": "content check: the limits as the author writes them in YAML",
    "lms/quizzes/gift/answers.py": "GIFT check: the weights as the author writes them",
    "lms/quizzes/lint.py": "the quiz check for authors, beside their GIFT files",
}


def _lines(paths):
    for path in paths:
        relative = path.relative_to(PROJECT_ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield relative, number, line


def test_no_module_formats_a_number_for_a_page_itself():
    modules = [
        p for p in sorted((PROJECT_ROOT / "lms").rglob("*.py")) if "migrations" not in p.parts
    ]
    offenders = [
        f"{path}:{number}: {line.strip()}"
        for path, number, line in _lines(modules)
        if PYTHON_FORMAT.search(line) and path not in NOT_SHOWN_ON_A_PAGE
    ]
    assert not offenders, (
        "numbers shown to people go through lms.i18n.formatting (number, percent, hours); "
        "or say in NOT_SHOWN_ON_A_PAGE why this text is not read by people:\n"
        + "\n".join(offenders)
    )


def test_the_exemptions_still_format_numbers():
    """An exemption whose module no longer formats a number is dropped, not kept open."""
    for path in NOT_SHOWN_ON_A_PAGE:
        text = (PROJECT_ROOT / path).read_text(encoding="utf-8")
        assert PYTHON_FORMAT.search(text), f"{path} no longer needs its exemption"


def test_no_template_formats_a_number_itself():
    templates = sorted((PROJECT_ROOT / "lms").rglob("*.html"))
    offenders = [
        f"{path}:{number}: {line.strip()}"
        for path, number, line in _lines(templates)
        if TEMPLATE_FORMAT.search(line)
    ]
    assert not offenders, "use the number / percent filters:\n" + "\n".join(offenders)


@pytest.mark.parametrize(
    "text", ['f"{x:g}"', 'f"{x:.1f}"', 'f"{x:.0%}"', '"%.2f" % x', "%(n)g", "pass %(mark)d%%"]
)
def test_the_scan_sees_each_way_of_formatting(text):
    assert PYTHON_FORMAT.search(text)


@pytest.mark.parametrize("text", ["{{ x|round }}", "{{ mark }}%", "%(share)d%%", "%(hours)g h"])
def test_the_template_scan_sees_each_way_of_formatting(text):
    assert TEMPLATE_FORMAT.search(text)


LOCALES = [("tk", "3,5", "56 %"), ("ru", "3,5", "56 %"), ("en", "3.5", "56%")]


@pytest.mark.parametrize(("language", "decimal", "share"), LOCALES)
def test_a_certificates_practice_requirements_follow_the_locale(app, language, decimal, share):
    """The cohort's certificate page and a refused issue listed "0.56 / 0.5" for the share of
    direct work."""
    from lms.certificates.eligibility import Eligibility, _practice

    requirements = [
        SimpleNamespace(key="total_hours", label="h", met=False, have=3.5, need=240),
        SimpleNamespace(key="direct_share", label="d", met=True, have=0.56, need=0.5),
    ]
    summary = SimpleNamespace(
        counted_hours=3.5, direct_hours=2, supervision_hours=0, requirements=requirements
    )
    with app.test_request_context(), force_locale(language):
        eligibility = Eligibility()
        _practice(summary, eligibility)
        shown = [(r.have, r.need) for r in eligibility.requirements]
    shown = [(have.replace("\xa0", " "), need.replace("\xa0", " ")) for have, need in shown]
    assert shown == [(decimal, "240"), (share, share.replace("56", "50"))]


@pytest.mark.parametrize(("language", "decimal", "share"), LOCALES)
def test_a_numerical_questions_right_answer_follows_the_locale(app, language, decimal, share):
    from lms.quizzes.review import EXPLAINERS

    question = {
        "numerical": [
            {"value": 3.5, "tolerance": 0.25, "fraction": 1.0, "feedback": ""},
            {"value": 3.0, "tolerance": 0, "fraction": 0.5, "feedback": ""},
        ]
    }
    with app.test_request_context(), force_locale(language):
        _feedback, right = EXPLAINERS["numerical"](question, None)
    assert right == [f"{decimal} ± {decimal.replace('3', '0').replace('5', '25')}"]


@pytest.mark.parametrize(("language", "decimal", "share"), LOCALES)
def test_ects_follow_the_locale(app, language, decimal, share):
    from lms.competencies.views.helpers import ects

    with app.test_request_context(), force_locale(language):
        assert (ects(Decimal("3.50")), ects(Decimal("10.00"))) == (decimal, "10")


def test_the_cohort_practice_page_states_its_requirements_in_the_locale(client, factory):
    trainer = factory.user("merdan", "trainer")
    cohort = factory.cohort("FND-N", trainers=[trainer])
    login(client, "merdan")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(True))
    client.post("/language", data={"language": "tk", "csrf_token": token.group(1)})
    page = client.get(f"/practice/cohorts/{cohort.id}").get_data(as_text=True)
    stated = re.search(r"Talaplar: [^<]*", page).group(0).replace("\xa0", " ")
    assert re.search(r"azyndan \d+ % ", stated), stated
    assert not re.search(r"\d\.\d", stated), stated
