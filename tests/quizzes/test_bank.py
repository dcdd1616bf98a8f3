"""Drawing questions per attempt: proportionally by category, at random; snapshots as served."""

import random
from collections import Counter

from sqlalchemy import func, select
from support import csrf_token

from lms.core.extensions import db
from lms.courses.catalogue import QuizSettings
from lms.quizzes.bank import draw, served, snapshot_for
from lms.quizzes.gift import parse_gift
from lms.quizzes.models import QuizAttempt


def _bank(sizes: dict[str, int], description: bool = False) -> list:
    lines = []
    for category, size in sizes.items():
        lines.append(f"$CATEGORY: {category}\n")
        if description:
            lines.append(f"Read this about {category}.\n")
        lines += [f"// [id:{category}-{n}]\n::{category} {n}::Q{{T}}\n" for n in range(size)]
    return parse_gift("\n".join(lines))


def test_draws_every_question_when_no_count_is_set():
    bank = _bank({"a": 3, "b": 2})
    assert draw(bank, None, random.Random(1)) == bank
    assert draw(bank, 10, random.Random(1)) == bank


def test_draws_from_each_category_in_proportion():
    bank = _bank({"ethics": 6, "skills": 3, "law": 3})
    for seed in range(20):
        drawn = draw(bank, 4, random.Random(seed))
        assert Counter(q.category for q in drawn) == {"ethics": 2, "skills": 1, "law": 1}
        assert drawn == sorted(drawn, key=bank.index)  # in file order


def test_the_remainder_goes_to_the_largest_shares():
    bank = _bank({"a": 5, "b": 3, "c": 2})
    counts = Counter(q.category for q in draw(bank, 5, random.Random(3)))
    assert counts == {"a": 3, "b": 1, "c": 1} or counts == {"a": 2, "b": 2, "c": 1}
    assert sum(counts.values()) == 5


def test_draws_at_random():
    bank = _bank({"a": 10})
    draws = {tuple(q.id for q in draw(bank, 3, random.Random(seed))) for seed in range(10)}
    assert len(draws) > 5


def test_descriptions_are_always_shown_and_not_counted():
    bank = _bank({"a": 4, "b": 4}, description=True)
    drawn = draw(bank, 2, random.Random(0))
    assert sum(q.type == "description" for q in drawn) == 2
    assert sum(q.type != "description" for q in drawn) == 2


def test_a_served_question_keeps_the_shuffled_order_and_its_worth():
    (question,) = parse_gift("Q{=a ~b ~c ~d ~e ~f}")
    orders = {
        tuple(a["text"] for a in served(question, True, random.Random(s))["answers"])
        for s in range(8)
    }
    assert len(orders) > 1
    kept = served(question, False, random.Random(0))
    assert [a["text"] for a in kept["answers"]] == list("abcdef") and kept["mark"] == 1.0


def test_matching_choices_are_shuffled_and_unique():
    (question,) = parse_gift("Q{=a -> x =b -> y =c -> x = -> z}")
    choices = served(question, False, random.Random(0))["choices"]
    assert sorted(choices) == ["x", "y", "z"]


def test_snapshot_follows_the_settings():
    bank = _bank({"a": 6})
    snapshot = snapshot_for(bank, QuizSettings(questions=3), random.Random(0))
    assert len(snapshot) == 3 and all(q["type"] == "truefalse" for q in snapshot)


def test_a_broken_quiz_file_cannot_be_started_and_says_so(app, taker, quiz_content):
    (quiz_content / "foundational/01-intro/quiz.gift").write_text("Q{=a", encoding="utf-8")
    quiz = "/learn/foundational/intro/quiz"
    response = taker.client.post(
        quiz + "/start", data={"csrf_token": csrf_token(taker.client, quiz)}
    )
    assert response.location == quiz
    assert "cannot be taken at the moment" in taker.client.get(quiz).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 0
