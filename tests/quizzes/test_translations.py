"""Quizzes in Turkmen and Russian: one question across languages, marked as in English."""

from __future__ import annotations

from lms.content_check import check_content
from lms.core.extensions import db
from lms.quizzes.gift import parse_gift
from lms.quizzes.translation import translated_bank, translation_problems

TURKMEN = """// [id:T-INT-01]
::Saýlaw::Haýsysy dogry?{=Dogry#Berekella. ~Ýalňyş#Ýok. ~Bu hem ýalňyş#Ýok.}

// [id:T-INT-03]
::TF::Diňlemek möhümdir.{TRUE#Ýene bir gezek oýlanyň.#Hawa.}

// [id:T-INT-04]
::Gysga::Çemeleşmäni atlandyryň.{=güýçli*  =%50%serişde#Ýakyn.}
"""


def _english(root):
    return parse_gift((root / "foundational" / "01-intro" / "quiz.gift").read_text())


def test_a_translation_takes_the_words_and_keeps_ids_tags_and_weights(quiz_content):
    bank = translated_bank(tuple(_english(quiz_content)), parse_gift(TURKMEN))
    choice, many, truefalse, short = bank[0], bank[1], bank[2], bank[3]
    assert choice.id == "T-INT-01" and choice.tags == ("competency:ETH-1",)
    assert choice.text == "Haýsysy dogry?"
    assert [(a.text, a.fraction) for a in choice.answers] == [
        ("Dogry", 1.0),
        ("Ýalňyş", 0.0),
        ("Bu hem ýalňyş", 0.0),
    ]
    assert many.text == "Choose two."  # not translated: served in English
    assert (truefalse.text, truefalse.correct) == ("Diňlemek möhümdir.", True)
    assert [a.text for a in short.answers] == ["güýçli*", "serişde"]


def test_a_translation_that_would_mark_differently_is_refused_and_not_served(quiz_content):
    wrong = (
        TURKMEN.replace("{TRUE#", "{FALSE#")
        .replace("=Dogry#", "~Dogry#")
        .replace("~Ýalňyş#", "=Ýalňyş#")
    )
    wrong += "\n// [id:T-XX-99]\n::New::Täze?{TRUE}\n"
    problems = translation_problems(_english(quiz_content), parse_gift(wrong))
    messages = [str(message) for _line, message in problems]
    assert len(messages) == 3
    assert any("weights" in m for m in messages) and any("true/false" in m for m in messages)
    assert any("T-XX-99" in m and "not in the English" in m for m in messages)
    bank = translated_bank(tuple(_english(quiz_content)), parse_gift(wrong))
    assert bank[0].text == "Which is right?" and bank[2].text == "Listening matters."


def test_content_check_reports_a_translated_quiz_that_marks_differently(quiz_content):
    root = quiz_content
    quiz = root / "foundational" / "01-intro" / "quiz.tk.gift"
    quiz.write_text(TURKMEN.replace("{TRUE#", "{FALSE#"), encoding="utf-8")
    found = [p for p in check_content(root) if p.path == quiz and p.severity == "error"]
    assert [(p.line, p.severity) for p in found] == [(5, "error")]


def test_a_turkmen_reader_is_served_the_turkmen_quiz_and_marked_the_same(
    app, taker, people, quiz_content
):
    from lms.accounts.models import User

    (quiz_content / "foundational" / "01-intro" / "quiz.tk.gift").write_text(
        TURKMEN, encoding="utf-8"
    )
    with app.app_context():
        db.session.get(User, people["trainee"].id).language = "tk"
        db.session.commit()
    attempt_id = taker.start()
    attempt = taker.attempt(attempt_id)
    assert attempt.language == "tk"
    assert attempt.questions[0]["text"] == "Haýsysy dogry?"
    assert attempt.questions[1]["text"] == "Choose two."
    page = taker.client.get(f"/quiz/attempts/{attempt_id}").get_data(as_text=True)
    assert "Haýsysy dogry?" in page
    taker.answer_everything_right(attempt_id, essay=False)
    assert taker.submit(attempt_id, 4).status_code == 302
    marked = taker.attempt(attempt_id)
    assert [r.mark for r in marked.responses[:3]] == [1.0, 1.0, 1.0]
    assert [r.question_id for r in marked.responses[:2]] == ["T-INT-01", "T-INT-02"]


def test_a_reader_whose_language_has_no_translated_quiz_gets_english(app, taker, people):
    from lms.accounts.models import User

    with app.app_context():
        db.session.get(User, people["trainee"].id).language = "ru"
        db.session.commit()
    attempt = taker.attempt(taker.start())
    assert attempt.language == "en" and attempt.questions[0]["text"] == "Which is right?"
