"""The GIFT reader, rule by rule, on small inline texts."""

from __future__ import annotations

import pytest

from lms.quizzes.gift import (
    QUESTION_TYPES,
    Answer,
    GiftError,
    NumericalAnswer,
    parse_gift,
)


def only(text: str):
    """The single question in ``text``."""
    (question,) = parse_gift(text)
    return question


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(GiftError) as caught:
        parse_gift(text)
    return caught.value.problems


def problem_lines(text: str) -> list[int]:
    return [line for line, _ in problems(text)]


# --- question types ---------------------------------------------------------------------------


def test_equals_and_tildes_make_multichoice_with_full_and_no_credit():
    question = only("Who is buried in Grant's tomb?{~Grant ~Jefferson =no one}")

    assert question.type == "multichoice"
    assert question.answers == (
        Answer("Grant", 0.0, ""),
        Answer("Jefferson", 0.0, ""),
        Answer("no one", 1.0, ""),
    )


def test_block_without_equals_is_multiresponse_with_weights():
    question = only("Pick two {~%50%A ~%50%B ~%-100%C}")

    assert question.type == "multiresponse"
    assert [(a.text, a.fraction) for a in question.answers] == [
        ("A", 0.5),
        ("B", 0.5),
        ("C", -1.0),
    ]


def test_decimal_weights_become_fractions_and_may_round_to_100_percent():
    question = only("Continents?{~%33.33333%Africa ~%33.33333%Asia ~%33.33333%Europe ~%-50%Rome}")

    assert question.answers[0].fraction == pytest.approx(0.3333333)
    assert question.answers[3].fraction == -0.5


def test_decimal_weight_has_no_binary_rounding_noise():
    question = only("Q {~%28.6%A ~%71.4%B ~%-33.3%C}")

    assert [answer.fraction for answer in question.answers] == [0.286, 0.714, -0.333]


def test_multiresponse_whose_positive_weights_do_not_reach_100_percent_is_an_error():
    ((line, message),) = problems("Q {\n~%50%A\n~%20%B\n~C}")

    assert line == 2
    assert "add up to 70%, not 100%" in message


def test_multiresponse_without_any_weight_is_an_error():
    assert "add up to 0%" in problems("Q {~A ~B}")[0][1]


def test_multichoice_with_only_one_option_is_an_error():
    assert problems("Q {~only}") == [(1, "a multiple-choice question needs at least 2 options")]


def test_weight_after_equals_in_multichoice_is_an_error():
    """Moodle gives `=` 100% and would show `%50%` as part of the option's text."""
    ((_, message),) = problems("Q {=%50%half ~wrong =right}")

    assert "write ~%50%" in message


def test_weight_beyond_100_percent_is_an_error():
    assert "outside -100%..100%" in problems("Q {~%150%A ~B =C}")[0][1]


def test_text_before_first_marker_is_an_option_as_in_moodle():
    question = only("Q {first =second ~third}")

    assert [(a.text, a.fraction) for a in question.answers] == [
        ("first", 0.0),
        ("second", 1.0),
        ("third", 0.0),
    ]


def test_empty_option_is_an_error():
    assert problems("Q {=a ~ ~b}") == [(1, "an answer is empty")]


def test_short_answer_keeps_wildcard_weights_and_feedback():
    question = only("Best animal?{=Frog#Good! =%50%Cat#Hmm =%0%*#No}")

    assert question.type == "shortanswer"
    assert question.answers == (
        Answer("Frog", 1.0, "Good!"),
        Answer("Cat", 0.5, "Hmm"),
        Answer("*", 0.0, "No"),
    )


def test_single_answer_without_equals_is_short_answer():
    assert only("Write 1 in words {One}").answers == (Answer("One", 1.0, ""),)


def test_short_answer_without_a_full_marks_answer_is_an_error():
    assert "one answer must be 100%" in problems("Q {=%50%a =%50%b}")[0][1]


@pytest.mark.parametrize(("answer", "correct"), [("T", True), ("TRUE", True), ("F", False)])
def test_true_false_letters_and_words(answer, correct):
    question = only(f"The sun rises in the east.{{{answer}}}")

    assert (question.type, question.correct) == ("truefalse", correct)


def test_true_false_first_feedback_is_for_a_wrong_answer():
    false_question = only("42 is the answer.{FALSE#wrong: it is false#right: well done}")
    true_question = only("The sky is blue.{TRUE#wrong: it is true#right: well done}")

    # The student who answers "true" to a false statement is wrong, and sees the first feedback.
    assert false_question.feedback_true == "wrong: it is false"
    assert false_question.feedback_false == "right: well done"
    assert true_question.feedback_true == "right: well done"
    assert true_question.feedback_false == "wrong: it is true"


def test_lower_case_true_is_a_short_answer_as_in_moodle():
    assert only("Q {true}").type == "shortanswer"


