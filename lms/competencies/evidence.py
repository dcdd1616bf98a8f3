"""Competency evidence per trainee, and the rule that turns it into a status.

Evidence for each competency the programme develops:

* quiz: the questions tagged ``competency:<code>`` in the trainee's LATEST submitted attempt of
  each quiz (a retake replaces the attempt before it, so nothing counts twice);
* practice: approved, counted practice minutes tagged with the competency (an amended entry
  counts once, through its approved amendment);
* field evaluation: the supervisor's latest rating (1-5; "not observed" gives none);
* a trainer's status set by hand, which always carries a written note and is audited.

The rule (programme front matter ``competency_rule:``, defaults 70 % and 3): **proficient** when
the tagged questions are at least ``quiz_percent`` correct AND the latest rating is at least
``rating``; **developing** when there is any evidence at all; otherwise **not yet**. A trainer's
status, when there is one, takes precedence over the rule and shows who set it and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, select

from lms.accounts.models import User
from lms.accounts.self_decisions import refuse_self
from lms.competencies.models.evidence import STATUSES, CompetencyStatusOverride
from lms.core import audit
from lms.core.extensions import db
from lms.core.privacy import require_clean
from lms.courses.catalogue import CompetencyRule, Programme, Titles
from lms.courses.content import catalogue
from lms.practice.results import approved_minutes_for, latest_ratings_for
from lms.quizzes.results import (
    CompetencyScore,
    competency_scores_for,
    question_outcomes_for,
)


class EvidenceError(ValueError):
    pass


@dataclass(frozen=True)
class Evidence:
    code: str
    title: Titles
    questions: int
    quiz_percent: float | None
    practice_minutes: int
    rating: int | None
    computed: str
    override: CompetencyStatusOverride | None

    @property
    def status(self) -> str:
        return self.override.status if self.override is not None else self.computed


def apply_rule(
    rule: CompetencyRule, quiz_percent: float | None, minutes: int, rating: int | None
) -> str:
    if (
        quiz_percent is not None
        and quiz_percent >= rule.quiz_percent
        and rating is not None
        and rating >= rule.rating
    ):
        return "proficient"
    if quiz_percent is not None or minutes > 0 or rating is not None:
        return "developing"
    return "not_yet"


def quiz_percent(score: CompetencyScore | None) -> float | None:
    """The tagged questions' marks as a percentage of the questions, to one decimal."""
    if score is None or not score.questions:
        return None
    return round(100 * score.total / score.questions, 1)


def status_of(
    rule: CompetencyRule,
    score: CompetencyScore | None,
    minutes: int,
    rating: int | None,
    override: CompetencyStatusOverride | None,
) -> str:
    """The status shown: a trainer's when there is one, otherwise the rule's (as ``Evidence``)."""
    if override is not None:
        return override.status
    return apply_rule(rule, quiz_percent(score), minutes, rating)


def _quiz_scores(outcomes) -> dict[str, CompetencyScore]:
    fractions: dict[str, list[float]] = defaultdict(list)
    for outcome in outcomes:
        for code in outcome.competencies:
            fractions[code].append(outcome.fraction)
    return {code: CompetencyScore(len(found), sum(found)) for code, found in fractions.items()}


def _latest_overrides(user_ids, programme: str) -> dict[int, dict]:
    rows = db.session.scalars(
        select(CompetencyStatusOverride)
        .where(
            CompetencyStatusOverride.user_id.in_(user_ids),
            CompetencyStatusOverride.programme == programme,
        )
        .order_by(CompetencyStatusOverride.set_at, CompetencyStatusOverride.id)
    )
    latest: dict[int, dict[str, CompetencyStatusOverride]] = {}
    for row in rows:
        latest.setdefault(row.user_id, {})[row.code] = row
    return latest


def _title(programme: Programme, code: str) -> Titles:
    framework = catalogue().framework(programme.framework)
    competency = framework.competency(code) if framework else None
    return competency.titles if competency else Titles(en=code)


def _titles(programme: Programme) -> dict[str, Titles]:
    return {code: _title(programme, code) for code in programme.competency_codes}


