"""The GIFT reader against real files written by others (see ../shared/fixtures/SOURCES.md).

* Moodle's own example files have no expected output: they must parse, and we spot-check them.
* ethan-ou/gift-parser-ide's ``pass`` cases come with that project's expected AST, which we
  translate into our schema (``_from_ethan_ou``) and compare.
* Its ``error`` and ``incremental`` cases are judged one by one against what Moodle's importer
  (question/format/gift/format.php) does with them; where Moodle accepts a file that project
  calls an error, we follow Moodle and the test's docstring says why.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lms.quizzes.gift import GiftError, Question, parse_gift

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT.parent / "shared" / "fixtures"
GIFT = FIXTURES / "gift"
MOODLE = GIFT / "moodle"
MISSING_WORD = GIFT / "moodle_missingword"
ETHAN_OU = GIFT / "ethan-ou_gift-parser-ide" / "tests" / "mocks" / "main"

# Reads ../shared/fixtures: left out with one summary line where that folder is absent (conftest).
pytestmark = pytest.mark.interop


def _read(path: Path) -> list[Question]:
    return parse_gift(path.read_text(encoding="utf-8"))


def _problems(path: Path) -> list[tuple[int, str]]:
    with pytest.raises(GiftError) as caught:
        _read(path)
    return caught.value.problems


def _names(folder: Path, pattern: str) -> list[str]:
    return sorted(path.stem for path in folder.glob(pattern))


def _each(found: list) -> list:
    """Parameters found in the fixtures; without the folder, one stand-in that the ``interop``
    group leaves out (an empty list would fail collection, which is right when the folder is
    there but holds nothing)."""
    return found if FIXTURES.is_dir() else [pytest.param(None, id="fixtures-absent")]


def test_fixture_folders_are_present():
    assert MOODLE.is_dir()
    assert MISSING_WORD.is_dir()
    assert (ETHAN_OU / "pass").is_dir()


# --- Moodle's own files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    _each(sorted([*MOODLE.glob("*.txt"), *MISSING_WORD.glob("*.txt")])),
    ids=lambda path: path.name,
)
def test_moodle_example_file_parses_without_error(path):
    assert _read(path)


def test_moodle_examples_file_covers_every_answer_type():
    questions = _read(MOODLE / "examples.txt")

    assert len(questions) == 43
    assert {question.type for question in questions} == {
        "multichoice",
        "multiresponse",
        "truefalse",
        "shortanswer",
        "numerical",
        "matching",
    }


def test_moodle_examples_partial_credit_and_missing_word():
    questions = _read(MOODLE / "examples.txt")

    hometown = next(q for q in questions if q.title == "Jesus' hometown")
    assert hometown.type == "multichoice"
    assert hometown.text == "Jesus Christ was from _____."
    assert [answer.fraction for answer in hometown.answers] == [0.0, 0.25, 0.5, 1.0]
    assert hometown.answers[2].feedback == "You need to be more specific."
    thanksgiving = next(q for q in questions if q.title == "Thanksgiving Date")
    assert thanksgiving.text.endswith("celebrated on the _____ Thursday of November.")


def test_moodle_examples_control_characters_question():
    question = next(
        q for q in _read(MOODLE / "examples.txt") if q.title == "GIFT Control Characters"
    )

    assert [answer.text for answer in question.answers] == ["~", "=", "#", "{", "}", "\\"]
    assert [answer.fraction for answer in question.answers] == [0, 0, 0, 0, 0, 1]
    assert question.answers[-1].feedback.startswith("Correct! \\ (backslash)")


def test_moodle_examples_numerical_forms():
    numerical = [q for q in _read(MOODLE / "examples.txt") if q.type == "numerical"]
    forms = [[(a.value, a.tolerance, a.fraction) for a in q.numerical] for q in numerical]

    assert [(1822.0, 1.0, 1.0)] in forms
    assert [(3.1415, 0.0005, 1.0)] in forms  # both {#3.1415:0.0005} and {#3.141..3.142}
    assert [(1822.0, 0.0, 1.0), (1822.0, 2.0, 0.5)] in forms


def test_moodle_questions_fixture_types_and_weights():
    questions = {question.title: question for question in _read(MOODLE / "questions.gift.txt")}

    assert questions["Q8"].type == "essay"
    activities = questions["Moodle activities"]
    assert activities.type == "matching"
    assert activities.format == "html"
    assert activities.pairs[0] == ("An activity supporting asynchronous discussions.", "Forum")
    assert activities.pairs[-1] == ("", "Chat")
    colours = questions["colours"]
    assert colours.type == "multiresponse"
    assert [answer.fraction for answer in colours.answers] == [0.5, -1.0, 0.5, -1.0]
    assert colours.answers[1].feedback == "wrong"  # the [html] prefix is dropped
    assert colours.answers[3].text == "blue"  # and so is [plain]
    animal = questions["Shortanswer"]
    assert [(a.text, a.fraction) for a in animal.answers] == [
        ("Frog", 1.0),
        ("Cat", 0.5),
        ("*", 0.0),
    ]


def test_moodle_questions_fixture_catch_all_and_true_false_feedback():
    questions = {question.title: question for question in _read(MOODLE / "questions.gift.txt")}

    q5 = questions["Q5"].numerical
    assert (q5[0].value, q5[0].tolerance) == (3.0, 2.0)
    assert (q5[1].value, q5[1].fraction, q5[1].feedback) == (None, 0.0, "Completely wrong")
    q1 = questions["Q1"]
    assert q1.correct is False
    assert q1.feedback_true == "42 is the Ultimate Answer."
    assert q1.feedback_false == "You gave the right answer."
    assert q1.general_feedback.startswith("This is, of course")


def test_moodle_questions_fixture_trailing_text_becomes_a_blank_as_in_moodle():
    """Upstream's file has a stray `";` after two answer blocks. Moodle treats any text after
    the block as a missing-word question, so the blank and the `";` stay in the text."""
    questions = {question.title: question for question in _read(MOODLE / "questions.gift.txt")}

    assert questions["Q5"].text == 'What is a number from 1 to 5? _____";'


def test_moodle_category_fixture_sets_category_and_decodes_escapes():
    questions = _read(MOODLE / "questions_in_category.gift.txt")

    assert {question.category for question in questions} == {"$course$/Default for New Features"}
    greeting = next(question for question in questions if question.title == "Greeting")
    assert greeting.text.startswith(
        '<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">'
    )
    assert "Listen to this greeting:</a>" in greeting.text
    user = next(question for question in questions if question.title == "Moodle user")
    assert user.type == "shortanswer"
    assert user.answers[0].text == "Moodler"


def test_moodle_missing_word_fixture_spans_lines():
    (question,) = _read(MISSING_WORD / "question.missingword1.txt")

    assert question.type == "multichoice"
    assert question.text == (
        "As soon as we begin to explore our body parts as infants\n"
        "we become students of _____, and in a sense we remain students for life."
    )
    assert [answer.text for answer in question.answers] == [
        "anatomy and physiology",
        "reflexology",
        "science",
        "experiment",
    ]


def test_missing_word_format_weight_without_leading_percent_is_text_in_gift():
    """Moodle's older *Missing word* format wrote weights as `~75%`. GIFT only knows `%75%`,
    and Moodle's GIFT importer keeps `75%a good answer` as the option's text with 0%."""
    (question,) = _read(MISSING_WORD / "question.missingword3.txt")

    assert question.text == "This is"  # the block ends the text: no blank
    assert [(answer.text, answer.fraction) for answer in question.answers] == [
        ("the best answer", 1.0),
        ("75%a good\nanswer", 0.0),
        ("a wrong one", 0.0),
    ]
    assert question.answers[1].feedback == "comment on the good answer"


# --- ethan-ou/gift-parser-ide: expected output in that project's schema ---------------------


def _norm(text: str) -> str:
    """Compare texts modulo layout: that project joins lines with spaces and pads blanks."""
    return re.sub(r"\s*_____\s*", "_____", " ".join(text.split()))


def _ethan_text(value: dict | None) -> str:
    return _norm(value["text"]) if value else ""


def _ethan_fraction(choice: dict, default_right: float) -> float:
    if choice["weight"] is not None:
        return choice["weight"] / 100
    return default_right if choice["isCorrect"] else 0.0


def _ethan_answers(item: dict) -> list[dict]:
    return [
        {
            "text": _ethan_text(choice["text"]),
            "fraction": pytest.approx(_ethan_fraction(choice, 1.0)),
            "feedback": _ethan_text(choice["feedback"]),
        }
        for choice in item["choices"]
    ]


def _ethan_number(spec: dict) -> tuple[float | None, float]:
    if spec.get("type") == "simple":
        return spec["number"], 0.0
    if spec.get("type") == "range":
        return spec["number"], spec["range"]
    if spec.get("type") == "high-low":
        high, low = spec["numberHigh"], spec["numberLow"]
        return (high + low) / 2, (high - low) / 2
    return None, 0.0  # "*": Moodle's catch-all answer


def _ethan_numerical(item: dict) -> list[dict]:
    choices = item["choices"]
    if isinstance(choices, dict):
        choices = [{"isCorrect": True, "weight": None, "text": choices, "feedback": None}]
    result = []
    for choice in choices:
        value, tolerance = _ethan_number(choice["text"])
        result.append(
            {
                "value": value if value is None else pytest.approx(value),
                "tolerance": pytest.approx(tolerance),
                "fraction": pytest.approx(_ethan_fraction(choice, 1.0)),
                "feedback": _ethan_text(choice["feedback"]),
            }
        )
    return result


def _ethan_truefalse(item: dict) -> dict:
    right, wrong = _ethan_text(item["correctFeedback"]), _ethan_text(item["incorrectFeedback"])
    correct = item["isTrue"]
    return {
        "correct": correct,
        "feedback_true": right if correct else wrong,
        "feedback_false": wrong if correct else right,
    }


def _ethan_type_fields(item: dict) -> dict:
    kind = item["type"]
    if kind == "MC":
        multi = not any(choice["isCorrect"] for choice in item["choices"])
        return {
            "type": "multiresponse" if multi else "multichoice",
            "answers": _ethan_answers(item),
        }
    if kind == "Short":
        return {"type": "shortanswer", "answers": _ethan_answers(item)}
    if kind == "TF":
        return {"type": "truefalse", **_ethan_truefalse(item)}
    if kind == "Numerical":
        return {"type": "numerical", "numerical": _ethan_numerical(item)}
    if kind == "Matching":
        pairs = [[_ethan_text(p["subquestion"]), _norm(p["subanswer"])] for p in item["matchPairs"]]
        return {"type": "matching", "pairs": pairs}
    return {"type": kind.lower()}  # Essay, Description


def _from_ethan_ou(items: list[dict]) -> list[dict]:
    """Translate that project's AST into our JSON. Keys it leaves null (untitled questions,
    ids and tags, which it does not read) are left out of the comparison."""
    result, category = [], None
    for item in items:
        if item["type"] == "Category":
            category = item["title"]
            continue
        expected = {
            "category": category,
            "format": item["stem"]["format"],
            "text": _norm(item["stem"]["text"]),
            "general_feedback": _ethan_text(item.get("globalFeedback")),
            **_ethan_type_fields(item),
        }
        for key in ("title", "id", "tags"):
            if item.get(key) is not None:
                expected[key] = item[key]
        result.append(expected)
    return result


def _ours(question: Question, keys) -> dict:
    data = question.to_dict()
    data["text"] = _norm(data["text"])
    data["general_feedback"] = _norm(data["general_feedback"])
    for answer in data.get("answers", []):
        answer["text"], answer["feedback"] = _norm(answer["text"]), _norm(answer["feedback"])
    for number in data.get("numerical", []):
        number["feedback"] = _norm(number["feedback"])
    if "pairs" in data:
        data["pairs"] = [[_norm(left), _norm(right)] for left, right in data["pairs"]]
    for key in ("feedback_true", "feedback_false"):
        if key in data:
            data[key] = _norm(data[key])
    return {key: data[key] for key in keys}


@pytest.mark.parametrize("name", _each(_names(ETHAN_OU / "pass", "*.gift")))
def test_ethan_ou_pass_case_matches_expected_output(name):
    path = ETHAN_OU / "pass" / f"{name}.gift"
    expected = _from_ethan_ou(json.loads(path.with_suffix(".json").read_text(encoding="utf-8")))

    questions = _read(path)

    assert len(questions) == len(expected)
    assert [_ours(q, e.keys()) for q, e in zip(questions, expected, strict=True)] == expected


def test_ethan_ou_category_case_sets_category_without_a_question():
    assert _read(ETHAN_OU / "pass" / "categorySpecialCharacter.gift") == []
    question = parse_gift(
        (ETHAN_OU / "pass" / "categorySpecialCharacter.gift").read_text(encoding="utf-8")
        + "\n\nQuestion?{}"
    )[0]
    assert question.category == "$course$/top/Default for Unit 1: Topic"


@pytest.mark.parametrize(
    ("name", "question_id", "tags"),
    [
        ("tag_id", "123", ()),
        ("tag_id_and_two_tags", "393", ("fred", "barney-wilma")),
        ("tag_two_tags", None, ("fred", "barney-wilma")),
    ],
)
def test_ethan_ou_id_and_tag_comments_are_read_as_in_recent_moodle(name, question_id, tags):
    """That project's expected output has id and tags null: it does not read them. Moodle
    (since 3.6) takes `[id:...]` and `[tag:...]` from the question's comment lines, and so do we."""
    (question,) = _read(ETHAN_OU / "pass" / f"{name}.gift")

    assert (question.id, question.tags) == (question_id, tags)


