"""The learner records of the data set, trainee by trainee: lessons read, quiz attempts with
their responses, practice placements with their entries and field evaluations, competency
statuses, co-facilitation, certificates; then universities with mapped courses.

Totals follow the scale: each trainee passes the quizzes of the modules done, and failed attempts
before a pass are spread over all (trainee, quiz) pairs until the data set holds its number of
attempts (at most three attempts a quiz, the app's limit); practice entries likewise (see
``bench.practice``). Certificates go to trainees who finished their course, with those of the
courses before it (an advanced or ToT certificate requires them), ToT first (the pool
register), then the oldest cohorts, up to the scale's number.

On the measured data set two groups are kept aside for the figures that write: 45 trainees who
finished the foundational course and hold no certificate yet (``cert_batch_ratio`` issues
theirs), and 100 foundational trainees who have not reached the last module's quiz
(``concurrent_submit`` has them submit it at once).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from bench import awards, learning, practice, universities
from bench.bulk import BulkWriter
from bench.learning import COURSE_DAYS, Enrolment, Ids, QuizBook, Taking
from lms.competencies.models import Competency, Framework
from lms.core.database import LOCAL_TIMEZONE
from lms.courses.catalogue import Catalogue, Programme
from lms.courses.content import catalogue as app_catalogue
from lms.practice.categories import categories
from lms.practice.programme import programme_competencies

BATCH_SIZE = 45
SUBMITTERS = 100
BATCH_PROGRAMME = "foundational"
STANDARD = "TM-SW"
ISSUE_DELAY_DAYS = 10  # certificates are issued this long after the course ends
TABLES = (
    learning.LESSONS,
    learning.ATTEMPTS,
    learning.RESPONSES,
    practice.PLACEMENTS,
    practice.ENTRIES,
    practice.EVALUATIONS,
    practice.RATINGS,
    awards.OVERRIDES,
    awards.CO_FACILITATIONS,
    awards.CERTIFICATES,
    *universities.TABLES,
)


@dataclass(frozen=True)
class People:
    enrolments: list[Enrolment]  # ordered by user id
    admin_id: int  # issues the certificates
    coordinator_ids: list[int]  # linked to universities in turn


@dataclass(frozen=True)
class Targets:
    practice_entries: int
    quiz_attempts: int
    certificates: int
    universities: int
    keep_aside: bool  # the measured data set: keep the batch and the submitters aside


@dataclass
class Records:
    counts: dict[str, int]
    certificate_code: str  # a valid foundational certificate (the verify page)
    batch_user_ids: tuple[int, ...] = ()
    submit_user_ids: tuple[int, ...] = ()
    submit_quiz: tuple[str, str] = ("", "")


@dataclass
class RecordIds(Ids):
    override: int = 1
    co_facilitation: int = 1


# --- who is kept aside -------------------------------------------------------------------------


def batch_trainees(enrolments: list[Enrolment], today: date) -> set[int]:
    """Trainees of the youngest finished foundational cohorts, at least BATCH_SIZE of them."""
    by_cohort: dict[int, list[Enrolment]] = defaultdict(list)
    for e in enrolments:
        if e.programme == BATCH_PROGRAMME and e.complete(today):
            by_cohort[e.cohort_id].append(e)
    chosen: set[int] = set()
    youngest_first = sorted(by_cohort.values(), key=lambda m: (m[0].starts, m[0].cohort_id))[::-1]
    for members in youngest_first:
        if len(chosen) >= BATCH_SIZE:
            break
        chosen.update(e.user_id for e in members)
    return chosen


def submitters(enrolments: list[Enrolment], programme: Programme, today: date) -> list[int]:
    """Foundational trainees who have not finished the last module (no attempt at its quiz)."""
    last = len(programme.modules)
    return sorted(
        e.user_id
        for e in enrolments
        if e.programme == programme.code
        and learning.modules_done(programme, e.starts, today) < last
    )[:SUBMITTERS]


# --- quiz attempts: how many per (trainee, quiz) ------------------------------------------------


def _quiz_modules(programme: Programme, done: int):
    return [m for m in programme.modules[:done] if m.quiz is not None and m.quiz_path]


def _courses(cat: Catalogue, enrolment: Enrolment, today: date):
    """(programme, its start, modules done) of the trainee's earlier programmes and this one."""
    earlier = learning.history(cat, enrolment.programme)
    for number, code in enumerate(earlier):
        back = learning.HISTORY_GAP_DAYS * (len(earlier) - number)
        programme = cat.programme(code)
        yield programme, enrolment.starts - timedelta(days=back), len(programme.modules), False
    programme = cat.programme(enrolment.programme)
    done = learning.modules_done(programme, enrolment.starts, today)
    yield programme, enrolment.starts, done, True


