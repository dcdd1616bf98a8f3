"""Four trainers grading the same essay at the same moment, on each database: one mark is
given and audited once; the others are told the answer was marked meanwhile (or, when their
turn comes after the commit, that it is already marked); nothing escapes as an error."""

from races import audit_count, race

from lms.accounts.users import NewUser, create_user
from lms.core.extensions import db
from lms.quizzes.marking import MarkError, NewMark, set_mark
from lms.quizzes.models import QuizAttempt

N = 4
ESSAY = 6
MEANWHILE = "Someone else marked this answer meanwhile; reload to see their mark."
ALREADY = "This answer has already been marked (0.5); give a reason to change it."


def test_racing_graders_mark_the_essay_once(real_quiz):
    app, (taker, *_) = real_quiz
    attempt_id = taker.start()
    taker.answer_everything_right(attempt_id)
    essay = {"q6": "I listen first, then plan with the family."}
    assert taker.submit(attempt_id, 4, essay).status_code == 302
    with app.app_context():
        trainer = create_user(
            NewUser("merdan", "Merdan", "long enough pw", ("trainer",)), actor_id=None
        )
        db.session.commit()
        trainer_id = trainer.id
    outcome = race(
        app,
        N,
        lambda: db.session.get(QuizAttempt, attempt_id),
        lambda attempt: set_mark(attempt, ESSAY, NewMark(0.5), actor_id=trainer_id),
        MarkError,
    )
    assert outcome.errors == []
    assert len(outcome.successes) == 1
    assert len(outcome.refusals) == N - 1
    assert set(outcome.refusals) <= {MEANWHILE, ALREADY}, outcome.refusals
    assert audit_count(app, "quiz.essay_graded", attempt_id) == 1
    with app.app_context():
        attempt = db.session.get(QuizAttempt, attempt_id)
        assert attempt.state == "graded" and attempt.marks == 6.5
        try:
            set_mark(attempt, ESSAY, NewMark(0.5), actor_id=trainer_id)
        except MarkError as refusal:
            assert str(refusal) == ALREADY
        else:
            raise AssertionError("a second grading was accepted")
