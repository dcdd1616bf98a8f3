"""Quiz attempts for the demo: passed, failed, in progress and essays waiting for a trainer.

Called once from ``lms.demo.assemble.build_demo``; idempotent (a quiz the demo trainee has
attempted is left alone). Attempts go through the same services as the web pages, dated in the past.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from lms.accounts.models import User
from lms.core.database import utcnow
from lms.courses.content import catalogue
from lms.quizzes.attempts import (
    QuizKey,
    save_answers,
    start_attempt,
    submit_attempt,
)
from lms.quizzes.bank import question_bank, snapshot_for
from lms.quizzes.grading import stems
from lms.quizzes.models import QuizAttempt

ESSAYS = {
    "ADV-CHP-13": {
        "jeren": (
            "(1) Indicators: Gülälek often arrives hungry, she has a burn on her arm with an "
            "explanation that may or may not fit, and she cries when her stepfather collects her. "
            "Each alone could be innocent; together they are a reason for concern. I would need to "
            "know how and when the burn happened, whether a doctor saw it, who cooks and who looks "
            "after her in the evening, how the stepfather treats her, and whether the mother feels "
            "safe herself. (2) In the first 24 hours I talk with the kindergarten teacher, then "
            "visit the family with my supervisor's agreement, see Gülälek and talk with her in a "
            "way that suits a six-year-old, and ask the etrap health house to examine the burn. If "
            "she is in immediate danger I follow the child protection procedure and inform the "
            "guardianship body the same day. I write down what I saw and heard, not my opinions. "
            "(3) Health house: the burn and her nutrition. Kindergarten: attendance and how she "
            "seems each day. Guardianship body: the concern and my plan. Each gets only the "
            "information it needs to protect her."
        ),
        "aygul": (
            "Hunger, the burn and her fear of the stepfather are warning signs that I must take "
            "seriously even if the mother's explanation is true. I would want to know who cares "
            "for Gülälek after kindergarten, whether the burn was treated, and whether there is "
            "violence at home, also towards the mother. On the first day I would speak with the "
            "teacher, tell my supervisor, and visit the family together with a colleague. I would "
            "talk to Gülälek alone in a calm way, ask the nurse of the health house to look at the "
            "burn, and if she is not safe at home, act at once with the guardianship body. I would "
            "involve the health house, the kindergarten and the guardianship body, and share only "
            "what each of them needs to keep her safe, explaining to the mother what I share and "
            "why, unless that would put the child at more risk."
        ),
    },
}
ESSAY_FALLBACK = (
    "I would first listen to the family and find out how they see the situation, then assess "
    "needs, strengths and risks with them, agree a plan and review it together."
)


@dataclass(frozen=True)
class Plan:
    username: str
    programme: str
    module: str
    wrong: tuple[int, ...]  # how many objective questions each attempt gets wrong, in order
    days_ago: int
    finish_last: bool = True  # False: the last attempt stays in progress
    with_essay: bool = False


PLANS = (
    Plan("trainee", "foundational", "what-is-social-work", (1,), 6),
    Plan("trainee", "foundational", "ethics", (0,), 0, finish_last=False),
    Plan("aygul", "foundational", "what-is-social-work", (1,), 40),
    Plan("aygul", "foundational", "ethics", (4, 1), 34),
    Plan("aygul", "foundational", "communication", (1,), 30),
    Plan("aygul", "foundational", "needs-assessment", (2,), 26),
    Plan("aygul", "foundational", "case-management", (0,), 22),
    Plan("aygul", "foundational", "children-and-families", (1,), 18),
    Plan("aygul", "foundational", "disability-inclusion", (2,), 14),
    Plan("aygul", "foundational", "self-care-and-supervision", (1,), 10),
    Plan("aygul", "foundational", "group-work-and-basic-counselling", (1,), 8),
    Plan("aygul", "foundational", "benefits-and-entitlements", (1,), 8),
    Plan("aygul", "foundational", "outreach-and-finding-families", (2,), 7),
    # A foundational trainee who has moved on to the advanced module: no foundational quiz has
    # an essay, so this one gives the demo trainer ("trainer") an essay to grade.
    Plan("aygul", "advanced", "child-protection", (1,), 2, with_essay=True),
    Plan("jeren", "advanced", "child-protection", (2,), 3, with_essay=True),
    Plan("shirin", "advanced", "child-protection", (3,), 5),
    Plan("maysa", "foundational", "what-is-social-work", (2,), 12),
    Plan("annageldi", "foundational", "what-is-social-work", (1,), 15),
    Plan("dowlet", "foundational", "what-is-social-work", (4,), 9),
    Plan("nury", "foundational", "what-is-social-work", (3, 1), 11),
    Plan("gulshat", "foundational", "what-is-social-work", (5,), 4),
)


def _right(question: dict) -> Any:
    kind = question["type"]
    if kind == "multichoice":
        fractions = [a["fraction"] for a in question["answers"]]
        return fractions.index(max(fractions))
    if kind == "multiresponse":
        return [i for i, a in enumerate(question["answers"]) if a["fraction"] > 0]
    if kind == "truefalse":
        return question["correct"]
    if kind == "shortanswer":
        return max(question["answers"], key=lambda a: a["fraction"])["text"].replace("*", "")
    if kind == "numerical":
        return f"{next(a['value'] for a in question['numerical'] if a['value'] is not None):g}"
    if kind == "matching":
        return [question["choices"].index(right) for _left, right in stems(question)]
    return None


def _wrong(question: dict, rng: random.Random) -> Any:
    kind = question["type"]
    if kind in ("multichoice", "multiresponse"):
        wrong = [i for i, a in enumerate(question["answers"]) if a["fraction"] <= 0]
        choice = rng.choice(wrong)
        return choice if kind == "multichoice" else sorted({choice, *_right(question)[:1]})
    if kind == "truefalse":
        return not question["correct"]
    if kind == "matching":
        right = _right(question)
        return right[1:] + right[:1]
    return "not sure"


def _answers(snapshot: list[dict], wrong: int, username: str, rng: random.Random) -> dict:
    objective = [i for i, q in enumerate(snapshot) if q["type"] not in ("essay", "description")]
    missed = set(rng.sample(objective, min(wrong, len(objective))))
    answers = {}
    for position, question in enumerate(snapshot):
        if question["type"] == "essay":
            answers[position] = ESSAYS.get(question["id"], {}).get(username, ESSAY_FALLBACK)
        elif question["type"] != "description":
            answers[position] = _wrong(question, rng) if position in missed else _right(question)
    return answers


def _seed_with_essay(bank, settings, seed: int) -> int:
    """A seed whose draw serves the quiz's essay question (the demo needs one to grade)."""
    while not any(q["type"] == "essay" for q in snapshot_for(bank, settings, random.Random(seed))):
        seed += 1
    return seed