def test_ethan_ou_description_with_id_comment_sets_id():
    description, _ = _read(ETHAN_OU / "pass" / "descriptionWithID.gift")

    assert (description.type, description.id) == ("description", "2112")


# --- ethan-ou/gift-parser-ide: error and incremental cases, judged against Moodle -----------

ACCEPTED_BY_BOTH = [
    ("error", "emptyLines"),
    ("error", "escapeBracket"),
    ("incremental", "state2"),
    ("incremental", "state3"),
]


@pytest.mark.parametrize(("folder", "name"), ACCEPTED_BY_BOTH)
def test_ethan_ou_case_without_expected_errors_parses(folder, name):
    path = ETHAN_OU / folder / f"{name}.gift"
    assert json.loads(path.with_suffix(".json").read_text(encoding="utf-8")) == []

    assert _read(path)


def test_escaped_braces_inside_an_option_are_literal():
    multichoice, _ = _read(ETHAN_OU / "error" / "escapeBracket.gift")

    assert [(a.text, a.fraction) for a in multichoice.answers] == [("b{2,}", 0.0), ("bb*", 1.0)]


def test_added_blank_line_inside_block_is_unclosed_then_stray_brace():
    """A blank line ends a question, so `{` is left open and `}` starts a new block: Moodle
    reports a brace error for both."""
    assert [line for line, _ in _problems(ETHAN_OU / "error" / "addedLineBreak.gift")] == [1, 4]


