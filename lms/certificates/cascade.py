"""The educators' cascade: whom each member of the National Pool went on to train, and whether
their membership is active.

- A member's cohorts are the cohorts they are a trainer of (alone: trained; with others:
  co-trained) that ended on or after their ToT certification and have begun.
- A cohort's certified trainees are its trainees who hold a certificate of the cohort's
  programme that is not revoked.
- Generations: a member certified in a ToT cohort that a pool member trained after their own
  certification is one generation after the earliest such trainer; the others are generation 0
  (the first national trainers).
- Membership (``POOL_RENEWAL_YEARS`` = Y, ``POOL_RENEWAL_MIN_COHORTS`` = N): active for Y years
  from certification, and while the member trained at least N cohorts in the last Y years (a
  cohort counts until Y years after it ended); expired otherwise; revoked with the certificate.

Everything is computed in a fixed number of queries, whatever the size of the pool.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import and_, select

from lms.accounts.models import Cohort, User
from lms.accounts.models.cohorts import cohort_members, cohort_trainers
from lms.certificates.models import Certificate
from lms.core.database import local_today
from lms.core.extensions import db

POOL_PROGRAMME = "tot"  # the programme whose certificate makes a trainer of trainers


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class TrainedCohort:
    cohort: Cohort
    co_trained: bool  # with other trainers
    certified: int  # trainees of the cohort certified in its programme


@dataclass(frozen=True)
class Membership:
    status: str  # active | expired | revoked
    reason: str
    until: date | None  # active until (the day it expired, when expired)


@dataclass
class CascadeMember:
    user: User
    certified_on: date
    generation: int = 0
    cohorts: list[TrainedCohort] = field(default_factory=list)
    certified_trainees: int = 0  # distinct people, over all their cohorts
    membership: Membership | None = None


def membership(
    certified_on: date,
    cohorts: Iterable[Cohort],
    *,
    revoked: bool,
    today: date,
    years: int,
    needed: int,
) -> Membership:
    """The renewal rule (see the module's docstring) for one member."""
    if revoked:
        return Membership("revoked", str(_l("The ToT certificate was revoked.")), None)
    grace = add_years(certified_on, years)
    ended = sorted((c.ends_on for c in cohorts if c.starts_on <= today), reverse=True)
    renewed = add_years(ended[needed - 1], years) if needed and len(ended) >= needed else None
    if needed == 0:
        return Membership("active", str(_l("Active: no renewal is required.")), None)
    until = max(grace, renewed) if renewed else grace
    if today <= until:
        if renewed and renewed >= grace:
            reason = lazy_ngettext(
                "Renewed by training %(num)d cohort in the last %(years)d years.",
                "Renewed by training %(num)d cohorts in the last %(years)d years.",
                needed,
                years=years,
            )
        else:
            reason = lazy_ngettext(
                "Within %(num)d year of certification.",
                "Within %(num)d years of certification.",
                years,
            )
        return Membership("active", str(reason), until)
    window = add_years(today, -years)
    recent = sum(1 for day in ended if day >= window)
    reason = lazy_ngettext(
        "Expired: %(count)d of the %(num)d cohort needed in the last %(years)d years.",
        "Expired: %(count)d of the %(num)d cohorts needed in the last %(years)d years.",
        needed,
        count=recent,
        years=years,
    )
    return Membership("expired", str(reason), until)


def _certified_on(certificates: list[Certificate]) -> dict[int, date]:
    """Each person's first ToT certification (a revoked one counts only if nothing else)."""
    first: dict[int, date] = {}
    for certificate in sorted(certificates, key=lambda c: (c.status == "revoked", c.issued_at)):
        first.setdefault(certificate.user_id, certificate.issued_at.date())
    return first


def cascade(
    current: dict[int, Certificate], *, today: date | None = None
) -> dict[int, CascadeMember]:
    """The cascade of the members whose current ToT certificate is given (user id ->
    certificate), by user id."""
    today = today or local_today()
    config = current_app.config
    years, needed = config["POOL_RENEWAL_YEARS"], config["POOL_RENEWAL_MIN_COHORTS"]
    ids = list(current)
    if not ids:
        return {}
    certificates = db.session.scalars(
        select(Certificate).where(
            Certificate.programme == POOL_PROGRAMME, Certificate.user_id.in_(ids)
        )
    ).all()
    certified_on = _certified_on(certificates)
    members = {
        uid: CascadeMember(user=current[uid].holder, certified_on=certified_on[uid]) for uid in ids
    }
    # The cohorts pool members train, with all their trainers.
    trained_rows = db.session.execute(
        select(cohort_trainers.c.cohort_id, cohort_trainers.c.user_id).where(
            cohort_trainers.c.cohort_id.in_(
                select(cohort_trainers.c.cohort_id).where(cohort_trainers.c.user_id.in_(ids))
            )
        )
    ).all()
    trainers: dict[int, set[int]] = defaultdict(set)
    for cohort_id, user_id in trained_rows:
        trainers[cohort_id].add(user_id)
    # The ToT cohorts the members were trainees of (for the generations).
    learnt_rows = db.session.execute(
        select(cohort_members.c.cohort_id, cohort_members.c.user_id)
        .join(Cohort, Cohort.id == cohort_members.c.cohort_id)
        .where(cohort_members.c.user_id.in_(ids), Cohort.programme == POOL_PROGRAMME)
    ).all()
    learnt: dict[int, list[int]] = defaultdict(list)
    for cohort_id, user_id in learnt_rows:
        learnt[user_id].append(cohort_id)
    cohort_ids = set(trainers) | {cohort_id for cohort_id, _ in learnt_rows}
    cohorts = {c.id: c for c in db.session.scalars(select(Cohort).where(Cohort.id.in_(cohort_ids)))}
    # Each cohort's trainees holding a certificate of its programme (not revoked).
    certified_rows = db.session.execute(
        select(cohort_members.c.cohort_id, cohort_members.c.user_id)
        .distinct()
        .join(Cohort, Cohort.id == cohort_members.c.cohort_id)
        .join(
            Certificate,
            and_(
                Certificate.user_id == cohort_members.c.user_id,
                Certificate.programme == Cohort.programme,
                Certificate.status != "revoked",
            ),
        )
        .where(cohort_members.c.cohort_id.in_(list(trainers)))
    ).all()
    certified: dict[int, set[int]] = defaultdict(set)
    for cohort_id, user_id in certified_rows:
        certified[cohort_id].add(user_id)

    for cohort_id, people in trainers.items():
        cohort = cohorts[cohort_id]
        for uid in people & members.keys():
            member = members[uid]
            if cohort.ends_on < member.certified_on or cohort.starts_on > today:
                continue
            member.cohorts.append(TrainedCohort(cohort, len(people) > 1, len(certified[cohort_id])))
    for uid, member in members.items():
        member.cohorts.sort(key=lambda t: (t.cohort.starts_on, t.cohort.code))
        member.certified_trainees = len(
            set().union(*(certified[t.cohort.id] for t in member.cohorts))
        )
        member.membership = membership(
            member.certified_on,
            [t.cohort for t in member.cohorts],
            revoked=current[uid].status == "revoked",
            today=today,
            years=years,
            needed=needed,
        )
    _generations(members, learnt, trainers, cohorts)
    return members


def _generations(members, learnt, trainers, cohorts) -> None:
    """Generation 0 unless certified in a ToT cohort a member trained after certification."""
    done: dict[int, int] = {}

    def generation(uid: int, seen: frozenset) -> int:
        if uid in done:
            return done[uid]
        parents = []
        for cohort_id in learnt.get(uid, []):
            cohort = cohorts[cohort_id]
            for trainer in trainers.get(cohort_id, ()):
                if (
                    trainer != uid
                    and trainer in members
                    and trainer not in seen
                    and members[trainer].certified_on <= cohort.ends_on
                    and members[trainer].certified_on < members[uid].certified_on
                ):
                    parents.append(generation(trainer, seen | {uid}))
        done[uid] = 1 + min(parents) if parents else 0
        return done[uid]

    for uid in sorted(members, key=lambda u: members[u].certified_on):
        members[uid].generation = generation(uid, frozenset())


@dataclass(frozen=True)
class SpreadRow:
    year: int
    velayat: str  # the velayat's code ("" when unknown)
    new_trainers: int
    generations: dict[int, int]  # generation -> new trainers of it
    certified: int  # trainees certified in the pool members' cohorts


def spread(members: dict[int, CascadeMember]) -> list[SpreadRow]:
    """Per year and velayat: the pool members certified (by generation) and the trainees
    certified in cohorts pool members trained (by the year of their certificate and the
    velayat they work in)."""
    new: dict[tuple[int, str], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for member in members.values():
        key = (member.certified_on.year, _velayat_code(member.user))
        new[key][member.generation] += 1
    cohort_ids = {t.cohort.id for m in members.values() for t in m.cohorts}
    certified: dict[tuple[int, str], set[int]] = defaultdict(set)
    if cohort_ids:
        rows = db.session.execute(
            select(Certificate.user_id, Certificate.issued_at, User)
            .distinct()
            .join(cohort_members, cohort_members.c.user_id == Certificate.user_id)
            .join(Cohort, Cohort.id == cohort_members.c.cohort_id)
            .join(User, User.id == Certificate.user_id)
            .where(
                cohort_members.c.cohort_id.in_(cohort_ids),
                Certificate.programme == Cohort.programme,
                Certificate.status != "revoked",
            )
        ).all()
        first: dict[int, tuple] = {}
        for user_id, issued_at, user in rows:
            if user_id not in first or issued_at < first[user_id][0]:
                first[user_id] = (issued_at, user)
        for user_id, (issued_at, user) in first.items():
            certified[(issued_at.year, _velayat_code(user))].add(user_id)
    keys = sorted(set(new) | set(certified))
    return [
        SpreadRow(
            year,
            velayat,
            sum(new[(year, velayat)].values()) if (year, velayat) in new else 0,
            dict(sorted(new[(year, velayat)].items())) if (year, velayat) in new else {},
            len(certified.get((year, velayat), ())),
        )
        for year, velayat in keys
    ]


def _velayat_code(user: User) -> str:
    region = user.region
    return region.velayat.code if region and region.velayat else ""