def _rows(programme: Programme, scores, minutes: dict, ratings: dict, overrides: dict, titles):
    """The evidence, and the status the rule (or a trainer) gives it, per competency."""
    rows = []
    for code in programme.competency_codes:
        score = scores.get(code)
        percent = quiz_percent(score)
        rows.append(
            Evidence(
                code=code,
                title=titles[code],
                questions=score.questions if score else 0,
                quiz_percent=percent,
                practice_minutes=minutes.get(code, 0),
                rating=ratings.get(code),
                computed=apply_rule(
                    programme.competency_rule, percent, minutes.get(code, 0), ratings.get(code)
                ),
                override=overrides.get(code),
            )
        )
    return rows


def profiles(programme: Programme, user_ids: list[int]) -> dict[int, list[Evidence]]:
    """Each trainee's evidence and status for every competency the programme develops, in a
    fixed number of queries (four) whatever the number of trainees."""
    if not user_ids:
        return {}
    outcomes = question_outcomes_for(user_ids)
    minutes = approved_minutes_for(user_ids)
    ratings = latest_ratings_for(user_ids, programme.code)
    overrides = _latest_overrides(user_ids, programme.code)
    titles = _titles(programme)
    return {
        uid: _rows(
            programme,
            _quiz_scores(outcomes.get(uid, [])),
            minutes.get(uid, {}),
            ratings.get(uid, {}),
            overrides.get(uid, {}),
            titles,
        )
        for uid in user_ids
    }


def statuses_of_many(
    programme: Programme, user_ids: Iterable[int], within: Select
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each trainee's status per competency, for a whole programme (thousands of trainees).

    The same rule and the same evidence as ``profiles``, summed in SQL (four queries whatever the
    number of trainees): ``within`` is a SELECT of (at least) the ids of ``user_ids``, so that no
    query lists thousands of ids. A quiz question's competencies are those stored with each
    response, as in ``profiles``, so both count the same questions.
    """
    scores = competency_scores_for(within)
    minutes = approved_minutes_for(within)
    ratings = latest_ratings_for(within, programme.code)
    overrides = _latest_overrides(within, programme.code)
    rule, codes = programme.competency_rule, programme.competency_codes
    for uid in user_ids:
        score, minute, rating = scores.get(uid, {}), minutes.get(uid, {}), ratings.get(uid, {})
        override = overrides.get(uid, {})
        yield (
            uid,
            {
                code: status_of(
                    rule, score.get(code), minute.get(code, 0), rating.get(code), override.get(code)
                )
                for code in codes
            },
        )


def profile(user_id: int, programme: Programme) -> list[Evidence]:
    """The trainee's evidence and status for each competency the programme develops."""
    return profiles(programme, [user_id])[user_id]


def statuses(user_id: int, programme: Programme) -> dict[str, str]:
    return {row.code: row.status for row in profile(user_id, programme)}


def set_status(
    trainee: User,
    programme: Programme,
    code: str,
    status: str,
    note: str,
    *,
    actor_id: int,
    confirmed: bool = False,
) -> CompetencyStatusOverride:
    """A trainer sets a status by hand; a written note is required; the change is audited.

    The note passes the privacy guard: an identifying one needs ``confirmed``."""
    refuse_self(actor_id, trainee)
    note = " ".join(note.split())
    if status not in STATUSES:
        raise EvidenceError(_("Unknown status."))
    if code not in programme.competency_codes:
        raise EvidenceError(_("%(code)s is not a competency of this programme.", code=code))
    if len(note) < 10:
        raise EvidenceError(_("Write a note (at least a sentence) saying why you set this status."))
    require_clean([note], confirmed=confirmed)
    override = CompetencyStatusOverride(
        user_id=trainee.id,
        programme=programme.code,
        code=code,
        status=status,
        note=note,
        set_by_id=actor_id,
    )
    db.session.add(override)
    db.session.flush()
    audit.record(
        "competency.status_set",
        actor_id=actor_id,
        target_type="user",
        target_id=trainee.id,
        programme=programme.code,
        code=code,
        status=status,
        note=note,
    )
    return override