def test_missing_closing_brace_is_an_error():
    problems = _problems(ETHAN_OU / "error" / "missingCurly.gift")

    assert problems == [(1, "'{' is never closed by '}' (write \\{ for a literal)")]


def test_option_without_marker_leaves_multiple_answer_question_without_credit():
    """Moodle's importer keeps `Correct Answer` (no `=`) as a 0% option, which makes the block a
    multiple-answer question where nothing earns credit. Moodle's question editor refuses that
    ("the positive grades do not add up to 100%"), so we report it, as that project does."""
    ((line, message),) = _problems(ETHAN_OU / "error" / "missingAnswer.gift")

    assert line == 2
    assert "add up to 0%, not 100%" in message


def test_second_brace_pair_after_the_answer_block_is_an_error_unlike_moodle():
    """`...()_+{}|\\:"<>? {True}`: Moodle takes the first `{}` as the answer block, imports an
    essay and shows `{True}` in its text. That is never what the author wrote, so we report the
    unescaped brace after the answer block (a deliberate departure from Moodle)."""
    ((line, message),) = _problems(ETHAN_OU / "error" / "unescapedCharacters1.gift")

    assert line == 3
    assert "after the answer block" in message


@pytest.mark.parametrize(
    "path",
    [ETHAN_OU / "error" / "unescapedCharacters2.gift", ETHAN_OU / "incremental" / "state1.gift"],
    ids=lambda path: path.stem,
)
def test_equals_sign_in_question_text_is_accepted_as_in_moodle(path):
    """That project wants `=` escaped everywhere. Moodle only looks for `=` inside the answer
    block, so `::Q1:: 1+1=2 {T}` is a true/false question whose text is `1+1=2`."""
    questions = _read(path)

    assert (questions[0].type, questions[0].text, questions[0].correct) == (
        "truefalse",
        "1+1=2",
        True,
    )


