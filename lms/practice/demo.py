"""Demo practice records: placements for the demo cohorts, entries in every state, supervision
sessions and a completed field evaluation. Made through the services (so every rule holds and
the audit log shows the approvals), idempotent, and never dated in the future."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from lms.accounts.models import Cohort, User
from lms.core.database import local_today
from lms.core.extensions import db
from lms.practice.entries import (
    EntryFields,
    amend_entry,
    create_entry,
    update_entry,
)
from lms.practice.evaluations import acknowledge_evaluation, save_evaluation
from lms.practice.models import Placement
from lms.practice.placements import PlacementFields, create_placement
from lms.practice.programme import programme_competencies
from lms.practice.sessions import SessionFields, acknowledge_session, record_session
from lms.practice.signoff import approve_entries, return_entries, submit_entries

REFERRAL_DETAIL = "The referral went to the home-care service of the social protection department."
LONGER = "(Corrected: it lasted longer than first logged.)"
AGENCIES = (
    "Etrap social protection department",
    "Etrap children's polyclinic",
    "Secondary school No. 3 (school social work)",
    "Day centre for children with disabilities",
    "Etrap hospital, social work office",
)
FND_PLACEMENT = (date(2026, 10, 5), date(2026, 12, 4))
ADV_PLACEMENT = (date(2026, 4, 6), date(2026, 6, 26))

# (day offset from the placement start, start HH, start MM, minutes, category, client code,
#  target group, competencies, reflection)
TRAINEE_DAYS = [
    (0, 9, 0, 120, "needs-assessment", "F-014", "family", ("ASM-1", "COM-2"),
     "First assessment visit with the family. I used the ecomap to map their supports; the "
     "mother spoke more freely once the children were playing outside."),
    (0, 11, 30, 60, "documentation", None, None, ("CMG-3",),
     "Wrote up the assessment in the case file using the client code only."),
    (1, 8, 30, 45, "travel", None, None, (), "Travel to the village."),
    (1, 9, 15, 90, "home-visit", "F-014", "child", ("ASM-2", "POP-1"),
     "Home visit focused on the younger child's school attendance. No safety concerns seen."),
    (2, 14, 0, 60, "case-conference", "F-014", "family", ("CMG-1", "CMG-2"),
     "Case conference with the school and the polyclinic nurse; agreed who follows up what."),
    (3, 10, 0, 120, "counselling", "C-203", "older_person", ("COM-1", "COM-3"),
     "Supportive conversation with an older man caring for his wife. Practised reflective "
     "listening; he asked for information about home care."),
    (7, 9, 0, 90, "referral-advocacy", "C-203", "older_person", ("CMG-2",),
     "Referred the family to the etrap home-care service and followed up with the service."),
    (7, 13, 0, 60, "documentation", None, None, ("CMG-3",), "Updated the referral record."),
    (8, 10, 0, 120, "group-work", "G-01", "person_with_disability", ("COM-3", "ETH-4"),
     "Co-led a parents' group at the day centre on everyday inclusion at school."),
    (9, 9, 0, 180, "community-engagement", None, "family", ("CMG-4",),
     "Met the mahalla committee about a parents' support group for the next month."),
]  # fmt: skip


def _fields(placement: Placement, row) -> EntryFields:
    offset, hour, minute, minutes, category, code, group, competencies, text = row
    start = hour * 60 + minute
    return EntryFields(
        placement_id=placement.id,
        day=placement.starts_on + timedelta(days=offset),
        minutes=minutes,
        category=category,
        start_minute=start,
        end_minute=start + minutes,
        client_code=code,
        target_group=group,
        competencies=competencies,
        reflection=text,
    )


def _placement(trainee: User, cohort: Cohort, supervisor: User, dates, index: int) -> Placement:
    return create_placement(
        PlacementFields(
            trainee_id=trainee.id,
            cohort_id=cohort.id,
            region_id=trainee.region_id,
            agency=AGENCIES[index % len(AGENCIES)],
            supervisor_id=supervisor.id,
            starts_on=dates[0],
            ends_on=dates[1],
            required_hours=240,
        ),
        actor=supervisor,
    )


def _log(trainee: User, placement: Placement, rows) -> list:
    today = local_today()
    fields = [_fields(placement, row) for row in rows]
    return [create_entry(trainee, f) for f in fields if f.day <= today]


def _trainee_story(trainee: User, supervisor: User, placement: Placement) -> None:
    """Ýazgül's log: entries in every state, corrections, supervision and an evaluation."""
    entries = _log(trainee, placement, TRAINEE_DAYS)
    if len(entries) < len(TRAINEE_DAYS):
        return  # the demo is built before the placement's second week: keep it simple
    submit_entries(trainee, entries, confirmed=False)
    approve_entries(supervisor, [e.id for e in entries[:6]])
    return_entries(supervisor, [entries[6].id], "Please add which service you referred to.")
    update_entry(trainee, entries[6], _corrected(entries[6], reflection=REFERRAL_DETAIL))
    submit_entries(trainee, [entries[6]], confirmed=False)  # resubmitted, waiting
    return_entries(supervisor, [entries[7].id], "Is this the referral of C-203? Say so.")
    fixed = amend_entry(trainee, entries[3], _corrected(entries[3], minutes=105, reflection=LONGER))
    submit_entries(trainee, [fixed], confirmed=False)
    approve_entries(supervisor, [fixed.id])  # the original is now superseded
    pending_fix = amend_entry(
        trainee, entries[1], _corrected(entries[1], minutes=75, reflection=LONGER)
    )
    submit_entries(trainee, [pending_fix], confirmed=False)  # an amendment awaiting sign-off
    _log(trainee, placement, [(14, 9, 0, 60, "documentation", None, None, ("CMG-3",),
                               "Started the monthly summary; to finish tomorrow.")])  # fmt: skip
    today = local_today()
    if placement.covers(today):  # a draft of today, for the week view
        draft = EntryFields(placement.id, today, 60, "documentation", reflection="Notes (draft).")
        create_entry(trainee, draft)


