"""The demo's quiz attempts: on the real curricula, through the real services, idempotent."""

from sqlalchemy import func, select
from support import login

from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.quizzes.demo import build_quiz_demo
from lms.quizzes.models import QuizAttempt
from lms.quizzes.results import best_results


def _demo_people(factory):
    users = {name: factory.user(name, "trainee") for name in ("trainee", "aygul", "jeren")}
    users["trainer"] = factory.user("trainer", "trainer")
    users["trainer2"] = factory.user("trainer2", "trainer")
    factory.cohort(
        "FND-D", trainers=[users["trainer"]], trainees=[users["trainee"], users["aygul"]]
    )
    factory.cohort(
        "ADV-D", programme="advanced", trainers=[users["trainer2"]], trainees=[users["jeren"]]
    )
    return users


def test_demo_attempts_show_every_stage_and_are_made_once(app, factory):
    users = _demo_people(factory)
    with app.app_context():
        build_quiz_demo(users)
        db.session.commit()
        count = db.session.scalar(select(func.count()).select_from(QuizAttempt))
        build_quiz_demo(users)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == count
        trainee = best_results(users["trainee"].id, "foundational")
        aygul = best_results(users["aygul"].id, "foundational")
        modules = [m.slug for m in catalogue().programme("foundational").modules]
        in_progress = db.session.scalars(
            select(QuizAttempt.module).where(
                QuizAttempt.user_id == users["trainee"].id, QuizAttempt.state == "in_progress"
            )
        ).all()
    assert trainee["what-is-social-work"].passed and in_progress == ["ethics"]
    assert sorted(aygul) == sorted(modules) and all(r.passed for r in aygul.values())


def test_each_demo_trainer_has_an_essay_to_grade(app, factory):
    users = _demo_people(factory)
    with app.app_context():
        build_quiz_demo(users)
        db.session.commit()
    for trainer, trainee in (("trainer", "Aygul"), ("trainer2", "Jeren")):
        client = app.test_client()
        login(client, trainer)
        html = client.get("/quiz/grading").get_data(as_text=True)
        assert trainee in html and "Case analysis - Gülälek" in html