def test_unescaped_colon_in_options_is_accepted_as_in_moodle():
    """`:` only matters to Moodle in a title and in numerical answers; in an option such as
    `<img src\\=https://...>` it is plain text."""
    (question,) = _read(ETHAN_OU / "error" / "unescapedLink.gift")

    assert question.type == "multichoice"
    assert question.title == "Question with Links"
    assert question.text == ""
    assert question.answers[0].text.startswith("<img src=https://images.unsplash.com/")


@pytest.mark.parametrize(
    ("folder", "name", "title"),
    [("error", "missingTitleColon", ":Title::"), ("incremental", "state4", ":Incomplete::")],
)
def test_single_colon_before_title_is_question_text_as_in_moodle(folder, name, title):
    """Moodle only reads a title when the question starts with `::`. `:Title::` is therefore
    the question text, and the question (named after its text) imports fine."""
    questions = _read(ETHAN_OU / folder / f"{name}.gift")
    question = next(q for q in questions if q.text == title)

    assert question.title == title
    assert question.type in ("multichoice", "shortanswer")


def test_unescaped_open_brace_inside_answer_block_is_literal_as_in_moodle():
    """Moodle's answer block runs from the first `{` to the first `}`; an unescaped `{` inside
    it is plain text, and `#` after the feedback separator belongs to the feedback."""
    (question,) = _read(ETHAN_OU / "error" / "unescapedCharacters.gift")

    assert [answer.text for answer in question.answers][2:4] == ["#", "{"]
    assert question.answers[2].feedback == "# is a control character."
    assert question.answers[-1].text == "\\"
    assert question.answers[-1].fraction == 1.0


# --- the parser's own text-section mocks in that project (no expected output) ---------------

TEXT_SECTION = GIFT / "ethan-ou_gift-parser-ide" / "tests" / "parser" / "mocks" / "textSection"


def test_open_brackets_mock_reports_every_unbalanced_brace():
    problems = _problems(TEXT_SECTION / "openBrackets.gift")

    assert [line for line, _ in problems] == [5, 7, 9, 13, 15]
    assert [message.startswith("'{'") for _, message in problems] == [
        True,
        False,
        True,
        True,
        False,
    ]


def test_no_line_breaks_mock_reports_second_block_and_unclosed_brace():
    assert [line for line, _ in _problems(TEXT_SECTION / "noLineBreaks.gift")] == [3, 5]