def test_numerical_exact_tolerance_and_range():
    questions = parse_gift("A {#1822}\n\nB {#3.1415:0.0005}\n\nC {#3.141..3.142}\n\nD {#-5..-1}")

    assert [q.numerical for q in questions] == [
        (NumericalAnswer(1822.0, 0.0, 1.0, ""),),
        (NumericalAnswer(3.1415, 0.0005, 1.0, ""),),
        (NumericalAnswer(3.1415, 0.0005, 1.0, ""),),
        (NumericalAnswer(-3.0, 2.0, 1.0, ""),),
    ]


def test_numerical_weighted_answers_and_catch_all():
    question = only("Grant born?{# =1822:0 #exact =%50%1822:2 #close ~#catch-all}")

    assert question.type == "numerical"
    assert question.numerical == (
        NumericalAnswer(1822.0, 0.0, 1.0, "exact"),
        NumericalAnswer(1822.0, 2.0, 0.5, "close"),
        NumericalAnswer(None, 0.0, 0.0, "catch-all"),
    )


def test_numerical_exponent_is_a_number():
    assert only("Q {#1.5e3}").numerical[0].value == 1500.0


@pytest.mark.parametrize(
    "number", ["1_0", "NaN", "inf", "１２", "٣", "1e999", "0x10", "+5", ".5", "five", "1,5"]
)
def test_numerical_answer_that_is_not_a_plain_ascii_number_is_an_error(number):
    ((line, message),) = problems(f"Q\n{{#{number}}}")

    assert line == 2
    assert message.startswith(f"not a number: '{number}'")


def test_numerical_tolerance_must_be_a_number_too():
    assert problems("Q {#5:abc}")[0][1].startswith("not a number: '5:abc'")


@pytest.mark.parametrize("spec", ["5..1", "5:-1"])
def test_numerical_empty_range_is_an_error(spec):
    assert "empty range" in problems(f"Q {{#{spec}}}")[0][1]


def test_numerical_without_numbers_is_an_error():
    assert "at least one number" in problems("Q {#}")[0][1]


def test_matching_pairs_with_distractor():
    question = only("Match {\n=Canada -> Ottawa\n=Italy -> Rome\n= -> Paris\n}")

    assert question.type == "matching"
    assert question.pairs == (("Canada", "Ottawa"), ("Italy", "Rome"), ("", "Paris"))


def test_matching_needs_two_real_pairs():
    ((_, message),) = problems("Match {=Canada -> Ottawa = -> Paris}")

    assert "at least 2 pairs" in message


def test_matching_pair_without_arrow_is_an_error():
    assert problems("Match {\n=a -> b\n=c -> d\n=e}") == [
        (4, "a matching pair needs '->' between the item and its match")
    ]


def test_matching_pair_without_answer_is_an_error():
    assert "nothing after '->'" in problems("Match {=a -> b =c -> d =e ->}")[0][1]


def test_arrow_without_equals_is_short_answer_as_in_moodle():
    """Moodle only reads a block as matching when it has both `=` and `->`."""
    question = only("Q {a -> b}")

    assert (question.type, question.answers) == ("shortanswer", (Answer("a -> b", 1.0, ""),))


def test_tilde_wins_over_arrow_as_in_moodle():
    question = only("How to make coffee?{~buy -> drink =grind -> brew}")

    assert question.type == "multichoice"
    assert question.answers[1] == Answer("grind -> brew", 1.0, "")


def test_empty_block_is_essay_and_can_carry_general_feedback():
    essay = only("How are you? {}")
    with_feedback = only("How are you? {####Be honest.}")

    assert (essay.type, essay.text, essay.general_feedback) == ("essay", "How are you?", "")
    assert (with_feedback.type, with_feedback.general_feedback) == ("essay", "Be honest.")


def test_text_without_block_is_a_description():
    question = only("::Intro::Use your pencil for the next questions.")

    assert (question.type, question.title) == ("description", "Intro")
    assert question.text == "Use your pencil for the next questions."


def test_every_type_is_one_of_the_documented_types():
    text = "A{}\n\nB\n\nC{T}\n\nD{=d}\n\nE{#1}\n\nF{=a->b =c->d}\n\nG{~a =b}\n\nH{~%100%a ~b}"

    assert [q.type for q in parse_gift(text)] == [
        "essay",
        "description",
        "truefalse",
        "shortanswer",
        "numerical",
        "matching",
        "multichoice",
        "multiresponse",
    ]
    assert set(QUESTION_TYPES) == {q.type for q in parse_gift(text)}


# --- question text, titles, formats, feedback -------------------------------------------------


def test_text_after_block_becomes_missing_word_blank():
    question = only("Grant is {~buried =entombed ~living} in Grant's tomb.")

    assert question.text == "Grant is _____ in Grant's tomb."


