"""The national view of competencies: for one programme, how many trainees are proficient,
developing and not yet in each of its competencies, by velayat, or by etrap within one velayat.

The trainees are the members of the programme's cohorts, placed by the etrap (or city) recorded
in their account: its velayat in the national table, the unit itself within a velayat; a trainee
with no place recorded has a row of their own in the national table. Each trainee's status
comes from ``evidence.statuses_of_many``, the profile's rule over the same evidence summed in
SQL, so the table costs the same few queries whatever the number of trainees.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import Select, select

from lms.accounts.models import Cohort, Region, User, cohort_members
from lms.competencies.evidence import statuses_of_many
from lms.core.database import local_today
from lms.core.extensions import db
from lms.core.spreadsheets import csv_text
from lms.courses.catalogue import LANGUAGES, Programme, Titles
from lms.courses.content import catalogue
from lms.i18n.collation import sorted_by_name
from lms.reports.cache import standing_report

STATUS_ORDER = ("proficient", "developing", "not_yet")


@dataclass
class RegionRow:
    """One line of the table: a velayat, an etrap, the trainees with no place, or the total."""

    name: str
    region: Region | None = None
    trainees: int = 0
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, statuses: dict[str, str]) -> None:
        self.trainees += 1
        for code, status in statuses.items():
            self.counts[code][status] += 1

    def count(self, code: str, status: str) -> int:
        return self.counts[code][status]

    def share_proficient(self, code: str) -> float | None:
        """Proficient trainees as a percentage of the row's trainees (None without trainees)."""
        if not self.trainees:
            return None
        return round(100 * self.count(code, "proficient") / self.trainees, 1)


@dataclass(frozen=True)
class CompetencyColumn:
    code: str
    title: str
    language: str  # the language ``title`` is written in (English when not translated)


@dataclass
class CompetencyTable:
    programme: Programme
    velayat: Region | None  # None: the national table (rows are velayats)
    competencies: list[CompetencyColumn]
    rows: list[RegionRow]
    unplaced: RegionRow | None  # trainees with no region recorded (national table only)
    total: RegionRow


def programme_members(programme_code: str) -> Select:
    """SELECT of the ids of the members of the programme's cohorts."""
    return (
        select(cohort_members.c.user_id)
        .join(Cohort, Cohort.id == cohort_members.c.cohort_id)
        .where(Cohort.programme == programme_code)
    )


def all_regions() -> dict[int, Region]:
    """Every velayat, city and etrap (with its parent), in one query."""
    return {region.id: region for region in db.session.scalars(select(Region))}


def velayat_by_code(regions: dict[int, Region], code: str) -> Region | None:
    """The velayat (or Aşgabat) with this code; None for an etrap or an unknown code."""
    return next((r for r in regions.values() if r.code == code and r.parent_id is None), None)


def _columns(programme: Programme, language: str) -> list[CompetencyColumn]:
    framework = catalogue().framework(programme.framework)
    columns = []
    for code in programme.competency_codes:
        competency = framework.competency(code) if framework else None
        titles = competency.titles if competency else Titles(en=code)
        translated = language in LANGUAGES and getattr(titles, language)
        columns.append(
            CompetencyColumn(code, titles.get(language), language if translated else "en")
        )
    return columns


def _region_rows(regions: dict[int, Region], velayat: Region | None, language: str):
    """The rows every table shows (velayats; or the velayat's etraps and cities in being),
    keyed by region id; a unit that no longer exists is added only when a trainee is there."""
    if velayat is None:
        units = [r for r in regions.values() if r.parent_id is None]
    else:
        today = local_today()
        units = [r for r in regions.values() if r.parent_id == velayat.id and r.is_valid_on(today)]
    return {r.id: RegionRow(r.name(language), r) for r in units}


def report_key(programme: Programme, velayat: Region | None) -> str:
    return f"competencies-national:{programme.code}:{velayat.code if velayat else ''}"


