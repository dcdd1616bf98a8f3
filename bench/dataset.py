"""The national data set the benchmark runs against, built with bulk inserts.

Creating 10,000 people through the services would hash 10,000 passwords and write 10,000 audit
events one at a time (minutes). The benchmark needs the rows, not the path that made them: the
schema comes from the migrations exactly as in production, the regions from ``sync_regions``,
and everything else is inserted with SQLAlchemy Core ``executemany`` (one statement per table).
Every user shares one scrypt hash of ``BENCH_PASSWORD``.

Cohorts keep the same shape at every scale (25 trainees, two trainers, about 2.7 cohorts per
trainer), so a page shows the same amount of data on the small and the full data set and any
difference in its cost comes from the size of the tables around it. Regional cohorts (the
foundational and advanced courses) draw trainees from the etraps of one velayat; ToT cohorts
are national and draw from every velayat.
"""

from __future__ import annotations

import itertools
import random
import re
import time
from dataclasses import astuple, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade
from werkzeug.security import generate_password_hash

from bench.names import person
from lms import create_app
from lms.accounts.models import Cohort, Region, User, UserRole, cohort_members, cohort_trainers
from lms.accounts.names import username_key
from lms.accounts.regions import sync_regions
from lms.extensions import db

BENCH_PASSWORD = "bench-social-work"
# Cohort 0 (the one the cohort page opens) is a national ToT cohort: the widest a trainer sees.
PROGRAMME_CYCLE = ("tot",) + ("foundational",) * 6 + ("advanced",) * 3
PROGRAMME_TITLES = {"foundational": "Foundational", "advanced": "Advanced", "tot": "ToT"}
PROGRAMME_PREFIXES = {"foundational": "FND", "advanced": "ADV", "tot": "TOT"}
LANGUAGES = ("tk", "tk", "tk", "ru", "en", None)
_PG_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Scale:
    """How many of each kind of record a data set holds."""

    trainees: int
    cohorts: int
    trainers: int
    coordinators: int
    admins: int

    def divided(self, factor: int) -> Scale:
        """The same shape, ``factor`` times smaller (at least one of each, two trainers so that
        cohorts have a co-trainer at every scale, and two cohorts so that the reader's
        foundational cohort exists at every scale)."""
        small = Scale(*(max(1, n // factor) for n in astuple(self)))
        return replace(
            small,
            trainers=max(2, small.trainers),
            cohorts=max(2, small.cohorts),
            trainees=max(50, small.trainees),
        )

    def describe(self) -> str:
        return f"{self.trainees:,} trainees / {self.cohorts:,} cohorts / {self.trainers:,} trainers"


FULL = Scale(trainees=10_000, cohorts=400, trainers=300, coordinators=20, admins=4)
QUICK = Scale(trainees=500, cohorts=20, trainers=15, coordinators=2, admins=2)
SMALL_FACTOR = 20


@dataclass(frozen=True)
class Dataset:
    """A built data set: where it is, and the people and records the key pages open.

    Pages (``bench/pages.py``) read their log-in and URL from here; a new kind of page adds the
    fields it needs (a lesson slug, a quiz id...) when the data set starts generating them.
    """

    url: str
    scale: Scale
    build_s: float
    users: int
    logins: dict[str, str]  # role -> username of the person the pages log in as
    cohort_id: int  # a cohort of logins["trainer"]
    trainee_id: int  # a trainee of that cohort (logins["trainee"])
    password: str = BENCH_PASSWORD


@dataclass
class Plan:
    """The rows to insert, keyed by username and cohort code until the database assigns ids."""

    users: list[dict] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)
    cohorts: list[dict] = field(default_factory=list)
    cohort_trainers: list[tuple[str, str]] = field(default_factory=list)
    cohort_members: list[tuple[str, str]] = field(default_factory=list)
    by_role: dict[str, list[str]] = field(default_factory=dict)
    logins: dict[str, str] = field(default_factory=dict)  # role -> username the pages use


# --- database URLs -------------------------------------------------------------------------


def sqlalchemy_url(url: str) -> str:
    """The URL with psycopg 3 named for PostgreSQL, as ``lms.config`` does for the app."""
    parsed = sa.engine.make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def small_url(url: str) -> str:
    """A sibling database for the small-scale copy: ``x.sqlite3`` -> ``x-small.sqlite3``,
    PostgreSQL ``bench`` -> ``bench_small``."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        parsed = parsed.set(database=str(path.with_name(f"{path.stem}-small{path.suffix}")))
    else:
        parsed = parsed.set(database=f"{parsed.database}_small")
    return parsed.render_as_string(hide_password=False)


def describe_database(url: str) -> str:
    """Kind and version, without host or path (results are committed)."""
    engine = sa.create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                return "SQLite " + conn.exec_driver_sql("select sqlite_version()").scalar()
            return "PostgreSQL " + conn.exec_driver_sql("show server_version").scalar()
    finally:
        engine.dispose()


# --- an empty database ----------------------------------------------------------------------


def reset_database(url: str) -> None:
    """Make the database empty: delete the SQLite file, or recreate PostgreSQL's ``public``."""
    parsed = sa.engine.make_url(sqlalchemy_url(url))
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    elif backend == "postgresql":
        _ensure_pg_database(parsed)
        _reset_pg_schema(parsed)
    else:
        raise SystemExit(f"bench: unsupported database kind {backend!r} (use SQLite or PostgreSQL)")


def _ensure_pg_database(url: sa.engine.URL) -> None:
    if not _PG_NAME.match(url.database or ""):
        raise SystemExit(f"bench: use a plain database name, not {url.database!r}")
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            found = conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            )
            if not found:
                conn.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
    finally:
        engine.dispose()


def _reset_pg_schema(url: sa.engine.URL) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()


# --- what to insert ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Velayat:
    code: str
    name: str
    units: tuple[int, ...]  # ids of its etraps and cities valid today


def is_national(cohort: int) -> bool:
    return PROGRAMME_CYCLE[cohort % len(PROGRAMME_CYCLE)] == "tot"


class _Planner:
    """Turns a scale into rows: people spread over every etrap, cohorts by velayat."""

    def __init__(self, velayats: list[Velayat], rng: random.Random, password_hash: str):
        self.velayats = velayats
        self.rng = rng
        self.password_hash = password_hash
        self.serial = itertools.count(1)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.plan = Plan()

    def add_person(self, role: str, region_id: int) -> str:
        someone = person(self.rng, next(self.serial))
        created = self.now - timedelta(days=self.rng.randrange(1, 700))
        self.plan.users.append(
            {
                "username": someone.username,
                "username_key": username_key(someone.username),
                "full_name": someone.full_name,
                "email": None,  # most trainees give none: the programme keeps little data
                "language": self.rng.choice(LANGUAGES),
                "region_id": region_id,
                "active": True,
                "password_hash": self.password_hash,
                "created_at": created,
                "password_changed_at": created,
            }
        )
        self.plan.roles.append((someone.username, role))
        self.plan.by_role.setdefault(role, []).append(someone.username)
        return someone.username

    def _velayat(self, index: int) -> tuple[str, str]:
        velayat = self.velayats[index % len(self.velayats)]
        return velayat.code, velayat.name

    def unit(self, velayat_index: int, turn: int) -> int:
        units = self.velayats[velayat_index % len(self.velayats)].units
        return units[turn % len(units)]

    def trainee_unit(self, cohort: int, k: int) -> int:
        """Where the ``k``-th trainee of a cohort lives: any velayat for a national cohort."""
        if is_national(cohort):
            return self.unit(k, k // len(self.velayats) + cohort)
        return self.unit(cohort, k + cohort)

    def add_cohort(self, index: int) -> str:
        programme = PROGRAMME_CYCLE[index % len(PROGRAMME_CYCLE)]
        where_code, where = ("TM", "national") if is_national(index) else self._velayat(index)
        starts = self.now.date() - timedelta(days=30 * (index % 24))
        code = f"{PROGRAMME_PREFIXES[programme]}-{starts.year}-{where_code}-{index + 1:04d}"
        self.plan.cohorts.append(
            {
                "code": code,
                "name": f"{PROGRAMME_TITLES[programme]} {starts.year}, {where}, group {index + 1}",
                "programme": programme,
                "starts_on": starts,
                "ends_on": starts + timedelta(days=150),
                "created_at": self.now,
            }
        )
        return code


def make_plan(scale: Scale, velayats: list[Velayat], rng: random.Random, pw_hash: str) -> Plan:
    """Trainers and trainees by velayat; each cohort has two trainers (one at the smallest) and
    its trainees.

    Trainee ``j`` joins cohort ``j % cohorts``; trainees rotate through the etraps of the
    cohort's velayat (of every velayat for ToT), so every etrap has trainees once there are a few
    hundred.
    """
    planner = _Planner(velayats, rng, pw_hash)
    for i in range(scale.admins):
        planner.add_person("admin", planner.unit(0, i))
    for i in range(scale.coordinators):
        planner.add_person("coordinator", planner.unit(i, i))
    trainers = [
        planner.add_person("trainer", planner.unit(t, t // 6)) for t in range(scale.trainers)
    ]
    codes = [planner.add_cohort(i) for i in range(scale.cohorts)]
    for i, code in enumerate(codes):
        lead, co = trainers[i % len(trainers)], trainers[(i + len(trainers) // 2) % len(trainers)]
        planner.plan.cohort_trainers += [(code, t) for t in dict.fromkeys((lead, co))]
    for j in range(scale.trainees):
        cohort = j % len(codes)
        username = planner.add_person("trainee", planner.trainee_unit(cohort, j // len(codes)))
        planner.plan.cohort_members.append((codes[cohort], username))
    _choose_logins(planner.plan)
    return planner.plan


def _choose_logins(plan: Plan) -> None:
    """The people the pages log in as: the first admin, a trainer of the first cohort and one
    of its trainees. They use the default interface language at every scale, so a page renders
    the same text on the small and the full data set."""
    first_code, trainer = plan.cohort_trainers[0]
    trainee = next(u for c, u in plan.cohort_members if c == first_code)
    plan.logins = {"admin": plan.by_role["admin"][0], "trainer": trainer, "trainee": trainee}
    # The reader: a trainee of the first foundational cohort (the first cohort is a ToT one,
    # whose lessons stay locked until the advanced course is done).
    reader_code = next(code for code, _trainer in plan.cohort_trainers if code.startswith("FND"))
    plan.logins["reader"] = next(u for c, u in plan.cohort_members if c == reader_code)
    chosen = set(plan.logins.values())
    for row in plan.users:
        if row["username"] in chosen:
            row["language"] = "tk"


# --- building ---------------------------------------------------------------------------------


def _velayats(session) -> list[Velayat]:
    regions = session.scalars(sa.select(Region).order_by(Region.code)).all()
    today = date.today()
    velayats = []
    for top in (r for r in regions if r.parent_id is None):
        units = tuple(r.id for r in regions if r.parent_id == top.id and r.is_valid_on(today))
        velayats.append(Velayat(top.code, top.name_tk, units or (top.id,)))
    return velayats


def _insert(conn: sa.Connection, plan: Plan) -> tuple[dict[str, int], dict[str, int]]:
    """Bulk-insert the plan; return user ids by username and cohort ids by code."""
    conn.execute(sa.insert(User.__table__), plan.users)
    user_ids = dict(conn.execute(sa.select(User.username, User.id)).all())
    conn.execute(
        sa.insert(UserRole.__table__), [{"user_id": user_ids[u], "role": r} for u, r in plan.roles]
    )
    conn.execute(sa.insert(Cohort.__table__), plan.cohorts)
    cohort_ids = dict(conn.execute(sa.select(Cohort.code, Cohort.id)).all())
    for table, pairs in (
        (cohort_trainers, plan.cohort_trainers),
        (cohort_members, plan.cohort_members),
    ):
        rows = [{"cohort_id": cohort_ids[c], "user_id": user_ids[u]} for c, u in pairs]
        conn.execute(sa.insert(table), rows)
    return user_ids, cohort_ids


def _populate(scale: Scale, seed: int) -> tuple[Plan, dict[str, int], dict[str, int]]:
    """Inside an app context: schema by migrations, regions, then the bulk rows."""
    upgrade()
    sync_regions()
    db.session.commit()
    pw_hash = generate_password_hash(BENCH_PASSWORD, "scrypt")
    rng = random.Random(seed)  # noqa: S311 - made-up people, not secrets
    plan = make_plan(scale, _velayats(db.session), rng, pw_hash)
    db.session.commit()  # end the session's read before the bulk writer takes the write lock
    with db.engine.begin() as conn:
        user_ids, cohort_ids = _insert(conn, plan)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")  # the statistics a maintained database would have
    return plan, user_ids, cohort_ids


def build(url: str, scale: Scale, seed: int = 2026) -> Dataset:
    """Build a fresh data set of ``scale`` at ``url`` (anything there is deleted first)."""
    started = time.perf_counter()
    reset_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": sqlalchemy_url(url)})
    with app.app_context():
        try:
            plan, user_ids, cohort_ids = _populate(scale, seed)
        finally:
            db.session.remove()
            db.engine.dispose()
    return Dataset(
        url=url,
        scale=scale,
        build_s=time.perf_counter() - started,
        users=len(user_ids),
        logins=plan.logins,
        cohort_id=cohort_ids[plan.cohort_trainers[0][0]],
        trainee_id=user_ids[plan.logins["trainee"]],
    )
