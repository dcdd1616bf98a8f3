"""Numbers typed into forms and query strings are read in one place (``lms.core.numbers``)."""

from __future__ import annotations

import re

import pytest
from support import login

from lms.core.config import PROJECT_ROOT
from lms.core.numbers import NumberError, ascii_int


@pytest.mark.parametrize("text", ["²", "١", "８", "1_0", "1.0", "-1", "", "１２", "0x1"])
def test_only_ascii_digits_are_numbers(app, text):
    with app.test_request_context(), pytest.raises(NumberError):
        ascii_int(text, minimum=0, maximum=100)


def test_the_range_is_checked_with_a_clear_message(app):
    with app.test_request_context():
        assert ascii_int("42", minimum=1, maximum=100) == 42
        with pytest.raises(NumberError, match="largest number allowed here is 5"):
            ascii_int("6", minimum=0, maximum=5)
        with pytest.raises(NumberError, match="smallest number allowed here is 1"):
            ascii_int("0", minimum=1, maximum=5)


@pytest.mark.parametrize("path", ["/admin/users", "/admin/audit", "/certificates/", "/practice/"])
@pytest.mark.parametrize("page", ["²", "١", "1&page=2"])
def test_page_parameters_of_lists_refuse_odd_digits_and_repeats(client, factory, path, page):
    factory.user("root", "admin", "trainee")
    login(client, "root")
    response = client.get(f"{path}?page={page}")
    assert response.status_code == 400, path


# Ways of reading a number that bypass lms.core.numbers: isdigit() accepts "²", int() and
# WTForms' IntegerField / coerce=int accept "١" and "８".
BYPASSES = re.compile(
    r"\.isdigit\(|\.isnumeric\(|\.isdecimal\(|int\(request|type=int|coerce=int|IntegerField\("
    r"|\\d[+*{)]"  # a regular expression's \d: also ١ and ８
)


def test_no_module_reads_numbers_around_the_core_helper():
    offenders = []
    for path in sorted((PROJECT_ROOT / "lms").rglob("*.py")):
        if "migrations" in path.parts or path.name in ("numbers.py", "forms.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BYPASSES.search(line):
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
