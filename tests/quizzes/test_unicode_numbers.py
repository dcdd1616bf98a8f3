"""Numbers in quiz forms and query strings are ASCII digits, and single fields come once.

``"²".isdigit()`` is true but ``int("²")`` fails (it answered 500); ``int("١")`` is 1 (a forged
form picked option 1 with an Arabic-Indic digit); a repeated ``q0`` was silently accepted.
"""

from __future__ import annotations

import pytest

ODD_DIGITS = ["²", "١", "８", "1_0", "+1"]


@pytest.mark.parametrize("page", ODD_DIGITS)
def test_a_page_number_that_is_not_ascii_digits_is_refused(taker, page):
    attempt_id = taker.start()
    response = taker.client.get(f"/quiz/attempts/{attempt_id}", query_string={"page": page})
    assert response.status_code == 400


@pytest.mark.parametrize("field", ["q0", "page", "go"])
@pytest.mark.parametrize("digit", ["²", "١"])
def test_odd_digits_in_the_answer_form_are_refused_and_nothing_saved(taker, field, digit):
    attempt_id = taker.start()
    answers = {"q0": "0", field: digit}
    response = taker.save(attempt_id, 1, answers) if field != "page" else None
    if field == "page":
        response = taker.client.post(
            f"/quiz/attempts/{attempt_id}",
            data={"csrf_token": taker.token(attempt_id), "page": digit, "q0": "0"},
        )
    assert response.status_code == 400
    assert taker.attempt(attempt_id).response_at(0).response is None


@pytest.mark.parametrize("name", ["q0", "q2", "q3", "page", "go"])
def test_a_repeated_single_valued_field_is_refused(taker, name):
    attempt_id = taker.start()
    page = 2 if name in ("q2", "q3") else 1
    values = {"q0": ["0", "1"], "q2": ["true", "false"], "q3": ["a", "b"]}
    data = {"csrf_token": taker.token(attempt_id), "page": str(page)}
    data[name] = values.get(name, [str(page), str(page)])
    response = taker.client.post(f"/quiz/attempts/{attempt_id}", data=data)
    assert response.status_code == 400
    assert taker.attempt(attempt_id).response_at(0).response is None


def test_a_repeated_page_parameter_is_refused(taker):
    attempt_id = taker.start()
    response = taker.client.get(f"/quiz/attempts/{attempt_id}?page=1&page=2")
    assert response.status_code == 400
