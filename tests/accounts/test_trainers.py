"""Who trains this cohort: one definition (lms.accounts.trainers), the same answer everywhere.

Before, some places took a listing among a cohort's trainers as enough and others also wanted
the trainer role. Agreed: both, so that taking the role away ends the access at once.
"""

from lms.accounts.cohorts import can_see_trainee, cohort_for, cohorts_visible_to
from lms.accounts.models import Cohort, User
from lms.accounts.trainers import (
    cohorts_trained_by,
    trainees_trained_by,
    trains_cohort,
    trains_trainee,
)
from lms.accounts.users import set_roles
from lms.core.extensions import db
from lms.quizzes.statistics import visible_trainees


def _world(factory):
    trainer, other = factory.user("trainer1", "trainer"), factory.user("trainer2", "trainer")
    own, foreign = factory.user("aygul", "trainee"), factory.user("bagul", "trainee")
    mine = factory.cohort("FND-A", trainers=[trainer], trainees=[own])
    theirs = factory.cohort("FND-B", trainers=[other], trainees=[foreign])
    return trainer, own, foreign, mine, theirs


def _ids(query) -> set[int]:
    return set(db.session.scalars(query))


def _everything_agrees(user, own, foreign, mine, theirs, *, trains: bool) -> None:
    assert trains_cohort(user, mine) is trains
    assert not trains_cohort(user, theirs)
    assert _ids(cohorts_trained_by(user)) == ({mine.id} if trains else set())
    assert _ids(trainees_trained_by(user)) == ({own.id} if trains else set())
    assert trains_trainee(user, own.id) is trains
    assert not trains_trainee(user, foreign.id)
    # The callers: cohort pages, trainee pages, cohort lists, quiz statistics.
    assert (cohort_for(user, mine.id) is not None) is trains
    assert cohort_for(user, theirs.id) is None
    assert can_see_trainee(user, own.id) is trains
    assert not can_see_trainee(user, foreign.id)
    assert [c.id for c in cohorts_visible_to(user)] == ([mine.id] if trains else [])
    assert _ids(visible_trainees(user)) == ({own.id} if trains else set())


def test_a_trainer_trains_their_cohorts_and_no_other(app, factory):
    trainer, own, foreign, mine, theirs = _world(factory)
    with app.app_context():
        user = db.session.get(User, trainer.id)
        _everything_agrees(user, own, foreign, mine, theirs, trains=True)


def test_without_the_trainer_role_a_listed_trainer_trains_nobody(app, factory):
    trainer, own, foreign, mine, theirs = _world(factory)
    with app.app_context():
        user = db.session.get(User, trainer.id)
        set_roles(user, ["trainee"], actor_id=None)
        db.session.commit()
        # Still listed among the cohort's trainers: the history stays, the access goes.
        assert trainer.id in [t.id for t in db.session.get(Cohort, mine.id).trainers]
        _everything_agrees(user, own, foreign, mine, theirs, trains=False)


def test_admins_see_everything_but_train_nobody(app, factory):
    _trainer, own, foreign, mine, theirs = _world(factory)
    boss = factory.user("boss", "admin")
    with app.app_context():
        admin = db.session.get(User, boss.id)
        assert not trains_cohort(admin, mine) and not trains_trainee(admin, own.id)
        assert cohort_for(admin, theirs.id) is not None and can_see_trainee(admin, foreign.id)
        assert visible_trainees(admin) is None
