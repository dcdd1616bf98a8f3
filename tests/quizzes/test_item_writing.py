"""The item-writing lint finds the cues that let a trainee pass a quiz without understanding."""

from __future__ import annotations

from lms.courses.catalogue import QuizSettings
from lms.quizzes.gift import parse_gift
from lms.quizzes.lint import item_writing_problems

GOOD = """// [id:G-01]
::Home visit::A mother in Tejen asks you to come back when her husband is away. What do you do?{
=Agree a time and tell your supervisor where you will be#Safe and respectful.
~Come back the same evening without telling anyone at the office#Nobody would know where you are.
~Refuse to visit the family again at all#The family still needs the service.
}

// [id:G-02]
::Consent::Consent to share information can be withdrawn later.{TRUE#Yes: consent is ongoing.}

// [id:G-03]
::Records::A family's records may be shown to a neighbour.{FALSE#Only with consent.}

// [id:G-04]
::Plan::Who agrees the support plan?{
=The family together with the social worker#Plans are made with people.
~The social worker alone, after the assessment#Not without the family.
~The etrap department head, in writing#The department supports, the family decides.
}
"""

LONG_KEY = """// [id:L-01]
::One::Pick.{=The right answer is always the long and careful one#Yes. ~Short#No. ~Brief#No.}

// [id:L-02]
::Two::Pick.{=Another very long and careful right answer here#Yes. ~Short#No. ~Brief#No.}
"""


def _lint(text, settings=None, source=True):
    return [str(m) for _line, m in item_writing_problems(parse_gift(text), settings, source=source)]


def test_a_balanced_bank_with_feedback_passes():
    assert _lint(GOOD) == []


def test_the_key_as_the_longest_option_is_found_bank_wide_and_per_question():
    found = _lint(LONG_KEY)
    assert any("longest option in 2 of 2" in m for m in found)
    assert sum("1.5 times" in m for m in found) == 2


def test_true_false_keys_must_be_balanced():
    all_false = GOOD.replace("withdrawn later.{TRUE#", "withdrawn later.{FALSE#")
    assert any("0 of 2 true/false" in m for m in _lint(all_false))


def test_a_question_without_feedback_and_an_essay_without_a_rubric_are_found():
    bare = "// [id:B-01]\n::Bare::Listening matters.{TRUE}\n\n// [id:B-02]\n::Essay::Describe.{}\n"
    found = _lint(bare)
    assert any("no feedback" in m for m in found) and any("Rubric:" in m for m in found)
    with_rubric = bare.replace(
        "Describe.{}", "Describe.{####Model answer: I listen first. Rubric: 2 marks for listening.}"
    )
    assert not any("Rubric:" in m for m in _lint(with_rubric))


def test_essays_must_come_out_the_same_number_in_every_attempt():
    mixed = GOOD + "\n// [id:E-01]\n::Essay::Describe.{####Model answer: x. Rubric: y.}\n"
    found = _lint(mixed, QuizSettings(questions=3))
    assert any("different numbers of essays" in m for m in found)
    own = GOOD.replace("// [id:G-01]", "$CATEGORY: choice\n\n// [id:G-01]") + (
        "\n$CATEGORY: essays\n\n// [id:E-01]\n::Essay::Describe.{####Model answer: x. Rubric: y.}\n"
    )
    assert not any("essays" in m for m in _lint(own, QuizSettings(questions=5)))


def test_a_translation_is_judged_on_length_cues_only():
    translated = LONG_KEY.replace("#Yes.", "").replace("#No.", "")
    found = _lint(translated, source=False)
    assert found and all("longest" in m or "1.5 times" in m for m in found)
