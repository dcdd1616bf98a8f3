"""Taking a trainee through a whole programme, through the same services people use: every lesson
read, every quiz passed, supervised practice logged and approved, an end-of-placement evaluation,
and (where the quizzes drawn gave no evidence) a trainer's status with a note.

Used by ``lms demo`` (trainees who hold or are ready for a certificate) and by the tests of
certificate eligibility. Services flush; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from lms.accounts.models import Cohort, Region, User
from lms.competencies.evidence import set_status, statuses
from lms.core.extensions import db
from lms.courses.catalogue import Programme
from lms.courses.content import catalogue
from lms.courses.progress import mark_done
from lms.practice.entries import EntryFields, create_entry
from lms.practice.evaluations import save_evaluation
from lms.practice.placements import PlacementFields, create_placement
from lms.practice.signoff import approve_entries, submit_entries
from lms.quizzes.demo import Plan, _take
from lms.quizzes.marking import NewMark, set_mark
from lms.quizzes.models import NEEDS_GRADING, QuizAttempt
from lms.quizzes.results import best_results

PLACEMENT_WEEKS = 8
# (category, start minute, minutes); the competencies practised are the programme's first ones.
DIRECT_DAY = ("home-visit", 9 * 60, 5 * 60)
INDIRECT_DAY = ("documentation", 14 * 60 + 30, 2 * 60)
SUPERVISION_WEEK = ("supervision-individual", 17 * 60, 150)
REFLECTION = "Assessed the family's needs together with them and agreed the next visit."


@dataclass(frozen=True)
class Completion:
    trainee: User
    supervisor: User
    cohort: Cohort
    ends_on: date  # the placement's last day (in the past)


def read_programme(trainee: User, programme: Programme) -> None:
    for module in programme.modules:
        for lesson in module.lessons:
            mark_done(trainee.id, programme, module, lesson)


def _mark_essays(trainee: User, programme: Programme, module_slug: str, marker: User) -> None:
    """The supervisor marks the essays of the attempt (full marks: the answer is a good one)."""
    attempts = db.session.scalars(
        select(QuizAttempt).where(
            QuizAttempt.user_id == trainee.id,
            QuizAttempt.programme == programme.code,
            QuizAttempt.module == module_slug,
            QuizAttempt.state == NEEDS_GRADING,
        )
    )
    for attempt in attempts:
        for position, question in enumerate(attempt.questions):
            response = attempt.response_at(position)
            if question["type"] == "essay" and response is not None and response.needs_grading:
                set_mark(
                    attempt,
                    position,
                    NewMark(mark=response.max_mark, comment="Clear, safe and well reasoned."),
                    actor_id=marker.id,
                )


def pass_quizzes(trainee: User, programme: Programme, marker: User) -> None:
    done = best_results(trainee.id, programme.code)
    for offset, module in enumerate(m for m in programme.modules if m.quiz is not None):
        if module.slug not in done:
            _take(trainee, Plan(trainee.username, programme.code, module.slug, (0,), 60 - offset))
            _mark_essays(trainee, programme, module.slug, marker)


def _entry(placement_id: int, day: date, spec, competencies: tuple[str, ...]) -> EntryFields:
    category, start, minutes = spec
    return EntryFields(
        placement_id=placement_id,
        day=day,
        minutes=minutes,
        category=category,
        start_minute=start,
        end_minute=start + minutes,
        client_code="F-001",
        target_group="family",
        competencies=competencies,
        reflection=REFLECTION,
    )


def log_practice(c: Completion, programme: Programme) -> None:
    """Eight weeks of approved practice: five direct and two indirect hours each weekday, and an
    two and a half hours of individual supervision each week (enough for every programme even
    when the trainee has another placement in the same programme)."""
    starts = c.ends_on - timedelta(weeks=PLACEMENT_WEEKS) + timedelta(days=1)
    region_id = c.trainee.region_id or db.session.scalar(
        select(Region.id).where(Region.code == "AS-BAG")
    )
    placement = create_placement(
        PlacementFields(
            trainee_id=c.trainee.id,
            cohort_id=c.cohort.id,
            region_id=region_id,
            agency="Etrap social protection department",
            supervisor_id=c.supervisor.id,
            starts_on=starts,
            ends_on=c.ends_on,
            required_hours=240,
        ),
        actor=c.supervisor,
    )
    hours_needed = programme.certificate.practice.total_hours * 60
    practised = programme.competency_codes[:3]
    entries, logged = [], 0
    for number in range(PLACEMENT_WEEKS * 7):
        day = starts + timedelta(days=number)
        if day.weekday() == 4:
            entries.append(
                create_entry(c.trainee, _entry(placement.id, day, SUPERVISION_WEEK, practised))
            )
        if day.weekday() < 5 and logged < hours_needed:
            for spec in (DIRECT_DAY, INDIRECT_DAY):
                entries.append(create_entry(c.trainee, _entry(placement.id, day, spec, practised)))
                logged += spec[2]
    submit_entries(c.trainee, entries, confirmed=True)
    approve_entries(c.supervisor, [e.id for e in entries])
    save_evaluation(
        c.supervisor,
        placement,
        "end",
        {code: 4 for code in programme.competency_codes},
        strengths="Consistent, respectful and well-documented work with families.",
        areas_to_develop="Keep bringing complex cases to supervision early.",
    )


def confirm_competencies(c: Completion, programme: Programme) -> None:
    """A trainer's status, with a note, for required competencies the drawn quizzes did not test."""
    current = statuses(c.trainee.id, programme)
    for code in programme.certificate.competencies_proficient:
        if current.get(code) != "proficient":
            set_status(
                c.trainee,
                programme,
                code,
                "proficient",
                "Observed during the placement and discussed in supervision; meets the standard.",
                actor_id=c.supervisor.id,
            )


def complete_programme(c: Completion, programme_code: str) -> None:
    programme = catalogue().programme(programme_code)
    read_programme(c.trainee, programme)
    pass_quizzes(c.trainee, programme, c.supervisor)
    if programme.certificate.practice.total_hours:
        log_practice(c, programme)
    confirm_competencies(c, programme)