@standing_report("competencies-national")
def _standing(codes: str):
    """Every programme's table, national and by velayat, is kept fresh by ``lms reports
    refresh``: its computation, or None for a programme or velayat that is no longer there."""
    programme_code, _sep, velayat_code = codes.partition(":")
    programme = catalogue().programme(programme_code)
    if programme is None:
        return None
    regions = all_regions()
    velayat = velayat_by_code(regions, velayat_code) if velayat_code else None
    if velayat_code and velayat is None:
        return None
    return lambda: status_counts(programme, regions, velayat)


def status_counts(
    programme: Programme, regions: dict[int, Region], velayat: Region | None = None
) -> dict:
    """The table's numbers without names (JSON-serialisable, so they can be kept): per place
    (a velayat, or an etrap of ``velayat``; None for no region recorded) the trainees and the
    count of each status per competency."""
    scope = select(User.id).where(User.id.in_(programme_members(programme.code)))
    if velayat is not None:
        units = [i for i, r in regions.items() if velayat.id in (r.id, r.parent_id)]
        scope = scope.where(User.region_id.in_(units))
    placed = dict(db.session.execute(scope.add_columns(User.region_id)).all())
    places: dict[int | None, RegionRow] = {}
    for user_id, statuses in statuses_of_many(programme, list(placed), scope):
        region = regions.get(placed[user_id])  # None: no region recorded
        unit = None if region is None else region.velayat.id if velayat is None else region.id
        places.setdefault(unit, RegionRow("")).add(statuses)
    return {
        "places": [
            [unit, row.trainees, {code: dict(counts) for code, counts in row.counts.items()}]
            for unit, row in places.items()
        ]
    }


def _counted(name: str, region: Region | None, trainees: int, counts: dict) -> RegionRow:
    row = RegionRow(name, region, trainees)
    for code, by_status in counts.items():
        row.counts[code].update(by_status)
    return row


def competency_table(
    programme: Programme,
    regions: dict[int, Region],
    language: str,
    velayat: Region | None = None,
    counts: dict | None = None,
) -> CompetencyTable:
    """Counts of each status per competency, by velayat (or by etrap within ``velayat``), from
    ``counts`` (``status_counts``' result, computed now when not given)."""
    if counts is None:
        counts = status_counts(programme, regions, velayat)
    rows = _region_rows(regions, velayat, language)
    unplaced = RegionRow(_("No region recorded"))
    total = RegionRow(_("Total"))
    for unit_id, trainees, by_code in counts["places"]:
        unit = regions.get(unit_id) if unit_id is not None else None
        if unit_id is not None and unit is None:
            continue  # a region deleted since the figures were kept
        row = _counted(unit.name(language) if unit else unplaced.name, unit, trainees, by_code)
        if unit is None:
            unplaced = row
        else:
            rows[unit.id] = row  # an etrap abolished since, where someone still is, is added
        total.trainees += trainees
        for code, by_status in by_code.items():
            total.counts[code].update(by_status)
    return CompetencyTable(
        programme=programme,
        velayat=velayat,
        competencies=_columns(programme, language),
        rows=sorted_by_name(rows.values(), language, name=lambda row: row.name),
        unplaced=unplaced if unplaced.trainees else None,
        total=total,
    )


def table_csv(table: CompetencyTable) -> str:
    """The table as CSV: one line per place and competency, then the total's lines."""
    place = _("Velayat") if table.velayat is None else _("Etrap or city")
    header = [
        _("Code"),
        place,
        _("Trainees"),
        _("Competency"),
        _("Title"),
        _("proficient"),
        _("developing"),
        _("not yet"),
        _("Share proficient (percent)"),
    ]
    lines = [*table.rows, *([table.unplaced] if table.unplaced else []), table.total]
    body = (
        [
            row.region.code if row.region else "",
            row.name,
            row.trainees,
            column.code,
            column.title,
            *(row.count(column.code, status) for status in STATUS_ORDER),
            "" if row.share_proficient(column.code) is None else row.share_proficient(column.code),
        ]
        for row in lines
        for column in table.competencies
    )
    return csv_text(header, body)
