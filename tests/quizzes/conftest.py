"""Quiz fixtures: a small content tree whose quiz has every question type, and a quiz driver.

The tree's programme is called "foundational" (cohorts only take the three real programmes);
its module "intro" serves every question in file order without shuffling, so tests know where
each question is: 2 per page.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from content_tree import FRAMEWORK, use_content
from flask_migrate import upgrade
from sqlalchemy import select
from support import csrf_token, dispose, login, make_app_for

from lms.core.extensions import db

PROGRAMME = """---
code: foundational
title: {en: Foundations}
order: 1
framework: T-FW
prerequisites: []
---
Welcome.
"""

MODULE = """---
title: {{en: {title}}}
minutes: 30
competencies: [ETH-1]
prerequisites: {prerequisites}
quiz: {quiz}
---
Overview.
"""

LESSON = """---
title: {title}
minutes: 10
---
# {title}

Text.
"""

INTRO_QUIZ = """// [id:T-INT-01]
// [tag:competency:ETH-1]
::Choice::Which is right?{=Right#Well done. ~Wrong#No. ~Also wrong#No.}

// [id:T-INT-02]
// [tag:competency:COM-1]
::Many::Choose two.{~%50%First#Yes ~%50%Second#Yes ~%-100%Bad#No}

// [id:T-INT-03]
// [tag:competency:ETH-1]
::TF::Listening matters.{TRUE#Think again.#Yes.}

// [id:T-INT-04]
// [tag:competency:COM-1]
::Short::Name the approach.{=strength* =%50%assets#Close.}

// [id:T-INT-05]
// [tag:competency:ETH-1]
::Number::How many days in a week?{#=7:0 =%50%6..8}

// [id:T-INT-06]
// [tag:competency:COM-1]
::Match::Match them.{=Cat -> Meow =Dog -> Woof =Cow -> Moo = -> Quack}

// [id:T-INT-07]
// [tag:competency:ETH-1]
::Essay::Describe your practice.{}
"""

LATER_QUIZ = """// [id:T-LAT-01]
// [tag:competency:ETH-1]
::Q1::Is listening important?{TRUE}
"""

CONCURRENT_CLIENTS = 6

INTRO_SETTINGS = (
    "{pass_mark: 60, attempts: 2, time_limit_minutes: 10, shuffle_answers: false, "
    "review: {after_submit: [marks], after_close: [marks, feedback, right_answers]}}"
)

# Right answers of the intro quiz, by form field.
RIGHT = {
    "q0": "0",
    "q1": ["0", "1"],
    "q2": "true",
    "q3": "Strengths perspective",
    "q4": "7",
    "q5-0": None,  # matching: filled from the snapshot's shuffled choices
    "q6": "I listen first, then plan with the family.",
}


def write_quiz_content(root: Path) -> Path:
    (root / "frameworks").mkdir(parents=True)
    (root / "frameworks" / "T-FW.yaml").write_text(FRAMEWORK, encoding="utf-8")
    programme = root / "foundational"
    programme.mkdir()
    (programme / "programme.md").write_text(PROGRAMME, encoding="utf-8")
    modules = (
        (1, "intro", "[]", INTRO_SETTINGS, INTRO_QUIZ),
        (2, "later", "[intro]", "{pass_mark: 50}", LATER_QUIZ),
    )
    for number, slug, prerequisites, settings, quiz in modules:
        module = programme / f"0{number}-{slug}"
        module.mkdir()
        text = MODULE.format(title=slug.title(), prerequisites=prerequisites, quiz=settings)
        (module / "module.md").write_text(text, encoding="utf-8")
        (module / "01-hello.md").write_text(LESSON.format(title=f"{slug} 1"), encoding="utf-8")
        (module / "quiz.gift").write_text(quiz, encoding="utf-8")
    return root


@pytest.fixture
def quiz_content(app, tmp_path):
    restore = use_content(app, write_quiz_content(tmp_path / "content"))
    yield tmp_path / "content"
    restore()


class QuizDriver:
    """Drives a logged-in client through the intro quiz of the test content."""

    START = "/learn/foundational/intro/quiz"

    def __init__(self, app, client):
        self.app = app
        self.client = client

    def start(self, quiz: str = START) -> int:
        response = self.client.post(
            quiz + "/start", data={"csrf_token": csrf_token(self.client, quiz)}
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        match = re.search(r"/quiz/attempts/(\d+)$", response.location)
        assert match, response.location
        return int(match.group(1))

    def token(self, attempt_id: int) -> str:
        return csrf_token(self.client, f"/quiz/attempts/{attempt_id}")

    def save(self, attempt_id: int, page: int, answers: dict, go: int | None = None, token=None):
        data = {"csrf_token": token or self.token(attempt_id), "page": str(page), **answers}
        if go is not None:
            data["go"] = str(go)
        return self.client.post(f"/quiz/attempts/{attempt_id}", data=data)

    def submit(self, attempt_id: int, page: int, answers: dict | None = None, token=None):
        data = {"csrf_token": token or self.token(attempt_id), "page": str(page), **(answers or {})}
        return self.client.post(f"/quiz/attempts/{attempt_id}/submit", data=data)

    def attempt(self, attempt_id: int):
        from lms.quizzes.models import QuizAttempt

        with self.app.app_context():
            db.session.expire_all()
            return db.session.get(QuizAttempt, attempt_id)

    def right_matching(self, attempt_id: int) -> dict:
        """The form fields that match every stem of the matching question right."""
        question = self.attempt(attempt_id).questions[5]
        stems = [(left, right) for left, right in question["pairs"] if left]
        return {
            f"q5-{k}": str(question["choices"].index(right)) for k, (_l, right) in enumerate(stems)
        }

    def answer_everything_right(self, attempt_id: int, essay: bool = True) -> None:
        pages = [
            {"q0": RIGHT["q0"], "q1": RIGHT["q1"]},
            {"q2": RIGHT["q2"], "q3": RIGHT["q3"]},
            {"q4": RIGHT["q4"], **self.right_matching(attempt_id)},
        ]
        for number, answers in enumerate(pages, start=1):
            assert self.save(attempt_id, number, answers, go=number + 1).status_code == 302
        if essay:
            assert self.save(attempt_id, 4, {"q6": RIGHT["q6"]}).status_code == 302


@pytest.fixture
def people(factory):
    trainee = factory.user("ayna", "trainee", full_name="Aýna Meredowa")
    trainer = factory.user("merdan", "trainer", full_name="Merdan Annaýew")
    cohort = factory.cohort("FND-Q", trainers=[trainer], trainees=[trainee])
    return {"trainee": trainee, "trainer": trainer, "cohort": cohort}


@pytest.fixture
def taker(app, client, people, quiz_content):
    login(client, "ayna")
    return QuizDriver(app, client)


@pytest.fixture
def trainer(app, people):
    """A client logged in as the trainer of the test cohort."""
    client = app.test_client()
    login(client, "merdan")
    return client


@pytest.fixture
def audited(app):
    """The audit events of one action, oldest first."""
    from lms.core.audit import AuditEvent

    def events(action: str):
        with app.app_context():
            query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            return list(db.session.scalars(query))

    return events


@pytest.fixture
def real_quiz(empty_database, tmp_path):
    """An app on a fresh database of each backend, with the test quiz and logged-in clients."""
    from lms.accounts.cohorts import CohortFields, create_cohort, set_cohort_people
    from lms.accounts.users import NewUser, create_user
    from lms.courses.programmes import programme_codes

    app = make_app_for(empty_database)
    app.config["CONTENT_DIR"] = write_quiz_content(tmp_path / "content")
    with app.app_context():
        upgrade()
        trainee = create_user(
            NewUser("ayna", "Aýna Meredowa", "correct horse battery", ("trainee",)), actor_id=None
        )
        cohort = create_cohort(
            CohortFields("FND-C", "Cohort", "foundational", date(2026, 9, 1), date(2026, 12, 1)),
            programmes=programme_codes(),
            actor_id=None,
        )
        set_cohort_people(cohort, trainer_ids=[], trainee_ids=[trainee.id], actor_id=None)
        db.session.commit()
    drivers = []
    for _ in range(CONCURRENT_CLIENTS):
        client = app.test_client()
        login(client, "ayna")
        drivers.append(QuizDriver(app, client))
    yield app, drivers
    dispose(app)


@pytest.fixture
def finish_attempt(app, quiz_content):
    """Take the intro quiz through the services: answers by position, then submit."""
    from lms.courses.content import catalogue
    from lms.quizzes.attempts import QuizKey, start_attempt, submit_attempt
    from lms.quizzes.bank import question_bank

    def finish(user, answers: dict, module: str = "intro"):
        with app.app_context():
            place = catalogue().programme("foundational").module(module)
            key = QuizKey("foundational", module)
            attempt = start_attempt(user.id, key, place.quiz, question_bank(place))
            submit_attempt(attempt, answers)
            db.session.commit()
            return attempt

    return finish
