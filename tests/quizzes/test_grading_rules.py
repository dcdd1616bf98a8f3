"""Moodle's marking rules for each question type, on snapshots read from GIFT."""

import random

import pytest

from lms.quizzes.bank import served
from lms.quizzes.gift import parse_gift
from lms.quizzes.grading import grade, parse_number, shortanswer_matches


def question(gift: str) -> dict:
    (parsed,) = parse_gift(gift)
    return served(parsed, shuffle=False, rng=random.Random(1))


def fraction(gift: str, response) -> float | None:
    return grade(question(gift), response).fraction


def test_multichoice_scores_the_fraction_of_the_option_chosen():
    gift = "Q{=right ~%50%half ~wrong ~%-50%bad}"
    assert [fraction(gift, i) for i in range(4)] == [1.0, 0.5, 0.0, 0.0]
    assert fraction(gift, None) == 0.0


def test_multiresponse_sums_the_choices_floored_at_zero_and_capped_at_one():
    gift = "Q{~%50%a ~%33.33333%b ~%16.66667%c ~%-100%d}"
    assert fraction(gift, [0, 1, 2]) == pytest.approx(1.0)
    assert fraction(gift, [1]) == pytest.approx(0.3333333)
    assert fraction(gift, [0, 3]) == 0.0  # -0.5 floored
    assert fraction(gift, None) == 0.0
    generous = question("Q{~%50%a ~%50%b}")  # a snapshot whose weights add up to more
    generous["answers"].append({"text": "c", "fraction": 0.5, "feedback": ""})
    assert grade(generous, [0, 1, 2]).fraction == 1.0  # capped


def test_true_false_is_right_or_wrong():
    gift = "Q{FALSE}"
    assert fraction(gift, False) == 1.0 and fraction(gift, True) == 0.0
    assert fraction(gift, None) == 0.0


def test_short_answer_ignores_case_and_spaces_and_takes_the_best_match():
    gift = "Q{=Aşgabat =%50%ashgabat* =%25%*bat}"
    assert fraction(gift, "  AŞGABAT ") == 1.0
    assert fraction(gift, "Ashgabat city") == 0.5
    assert fraction(gift, "Ashgabat") == 0.5  # ashgabat* (50%) beats *bat (25%)
    assert fraction(gift, "combat") == 0.25
    assert fraction(gift, "Mary") == 0.0
    assert fraction(gift, None) == 0.0 and fraction(gift, "   ") == 0.0


def test_short_answer_wildcards_follow_moodle():
    assert shortanswer_matches("strengths perspective", "strength*")
    assert shortanswer_matches("strength", "strength*")
    assert shortanswer_matches("the strengths approach", "*strength*approach")
    assert not shortanswer_matches("strengths", "strength")
    assert shortanswer_matches("5*3", "5\\*3") and not shortanswer_matches("543", "5\\*3")
    assert shortanswer_matches("a.b", "a.b") and not shortanswer_matches("axb", "a.b")


def test_numerical_tolerance_ranges_and_best_answer():
    gift = "Q{#=1822:0 =%50%1822:2 ~#Not quite.}"
    assert fraction(gift, "1822") == 1.0
    assert fraction(gift, "1823.5") == 0.5
    assert fraction(gift, "1830") == 0.0
    assert fraction(gift, "abc") == 0.0 and fraction(gift, None) == 0.0
    assert fraction("Q{#1..5}", "4,5") == 1.0  # a range; a decimal comma is a decimal point
    assert fraction("Q{#1..5}", "5.01") == 0.0
    assert fraction("Q{#0.1:0}", str(0.1 + 0.2 - 0.2)) == 1.0  # floating-point noise


def test_parse_number_accepts_what_trainees_type():
    assert parse_number(" 12,5 ") == 12.5 and parse_number("1 000") == 1000
    assert parse_number("1e3") == 1000
    assert parse_number("nan") is None and parse_number("inf") is None
    assert parse_number("1,000.5") is None


def test_matching_gives_credit_per_pair():
    q = question("Q{=Cat -> Meow =Dog -> Woof =Cow -> Moo = -> Quack}")
    index = {text: i for i, text in enumerate(q["choices"])}
    assert set(index) == {"Meow", "Woof", "Moo", "Quack"}
    right = [index["Meow"], index["Woof"], index["Moo"]]
    assert grade(q, right).fraction == 1.0
    assert grade(q, [index["Meow"], index["Quack"], None]).fraction == pytest.approx(1 / 3)
    assert grade(q, None).fraction == 0.0


def test_essays_wait_for_a_trainer_unless_empty():
    assert grade(question("Q{}"), "My answer").needs_grading
    assert grade(question("Q{}"), "My answer").fraction is None
    assert grade(question("Q{}"), None) == grade(question("Q{}"), "  ")
    assert not grade(question("Q{}"), None).needs_grading


def test_descriptions_carry_no_mark():
    q = question("Just some text to read.")
    assert q["mark"] == 0.0 and grade(q, None).fraction is None
