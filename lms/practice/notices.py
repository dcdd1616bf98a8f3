"""What practice tells the notifications package: how to name and link its subjects for a
reader (entries, field evaluations), its deadlines (placement ends, evaluations due, supervision
sessions) and what waits for a supervisor. Imported by the practice blueprint."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from lms.accounts.models import User
from lms.core.database import local_today
from lms.core.extensions import db
from lms.notifications.deadlines import Deadline, deadline_source
from lms.notifications.subjects import SubjectLink, subject_type
from lms.notifications.waiting import Waiting, waiting_count
from lms.practice.labels import STAGE_LABELS
from lms.practice.models import FieldEvaluation, Placement, PracticeEntry
from lms.practice.models.sessions import SessionParticipant, SupervisionSession
from lms.practice.placements import can_see_placement
from lms.practice.signoff import pending_query


def _seen_by(reader: User):
    """can_see_placement, asked once per trainee of the page rather than once per subject."""
    answers: dict[tuple[int, int], bool] = {}

    def sees(placement: Placement) -> bool:
        key = (placement.trainee_id, placement.supervisor_id)
        if key not in answers:
            answers[key] = can_see_placement(reader, placement)
        return answers[key]

    return sees


def entry_title(entry: PracticeEntry) -> str:
    return _("the practice entry of %(day)s", day=entry.day.isoformat())


@subject_type("practice_entry")
def _entries(reader: User, ids: list[int]) -> dict[int, SubjectLink]:
    sees = _seen_by(reader)
    found = db.session.scalars(select(PracticeEntry).where(PracticeEntry.id.in_(ids))).unique()
    return {
        e.id: SubjectLink(entry_title(e), url_for("practice.entry", entry_id=e.id))
        for e in found
        if sees(e.placement) and (e.shared or e.trainee_id == reader.id)
    }


def evaluation_title(evaluation: FieldEvaluation) -> str:
    return str(STAGE_LABELS[evaluation.stage])


@subject_type("practice_evaluation")
def _evaluations(reader: User, ids: list[int]) -> dict[int, SubjectLink]:
    sees = _seen_by(reader)
    found = db.session.scalars(select(FieldEvaluation).where(FieldEvaluation.id.in_(ids))).unique()
    return {
        e.id: SubjectLink(evaluation_title(e), url_for("practice.evaluation", evaluation_id=e.id))
        for e in found
        if sees(e.placement)
    }


def _placements_of(person: User, since: date) -> list[Placement]:
    return list(
        db.session.scalars(
            select(Placement).where(
                or_(Placement.trainee_id == person.id, Placement.supervisor_id == person.id),
                Placement.ends_on >= since,
            )
        ).unique()
    )


@deadline_source
def _placement_deadlines(person: User, since: date) -> list[Deadline]:
    """Each placement's end and its evaluations not yet done (mid-placement at its middle day),
    for its trainee and its supervisor."""
    placements = _placements_of(person, since)
    done = {
        (e.placement_id, e.stage)
        for e in db.session.scalars(
            select(FieldEvaluation).where(
                FieldEvaluation.placement_id.in_([p.id for p in placements])
            )
        ).unique()
    }
    found = []
    for p in placements:
        url = url_for("practice.placement", placement_id=p.id)
        mine = p.trainee_id == person.id
        found.append(
            Deadline(
                f"placement-{p.id}-end",
                p.ends_on,
                _("Your placement ends: %(agency)s", agency=p.agency)
                if mine
                else _("Placement of %(name)s ends", name=p.trainee.full_name),
                url,
            )
        )
        middle = p.starts_on + (p.ends_on - p.starts_on) / 2
        for stage, day in (("mid", middle), ("end", p.ends_on)):
            if (p.id, stage) not in done:
                title = str(STAGE_LABELS[stage])
                if not mine:
                    title = f"{title}: {p.trainee.full_name}"
                found.append(
                    Deadline(
                        f"placement-{p.id}-evaluation-{stage}",
                        day,
                        _("Due: %(what)s", what=title),
                        url,
                    )
                )
    return found


@deadline_source
def _session_deadlines(person: User, since: date) -> list[Deadline]:
    """Supervision sessions recorded ahead, for the supervisor and each participant."""
    taking_part = select(SessionParticipant.session_id).where(
        SessionParticipant.trainee_id == person.id
    )
    sessions = db.session.scalars(
        select(SupervisionSession).where(
            SupervisionSession.day >= since,
            or_(
                SupervisionSession.supervisor_id == person.id,
                SupervisionSession.id.in_(taking_part),
            ),
        )
    ).unique()
    return [
        Deadline(
            f"supervision-{s.id}",
            s.day,
            _("Supervision session"),
            url_for("practice.session", session_id=s.id),
        )
        for s in sessions
    ]


@waiting_count
def _entries_waiting(person: User) -> Waiting | None:
    if not person.has_role("trainer"):
        return None
    count = db.session.scalar(select(func.count()).select_from(pending_query(person.id).subquery()))
    return Waiting(_("Entries waiting for your sign-off"), count, url_for("practice.queue"))


@waiting_count
def _evaluations_due(person: User) -> Waiting | None:
    """Supervised placements past their middle (or ended) without the evaluation it calls for."""
    if not person.has_role("trainer"):
        return None
    today = local_today()
    placements = db.session.scalars(
        select(Placement).where(
            Placement.supervisor_id == person.id,
            Placement.trainee_id != person.id,
            Placement.starts_on <= today,
        )
    ).unique()
    placements = list(placements)
    done = {
        (e.placement_id, e.stage)
        for e in db.session.scalars(
            select(FieldEvaluation).where(
                FieldEvaluation.placement_id.in_([p.id for p in placements])
            )
        ).unique()
    }
    due = 0
    for p in placements:
        middle = p.starts_on + (p.ends_on - p.starts_on) / 2
        due += (p.id, "mid") not in done and today >= middle
        due += (p.id, "end") not in done and today >= p.ends_on
    return Waiting(_("Field evaluations due"), due, url_for("practice.queue"))