def _corrected(entry, *, reflection: str, minutes: int | None = None) -> EntryFields:
    minutes = minutes or entry.minutes
    return EntryFields(
        placement_id=entry.placement_id,
        day=entry.day,
        minutes=minutes,
        category=entry.category,
        start_minute=entry.start_minute,
        end_minute=entry.start_minute + minutes,
        client_code=entry.client_code,
        target_group=entry.target_group,
        competencies=tuple(entry.competency_codes),
        reflection=f"{entry.reflection} {reflection}",
    )


def _supervision(trainee: User, peer: User, supervisor: User, placements: dict) -> None:
    start = placements[trainee.id].starts_on
    one = record_session(
        supervisor,
        SessionFields(
            placement_ids=(placements[trainee.id].id,),
            day=start + timedelta(days=4),
            minutes=60,
            format="individual",
            mode="in_person",
            topics=("cases", "learning_goals", "self_care"),
            case_codes=("F-014",),
            notes="Reviewed the first assessment. Learning goal: use the ecomap with every family.",
            actions=(("Complete the ecomap for F-014", start + timedelta(days=11)),),
        ),
    )
    acknowledge_session(trainee, one)
    record_session(
        supervisor,
        SessionFields(
            placement_ids=(placements[trainee.id].id, placements[peer.id].id),
            day=start + timedelta(days=11),
            minutes=90,
            format="group",
            mode="online",
            topics=("ethics", "safety"),
            notes="Group discussion of confidentiality when neighbours ask about a family.",
        ),
    )


def _evaluation(trainee: User, supervisor: User, placement: Placement) -> None:
    special = {"COM-1": 4, "ASM-1": 4, "ETH-2": 4, "CMG-4": 2, "POP-2": None, "PRO-2": None}
    codes = [c.code for c in programme_competencies(placement.programme)]
    evaluation = save_evaluation(
        supervisor,
        placement,
        "mid",
        {code: special.get(code, 3) for code in codes},
        strengths="Warm, respectful engagement with families; careful, anonymised records.",
        areas_to_develop="Plan visits with clearer goals; bring risk questions to supervision.",
    )
    acknowledge_evaluation(
        trainee,
        evaluation,
        "I agree with the ratings. I will prepare a short plan before each home visit.",
    )


def build_practice_demo(users: dict[str, User]) -> None:
    """Placements, entries, sessions and an evaluation for the demo cohorts (once)."""
    if db.session.scalar(select(Placement.id).limit(1)) is not None:
        return
    if local_today() < FND_PLACEMENT[0] + timedelta(days=14):
        return  # demo data is dated; before then it would lie in the future
    cohorts = {c.code: c for c in db.session.scalars(select(Cohort))}
    fnd, adv = cohorts["FND-2026-A"], cohorts["ADV-2026-A"]
    trainer, trainer2 = users["trainer"], users["trainer2"]
    placements = {
        t.id: _placement(t, fnd, trainer, FND_PLACEMENT, i) for i, t in enumerate(fnd.trainees)
    }
    placements |= {
        t.id: _placement(t, adv, trainer2, ADV_PLACEMENT, i) for i, t in enumerate(adv.trainees)
    }
    trainee = users["trainee"]
    _trainee_story(trainee, trainer, placements[trainee.id])
    _supervision(trainee, users["aygul"], trainer, placements)
    _evaluation(trainee, trainer, placements[trainee.id])
    _others(users, trainer, trainer2, placements, fnd, adv)
    db.session.flush()


def _others(users, trainer, trainer2, placements, fnd, adv) -> None:
    """A few days for everyone else: approved for the advanced cohort, waiting for the rest."""
    for cohort, supervisor in ((fnd, trainer), (adv, trainer2)):
        for trainee in cohort.trainees:
            if trainee.username == "trainee":
                continue
            entries = _log(trainee, placements[trainee.id], TRAINEE_DAYS[:4])
            submit_entries(trainee, entries, confirmed=False)
            if cohort is adv or trainee.username in ("aygul", "maysa"):
                approve_entries(supervisor, [e.id for e in entries])