def test_block_at_the_end_leaves_no_blank():
    assert only("Two plus two is {=four}").text == "Two plus two is"


def test_block_at_the_start_is_a_blank():
    assert only("{=Asia} is the largest continent.").text == "_____ is the largest continent."


def test_title_between_double_colons():
    question = only("::Kanji origins::Japanese characters came from {=China}.")

    assert question.title == "Kanji origins"
    assert question.text == "Japanese characters came from _____."


def test_escaped_colon_in_title():
    assert only("::Unit 1\\: Topic::Text{}").title == "Unit 1: Topic"


def test_title_defaults_to_start_of_text_without_html():
    assert only("[html]<p>Who is <b>buried</b> here?</p>{=no one}").title == "Who is buried here?"


def test_long_default_title_is_cut_at_a_word_boundary():
    title = only("word " * 40 + "{}").title

    assert title.endswith("word...")
    assert len(title) <= 83


def test_unclosed_title_is_an_error():
    """Moodle drops the `::` and imports "Title text" as the question; we report it."""
    assert problems("::Title text {=a ~b}") == [
        (1, "the title is not closed: write ::Title:: before the question")
    ]


@pytest.mark.parametrize("fmt", ["html", "markdown", "plain", "moodle"])
def test_format_prefix_sets_question_format(fmt):
    question = only(f"::T::[{fmt}]Some *text*{{}}")

    assert (question.format, question.text) == (fmt, "Some *text*")


def test_format_defaults_to_moodle():
    assert only("Plain question{}").format == "moodle"


def test_format_prefixes_are_stripped_from_answers_and_feedback():
    question = only("Q {=[html]<b>yes</b>#[plain]good ~[markdown]*no*#[moodle]bad}")

    assert question.answers == (Answer("<b>yes</b>", 1.0, "good"), Answer("*no*", 0.0, "bad"))


def test_unknown_format_prefix_is_an_error():
    assert problems("::Title::\n[foo]text{}") == [
        (2, "unknown format [foo]: use one of [moodle], [html], [plain], [markdown]")
    ]


def test_unknown_format_prefix_on_an_answer_is_an_error_on_its_line():
    assert problem_lines("Q {\n=yes\n~[HTML]no\n}") == [3]


def test_markdown_link_at_start_of_text_is_not_a_format():
    assert only("[markdown][Read](https://example.org) first{}").text.startswith("[Read](")


def test_feedback_after_hash_and_general_feedback_after_four_hashes():
    question = only("Q {\n=right#Well done\n~wrong#Try again\n####Always shown\n}")

    assert [a.feedback for a in question.answers] == ["Well done", "Try again"]
    assert question.general_feedback == "Always shown"


def test_general_feedback_on_true_false_keeps_answer_feedback():
    question = only("Q {FALSE#no#yes\n####[html]<p>general</p>}")

    assert (question.feedback_true, question.general_feedback) == ("no", "<p>general</p>")


# --- escapes, comments, categories, metadata -------------------------------------------------


def test_escaped_control_characters_are_literal():
    question = only("Which is 5? {~ \\= 2 + 2 = \\= 2 + 3 ~ \\{\\}\\~\\#\\:}")

    assert [a.text for a in question.answers] == ["= 2 + 2", "= 2 + 3", "{}~#:"]


def test_backslash_n_is_a_newline_and_double_backslash_a_backslash():
    question = only("Line one\\nLine two \\\\ and \\\\n {}")

    assert question.text == "Line one\nLine two \\ and \\n"


def test_other_backslashes_are_kept():
    assert only("Regex \\d+ and \\[x\\] {}").text == "Regex \\d+ and \\[x\\]"


def test_comment_lines_are_dropped_but_inline_slashes_stay():
    question = only("// a comment\nSee http://example.org {\n// between answers\n=a ~b}")

    assert question.text == "See http://example.org"
    assert [a.text for a in question.answers] == ["a", "b"]


def test_category_applies_to_following_questions():
    questions = parse_gift(
        "First{}\n\n$CATEGORY: $course$/top/Unit 1\n\nSecond{}\n\n$CATEGORY: Other\n\nThird{}"
    )

    assert [q.category for q in questions] == [None, "$course$/top/Unit 1", "Other"]


def test_category_without_blank_line_before_the_question_is_an_error():
    assert problem_lines("$CATEGORY: Unit 1\nQuestion{}") == [1]


def test_category_without_name_is_an_error():
    assert problem_lines("Q1{}\n\n$CATEGORY:\n\nQ2{}") == [3]


def test_id_and_tags_come_from_comment_lines_of_the_question():
    question = only(
        "// [id:FND-ETH-03]\n// [tag:competency:ETH-1] [tag:x]\n// [tag:y\\]z]\nQuestion?{}"
    )

    assert question.id == "FND-ETH-03"
    assert question.tags == ("competency:ETH-1", "x", "y]z")


