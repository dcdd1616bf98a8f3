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
are national and draw from every velayat. Cohorts started over the last year, one every 30 days
in turn, so at any moment some are studying, some in their placement and most have finished.

The learner records (lessons, quiz attempts, practice, certificates, universities) are built by
``bench.records`` and also keep their shape per trainee at every scale: the small data set has
1/20 of the trainees and 1/20 of the records.
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

from bench import records
from bench.learning import Enrolment
from bench.names import person
from lms import create_app
from lms.accounts.models import Cohort, Region, User, UserRole, cohort_members, cohort_trainers
from lms.accounts.models.users import name_keys
from lms.accounts.names import username_key
from lms.accounts.regions import sync_regions
from lms.certificates.signing import generate_key
from lms.competencies.programme_frameworks import sync_programme_frameworks
from lms.core.extensions import db

BENCH_PASSWORD = "bench-social-work"
# Cohort 0 (the one the cohort page opens) is a national ToT cohort: the widest a trainer sees.
PROGRAMME_CYCLE = ("tot",) + ("foundational",) * 6 + ("advanced",) * 3
PROGRAMME_TITLES = {"foundational": "Foundational", "advanced": "Advanced", "tot": "ToT"}
PROGRAMME_PREFIXES = {"foundational": "FND", "advanced": "ADV", "tot": "TOT"}
LANGUAGES = ("tk", "tk", "tk", "ru", "en", None)
COHORT_SPACING_DAYS = 30
COHORT_SLOTS = 12  # cohorts started in one of 12 slots, COHORT_SPACING_DAYS apart (a year)
SIGNING_KEY = Path(__file__).resolve().parent / "out" / "bench-issuer-ed25519.pem"
_PG_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Scale:
    """How many of each kind of record a data set holds."""

    trainees: int
    cohorts: int
    trainers: int
    coordinators: int
    admins: int
    practice_entries: int
    quiz_attempts: int  # each with its responses
    certificates: int
    universities: int  # with degree programmes and courses mapped to the standard

    def divided(self, factor: int) -> Scale:
        """The same shape, ``factor`` times smaller (at least one of each, two trainers so that
        cohorts have a co-trainer at every scale, and two cohorts so that the reader's
        foundational cohort exists at every scale). Records per trainee stay the same."""
        small = Scale(*(max(1, n // factor) for n in astuple(self)))
        small = replace(
            small,
            trainers=max(2, small.trainers),
            cohorts=max(2, small.cohorts),
            trainees=max(50, small.trainees),
        )
        share = small.trainees / self.trainees
        return replace(
            small,
            practice_entries=round(self.practice_entries * share),
            quiz_attempts=round(self.quiz_attempts * share),
            certificates=round(self.certificates * share),
        )

    def describe(self) -> str:
        return f"{self.trainees:,} trainees / {self.cohorts:,} cohorts / {self.trainers:,} trainers"


FULL = Scale(
    trainees=10_000,
    cohorts=400,
    trainers=300,
    coordinators=20,
    admins=4,
    practice_entries=1_000_000,
    quiz_attempts=200_000,
    certificates=5_000,
    universities=20,
)
QUICK = Scale(
    trainees=500,
    cohorts=20,
    trainers=15,
    coordinators=2,
    admins=2,
    practice_entries=50_000,
    quiz_attempts=10_000,
    certificates=250,
    universities=4,
)
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
    certificate_code: str  # a valid foundational certificate (the verify page)
    counts: dict[str, int]  # rows written per table of learner records
    batch_user_ids: tuple[int, ...] = ()  # eligible, no certificate yet (cert_batch_ratio)
    submit_user_ids: tuple[int, ...] = ()  # have not taken submit_quiz (concurrent_submit)
    submit_quiz: tuple[str, str] = ("", "")  # (programme, module)
    password: str = BENCH_PASSWORD

    def describe_records(self) -> str:
        c = self.counts
        return (
            f"{c.get('practice_entries', 0):,} practice entries in "
            f"{c.get('practice_placements', 0):,} placements, "
            f"{c.get('quiz_attempts', 0):,} quiz attempts with "
            f"{c.get('quiz_responses', 0):,} responses, "
            f"{c.get('lesson_progress', 0):,} lessons read, "
            f"{c.get('certificates', 0):,} certificates, "
            f"{c.get('universities', 0):,} universities with "
            f"{c.get('university_courses', 0):,} courses"
        )


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
    """The URL with psycopg 3 named for PostgreSQL, as ``lms.core.config`` does for the app."""
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


def cohort_slot(index: int, trainers: int) -> int:
    """How many COHORT_SPACING_DAYS ago cohort ``index`` started.

    Cohort i is led by trainer i % trainers, as that trainer's (i // trainers)-th cohort. The
    slots go round the year with the trainer (7 is prime to 12), and a trainer's next cohort
    starts six slots (half a year) after the one before: so the cohorts a trainer leads (and
    supervises the placements of) are at the same stages at every scale. Cohort 0 is in its
    placement (slot 3), cohort 1 (the reader's) has finished (slot 10).
    """
    return (7 * (index % trainers) + 3 + 6 * (index // trainers)) % COHORT_SLOTS


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

    def add_cohort(self, index: int, trainers: int) -> str:
        programme = PROGRAMME_CYCLE[index % len(PROGRAMME_CYCLE)]
        where_code, where = ("TM", "national") if is_national(index) else self._velayat(index)
        slot = cohort_slot(index, trainers)
        starts = self.now.date() - timedelta(days=COHORT_SPACING_DAYS * slot)
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
    codes = [planner.add_cohort(i, scale.trainers) for i in range(scale.cohorts)]
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
    users = [{**user, **name_keys(user["full_name"])} for user in plan.users]  # sort keys
    conn.execute(sa.insert(User.__table__), users)
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


def _enrolments(plan: Plan, user_ids: dict[str, int], cohort_ids: dict[str, int]):
    """Every trainee in their cohort, with the cohort's lead trainer, ordered by user id."""
    people = {row["username"]: row for row in plan.users}
    cohorts = {row["code"]: row for row in plan.cohorts}
    leads: dict[str, str] = {}
    for code, trainer in plan.cohort_trainers:
        leads.setdefault(code, trainer)
    enrolments = [
        Enrolment(
            user_id=user_ids[username],
            full_name=people[username]["full_name"],
            region_id=people[username]["region_id"],
            cohort_id=cohort_ids[code],
            cohort_code=code,
            programme=cohorts[code]["programme"],
            starts=cohorts[code]["starts_on"],
            trainer_id=user_ids[leads[code]],
        )
        for code, username in plan.cohort_members
    ]
    return sorted(enrolments, key=lambda e: e.user_id)


def _records(plan: Plan, ids: tuple[dict, dict], scale: Scale, keep_aside: bool, seed: int):
    """The learner records, in one transaction of bulk inserts."""
    user_ids, cohort_ids = ids
    people = records.People(
        enrolments=_enrolments(plan, user_ids, cohort_ids),
        admin_id=user_ids[plan.by_role["admin"][0]],
        coordinator_ids=[user_ids[u] for u in plan.by_role.get("coordinator", [])],
    )
    targets = records.Targets(
        practice_entries=scale.practice_entries,
        quiz_attempts=scale.quiz_attempts,
        certificates=scale.certificates,
        universities=scale.universities,
        keep_aside=keep_aside,
    )
    rng = random.Random(seed + 1)  # noqa: S311 - made-up records, not secrets
    with db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MiB while indexes grow
        return records.populate(conn, people, targets, rng, datetime.now(UTC))


def _populate(scale: Scale, seed: int, keep_aside: bool):
    """Inside an app context: schema by migrations, regions and the programme's framework, then
    the bulk rows: people and cohorts, then their records."""
    upgrade()
    sync_regions()
    sync_programme_frameworks()
    db.session.commit()
    pw_hash = generate_password_hash(BENCH_PASSWORD, "scrypt")
    rng = random.Random(seed)  # noqa: S311 - made-up people, not secrets
    plan = make_plan(scale, _velayats(db.session), rng, pw_hash)
    db.session.commit()  # end the session's read before the bulk writer takes the write lock
    with db.engine.begin() as conn:
        user_ids, cohort_ids = _insert(conn, plan)
    found = _records(plan, (user_ids, cohort_ids), scale, keep_aside, seed)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")  # the statistics a maintained database would have
    return plan, user_ids, cohort_ids, found


def ensure_signing_key() -> Path:
    """The bench's own issuer key (in bench/out/, git-ignored), made on first use."""
    if not SIGNING_KEY.exists():
        generate_key(SIGNING_KEY)
    return SIGNING_KEY


def app_config(url: str, **extra) -> dict:
    """The app settings every bench process uses for a data set."""
    return {
        "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(url),
        "SIGNING_KEY_FILE": ensure_signing_key(),
        **extra,
    }


def build(url: str, scale: Scale, seed: int = 2026, keep_aside: bool = False) -> Dataset:
    """Build a fresh data set of ``scale`` at ``url`` (anything there is deleted first).

    ``keep_aside``: keep the trainees the writing figures use apart (the measured data set)."""
    started = time.perf_counter()
    reset_database(url)
    app = create_app(app_config(url))
    with app.app_context():
        try:
            plan, user_ids, cohort_ids, found = _populate(scale, seed, keep_aside)
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
        certificate_code=found.certificate_code,
        counts=found.counts,
        batch_user_ids=found.batch_user_ids,
        submit_user_ids=found.submit_user_ids,
        submit_quiz=found.submit_quiz,
    )