class Retakes:
    """Failed attempts before the pass: 0, 1 or 2 per pair, adding up to ``extra`` exactly."""

    def __init__(self, pairs: int, extra: int, rng: random.Random):
        extra = max(0, min(extra, 2 * pairs))
        twice = max(extra // 4, extra - pairs)
        once = extra - 2 * twice
        self.extra = bytearray(pairs)
        for n, index in enumerate(rng.sample(range(pairs), twice + once)):
            self.extra[index] = 2 if n < twice else 1
        self.next = 0

    def take(self) -> int:
        value = self.extra[self.next]
        self.next += 1
        return value


# --- the generation ------------------------------------------------------------------------------


@dataclass
class Generator:
    writer: BulkWriter
    cat: Catalogue
    book: QuizBook
    retakes: Retakes
    practice: practice.PracticeWriter
    placements: dict[int, tuple[int, list[date]]]  # user id -> (placement id, logged days)
    today: date
    now: datetime
    rng: random.Random
    ids: RecordIds = field(default_factory=RecordIds)
    awards: list[list[awards.Award]] = field(default_factory=list)  # per trainee

    def trainee(self, enrolment: Enrolment, aside: set[int]) -> None:
        scores = self._courses(enrolment)
        placed = self.placements.get(enrolment.user_id)
        minutes = practice.Minutes()
        if placed is not None:
            minutes = self.practice.placement(placed[0], enrolment, placed[1])
        if enrolment.complete(self.today):
            self._finished(enrolment, scores, minutes, enrolment.user_id in aside)

    def _courses(self, enrolment: Enrolment) -> dict:
        scores: dict = {}
        for programme, starts, done, current in _courses(self.cat, enrolment, self.today):
            for row in learning.lesson_rows(
                self.ids, enrolment.user_id, programme, starts, self.today
            ):
                self.writer.add(learning.LESSONS, row)
            for index, module in enumerate(programme.modules[:done]):
                if module.quiz is None or module.quiz_path is None:
                    continue
                taking = Taking(
                    user_id=enrolment.user_id,
                    programme=programme,
                    module=module,
                    window_end=learning.module_window(programme, index, starts)[1],
                    count=1 + self.retakes.take(),
                    trainer_id=enrolment.trainer_id,
                    may_wait=current and not enrolment.complete(self.today),
                )
                rows, last = learning.attempt_rows(self.ids, taking, self.book, self.rng, self.now)
                for attempt, responses in rows:
                    self.writer.add(learning.ATTEMPTS, attempt)
                    for response in responses:
                        self.writer.add(learning.RESPONSES, response)
                if current:
                    for code, (total, count) in last.scores.items():
                        before = scores.get(code, (0.0, 0))
                        scores[code] = (before[0] + total, before[1] + count)
        return scores

    def _finished(self, enrolment: Enrolment, scores: dict, minutes, aside: bool) -> None:
        programme = self.cat.programme(enrolment.programme)
        rated = set(self.practice.programme_codes[programme.code])
        codes = awards.unproven(programme, scores, rated)
        for row in awards.override_rows(self.ids, enrolment, programme, codes):
            self.writer.add(awards.OVERRIDES, row)
        needed = programme.certificate.co_facilitated_sessions
        for row in awards.co_facilitation_rows(self.ids, enrolment, needed, self.rng):
            self.writer.add(awards.CO_FACILITATIONS, row)
        if not aside:
            self.awards.append(self._awards(enrolment, programme, minutes))

    def _awards(self, enrolment: Enrolment, programme: Programme, minutes) -> list:
        """The certificate of this course, and those of the earlier courses it requires."""
        found = []
        for earlier, starts, _done, current in _courses(self.cat, enrolment, self.today):
            ended = starts + timedelta(days=COURSE_DAYS + ISSUE_DELAY_DAYS)
            hours = minutes if current else awards.FINISHED_PLACEMENT
            found.append(awards.Award(enrolment, earlier, hours, min(ended, self.today)))
        return found


def _practice_writer(writer, cat: Catalogue, planned: list, target: int, today, now, rng):
    base = sum(
        practice.base_entries(pid, days, practice.placement_dates(e)[1] < today)
        for pid, e, days in planned
    )
    logged = sum(len(days) for _pid, _e, days in planned)
    spread = practice.Spread(extra=max(0, min(target - base, 2 * logged)), days=logged)
    kinds = {c.code: c.kind for c in categories().categories}
    practice.check_categories(kinds)
    return practice.PracticeWriter(
        writer=writer,
        competencies={c.code: set(c.competencies) for c in categories().categories},
        kinds=kinds,
        programme_codes={
            p.code: tuple(c.code for c in programme_competencies(p.code)) for p in cat.programmes
        },
        required_hours={p.code: int(p.certificate.practice.total_hours) for p in cat.programmes},
        spread=spread,
        today=today,
        now=now,
        rng=rng,
    )


def _retakes(cat: Catalogue, enrolments: list[Enrolment], target: int, today, rng) -> Retakes:
    pairs = sum(
        len(_quiz_modules(programme, done))
        for e in enrolments
        for programme, _starts, done, _current in _courses(cat, e, today)
    )
    return Retakes(pairs, target - pairs, rng)


def _certificates(gen: Generator, target: int, admin_id: int) -> str:
    """Issue to finished trainees, ToT first, then the oldest cohorts, ``target`` certificates in
    all; a trainee receives the certificates of the earlier courses too (the advanced and ToT
    certificates require them), or none."""
    chosen: list[awards.Award] = []
    for bundle in sorted(
        gen.awards,
        key=lambda b: (
            b[-1].programme.code != "tot",
            b[-1].enrolment.starts,
            b[-1].enrolment.user_id,
        ),
    ):
        if len(chosen) + len(bundle) <= target:
            chosen += bundle
    code = ""
    for row in awards.certificate_rows(chosen, admin_id, gen.now):
        gen.writer.add(awards.CERTIFICATES, row)
        if not code and row["status"] == "valid" and row["programme"] == BATCH_PROGRAMME:
            code = row["verification_code"]
    return code


def _universities(conn: sa.Connection, writer: BulkWriter, targets: Targets, **context) -> None:
    framework_id = conn.scalar(sa.select(Framework.id).where(Framework.code == STANDARD))
    if framework_id is None:
        return
    competency_ids = {
        code: cid
        for code, cid in conn.execute(
            sa.select(Competency.code, Competency.id).where(Competency.framework_id == framework_id)
        )
        if code and "-" in code
    }
    for table, row in universities.university_rows(
        targets.universities, competency_ids, framework_id, **context
    ):
        writer.add(table, row)


def populate(conn: sa.Connection, people, targets: Targets, rng: random.Random, now: datetime):
    """Write every learner record of the data set (inside an app context); return what the
    figures need. ``people``: enrolments (by user id), an admin's id, the coordinators' ids."""
    enrolments: list[Enrolment] = people.enrolments
    cat, today = app_catalogue(), now.astimezone(LOCAL_TIMEZONE).date()
    writer = BulkWriter(conn, TABLES)
    fnd = cat.programme(BATCH_PROGRAMME)
    aside = batch_trainees(enrolments, today) if targets.keep_aside else set()
    planned = list(practice.plan_placements(enrolments, today))
    gen = Generator(
        writer=writer,
        cat=cat,
        book=QuizBook(cat),
        retakes=_retakes(cat, enrolments, targets.quiz_attempts, today, rng),
        practice=_practice_writer(writer, cat, planned, targets.practice_entries, today, now, rng),
        placements={e.user_id: (pid, days) for pid, e, days in planned},
        today=today,
        now=now,
        rng=rng,
    )
    for enrolment in enrolments:
        gen.trainee(enrolment, aside)
    code = _certificates(gen, targets.certificates, people.admin_id)
    _universities(conn, writer, targets, coordinators=people.coordinator_ids, rng=rng, now=now)
    records = Records(counts=writer.finish(), certificate_code=code)
    if targets.keep_aside:
        records.batch_user_ids = tuple(sorted(aside)[:BATCH_SIZE])
        records.submit_user_ids = tuple(submitters(enrolments, fnd, today))
        records.submit_quiz = (fnd.code, fnd.modules[-1].slug)
    return records