def test_comment_separated_by_blank_line_does_not_tag_the_next_question():
    assert (only("// [id:A]\n\nQuestion?{}").id, only("Question?{}").tags) == (None, ())


def test_duplicate_id_is_an_error():
    text = "// [id:A]\nOne{}\n\n// [id:B]\nTwo{}\n\n// [id:A]\nThree{}"

    assert problems(text) == [(8, "id A is already used on line 2")]


def test_question_line_is_its_first_line_after_comments():
    questions = parse_gift("// header\n\n// [id:A]\n::One::\nText{}\n\n\nTwo{}")

    assert [q.line for q in questions] == [4, 8]


# --- text encoding ---------------------------------------------------------------------------


def test_turkmen_and_cyrillic_text_is_kept():
    question = only("::Sorag::Aşgabat, Daşoguz, Türkmenabat; ýaş, çaga, ňe, žurnal?{=Hawa ~Ýok}")
    russian = only("Социальная работа — это профессия?{TRUE#Неверно#Верно}")

    assert question.text == "Aşgabat, Daşoguz, Türkmenabat; ýaş, çaga, ňe, žurnal?"
    assert question.answers[1].text == "Ýok"
    assert russian.feedback_true == "Верно"


def test_byte_order_mark_and_crlf_are_accepted():
    questions = parse_gift("\ufeff::A::One{\r\n=a\r\n~b}\r\n\r\n::B::Two{}\r\n")

    assert [(q.title, q.line) for q in questions] == [("A", 1), ("B", 5)]
    assert questions[0].answers[1].text == "b"


@pytest.mark.parametrize("text", ["", "\n\n", "// only a comment\n// and another", "\ufeff"])
def test_empty_or_comment_only_text_gives_no_questions(text):
    assert parse_gift(text) == []


def test_private_use_characters_used_as_placeholders_are_rejected():
    assert problem_lines("Q\n\U000f007e{}") == [2]


# --- errors ----------------------------------------------------------------------------------


def test_unclosed_brace_is_reported_on_its_line():
    assert problems("Question\ntext {\n=a") == [
        (2, "'{' is never closed by '}' (write \\{ for a literal)")
    ]


def test_closing_brace_without_opening_is_reported_on_its_line():
    assert problem_lines("Question\ntext }") == [2]


def test_closing_brace_before_the_block_is_reported():
    assert problem_lines("a } b {=c}") == [1]


def test_second_answer_block_is_an_error():
    """Moodle would show `{=b}` literally in the question text."""
    assert "after the answer block" in problems("Q {=a} and {=b}")[0][1]


def test_all_problems_in_the_file_are_reported_not_just_the_first():
    text = "A {~only}\n\nB {#x}\n\nC {\n\nD {=ok}\n\n[foo]E{}\n\n}"

    assert problem_lines(text) == [1, 3, 5, 9, 11]


def test_error_message_lists_each_problem_with_its_line():
    error = GiftError([(3, "second"), (1, "first")])

    assert str(error) == "line 1: first\nline 3: second"
    assert error.problems == [(1, "first"), (3, "second")]
    assert isinstance(error, ValueError)


# --- JSON shape ------------------------------------------------------------------------------


def test_to_dict_has_common_keys_and_answers_for_choice_questions():
    data = only("// [id:Q1]\n// [tag:t]\n::T::Q {=a#yes ~b}").to_dict()

    assert data == {
        "id": "Q1",
        "title": "T",
        "category": None,
        "type": "multichoice",
        "format": "moodle",
        "text": "Q",
        "tags": ["t"],
        "general_feedback": "",
        "answers": [
            {"text": "a", "fraction": 1.0, "feedback": "yes"},
            {"text": "b", "fraction": 0.0, "feedback": ""},
        ],
    }


@pytest.mark.parametrize(
    ("text", "extra"),
    [
        ("Q{T#no#yes}", {"correct": True, "feedback_true": "yes", "feedback_false": "no"}),
        (
            "Q{#2:1~#other}",
            {
                "numerical": [
                    {"value": 2.0, "tolerance": 1.0, "fraction": 1.0, "feedback": ""},
                    {"value": None, "tolerance": 0.0, "fraction": 0.0, "feedback": "other"},
                ]
            },
        ),
        ("Q{=a -> b =c -> d = -> e}", {"pairs": [["a", "b"], ["c", "d"], ["", "e"]]}),
        ("Q{}", {}),
        ("Q", {}),
    ],
)
def test_to_dict_adds_only_the_keys_of_the_question_type(text, extra):
    data = only(text).to_dict()
    common = {"id", "title", "category", "type", "format", "text", "tags", "general_feedback"}

    assert set(data) == common | set(extra)
    assert {key: data[key] for key in extra} == extra