def _take(user: User, plan: Plan) -> None:
    module = catalogue().programme(plan.programme).module(plan.module)
    bank, settings = question_bank(module), module.quiz
    for number, wrong in enumerate(plan.wrong, start=1):
        seed = zlib.crc32(f"{plan.username}/{plan.module}/{number}".encode())
        if plan.with_essay:
            seed = _seed_with_essay(bank, settings, seed)
        started = utcnow() - timedelta(days=plan.days_ago - number + 1, hours=3)
        if not plan.finish_last and number == len(plan.wrong):
            started = utcnow() - timedelta(minutes=4)
        key = QuizKey(plan.programme, plan.module)
        attempt = start_attempt(user.id, key, settings, bank, now=started, rng=random.Random(seed))
        answers = _answers(attempt.questions, wrong, plan.username, random.Random(seed))
        if not plan.finish_last and number == len(plan.wrong):
            first_page = {p: a for p, a in answers.items() if p < 2}
            save_answers(attempt, first_page, now=started + timedelta(minutes=3))
        else:
            # The essays name the case study's fictional child (Gülälek, from the question):
            # the demo trainee confirms, as a real one would, that it identifies nobody.
            finished = started + timedelta(minutes=11 + wrong)
            submit_attempt(attempt, answers, now=finished, privacy_confirmed=True)


def build_quiz_demo(users: dict[str, User]) -> None:
    """Add the demo's quiz attempts that are missing (services flush; the caller commits)."""
    from lms.core.extensions import db

    started = set(
        db.session.execute(select(QuizAttempt.user_id, QuizAttempt.programme, QuizAttempt.module))
    )
    for plan in PLANS:
        user = users.get(plan.username)
        if user is not None and (user.id, plan.programme, plan.module) not in started:
            _take(user, plan)
