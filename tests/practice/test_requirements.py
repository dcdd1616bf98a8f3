"""What counts toward the practice requirements, and what the competency profile reads."""

import pytest
from practice.world import approved, log_entry, practice_world, submitted

from lms.core.extensions import db
from lms.practice.requirements import practice_summary
from lms.practice.results import approved_minutes_by_competency
from lms.practice.sessions import SessionFields, record_session


@pytest.fixture
def world(factory):
    return practice_world(factory)


def _summary(app, world):
    with app.app_context():
        return practice_summary(world.trainee.id, "foundational")


def _session(app, world, offset: int, minutes: int):
    with app.app_context():
        record_session(
            world.supervisor,
            SessionFields(
                placement_ids=(world.placement.id,),
                day=world.day(offset),
                minutes=minutes,
                format="individual",
                mode="in_person",
            ),
        )
        db.session.commit()


def test_only_approved_direct_indirect_and_supervision_count(app, world):
    approved(world, offset=1, start="09:00", minutes=120)  # direct
    approved(world, offset=1, start="12:00", minutes=60, category="documentation")  # indirect
    approved(world, offset=1, start="08:00", minutes=45, category="travel")  # never counted
    submitted(world, offset=2, minutes=240)  # not yet approved
    log_entry(world, offset=3, minutes=240)  # draft
    summary = _summary(app, world)
    assert (summary.direct_minutes, summary.indirect_minutes, summary.supervision_minutes) == (
        120,
        60,
        0,
    )
    assert summary.counted_hours == 3.0
    assert summary.direct_share == pytest.approx(2 / 3)


def test_supervision_counts_once_per_day(app, world):
    _session(app, world, offset=4, minutes=60)
    approved(world, offset=4, start="14:00", minutes=90, category="supervision-individual")
    _session(app, world, offset=5, minutes=60)
    approved(world, offset=6, start="14:00", minutes=30, category="supervision-group")
    summary = _summary(app, world)
    # day 4: max(90 logged, 60 recorded); day 5: 60 recorded; day 6: 30 logged
    assert summary.supervision_minutes == 90 + 60 + 30


def test_requirements_are_met_or_not_with_have_and_need(app, world):
    approved(world, offset=1, start=None, minutes=600)
    approved(world, offset=2, start=None, minutes=600, category="documentation")
    summary = _summary(app, world)
    weeks = summary.placement_weeks
    assert weeks == 9  # a placement of 61 days
    total = summary.requirement("total_hours")
    assert (total.have, total.need, total.met) == (20.0, 240, False)
    share = summary.requirement("direct_share")
    assert (share.have, share.need, share.met) == (0.5, 0.5, True)
    supervision = summary.requirement("supervision_hours")
    assert (supervision.have, supervision.need, supervision.met) == (0, 9, False)
    assert not summary.met


def test_another_programmes_placement_does_not_count(app, world, factory):
    from practice.world import make_placement

    advanced = factory.cohort("ADV-P", programme="advanced", trainees=[world.trainee])
    other = make_placement(app, world.trainee, world.supervisor, advanced, actor=world.admin)
    approved(world, offset=1, minutes=60, placement_id=other.id)
    assert _summary(app, world).counted_minutes == 0
    with app.app_context():
        assert practice_summary(world.trainee.id, "advanced").direct_minutes == 60


def test_a_trainee_without_placements_has_an_empty_summary(app, factory):
    trainee = factory.user("nobody", "trainee")
    with app.app_context():
        summary = practice_summary(trainee.id, "foundational")
    assert summary.counted_minutes == 0 and summary.placement_weeks == 0
    assert not summary.requirement("total_hours").met


def test_minutes_by_competency_follow_approved_current_entries(app, world):
    approved(world, offset=1, minutes=60, competencies=("ASM-1", "COM-2"))
    approved(world, offset=2, minutes=30, competencies=("COM-2",))
    approved(world, offset=3, minutes=45, category="travel", competencies=("COM-2",))
    submitted(world, offset=4, minutes=120, competencies=("ASM-1",))
    with app.app_context():
        assert approved_minutes_by_competency(world.trainee.id) == {"ASM-1": 60, "COM-2": 90}
