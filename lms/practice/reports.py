"""The national picture of practice: hours by velayat and etrap, by category, by month, and the
CSV export of entries. Aggregation happens in SQL (GROUP BY over indexed columns), so each
report costs the same few queries whatever the number of entries.

Hours here are approved, current (not superseded) entries; travel is shown beside them but is
never part of the counted total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from lms.accounts.models import Cohort, Region, User
from lms.core.extensions import db
from lms.practice.counting import not_superseded, recorded, shared
from lms.practice.models import Placement, PracticeEntry
from lms.reports.cache import standing_report

EXPORT_COLUMNS = (
    # Translators: column headings of the practice entries CSV export (a spreadsheet's first row).
    _l("username"), _l("full_name"), _l("velayat"), _l("etrap"), _l("date"), _l("minutes"),
    _l("category"), _l("kind"), _l("status"), _l("supervisor"), _l("approved_at"), _l("cohort"),
    _l("entry_id"), _l("amends_id"), _l("counted"),
)  # fmt: skip
EXPORT_BATCH = 5000


@dataclass(frozen=True)
class ReportFilter:
    cohort_id: int | None = None
    start: date | None = None
    end: date | None = None

    def apply(self, query, entry=PracticeEntry):
        query = query.where(shared(entry))  # reports and exports never include drafts
        if self.cohort_id is not None:
            in_cohort = select(Placement.id).where(Placement.cohort_id == self.cohort_id)
            query = query.where(entry.placement_id.in_(in_cohort))
        if self.start is not None:
            query = query.where(entry.day >= self.start)
        if self.end is not None:
            query = query.where(entry.day <= self.end)
        return query


@dataclass
class Row:
    """Minutes by kind for one line of a report (an etrap, a category, a month)."""

    label: str
    minutes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    trainees: int = 0
    group: str = ""

    @property
    def counted_minutes(self) -> int:
        return sum(m for kind, m in self.minutes.items() if kind != "travel")


@dataclass(frozen=True)
class NationalReport:
    regions: list[Row]  # etraps and cities, velayat by velayat
    velayats: list[Row]
    categories: list[Row]
    months: list[Row]


def _approved_sums(report: ReportFilter, column) -> dict[tuple, int]:
    """(value of column, kind) → minutes of approved entries (index-only GROUP BY)."""
    query = (
        select(column, PracticeEntry.kind, func.sum(PracticeEntry.minutes))
        .where(PracticeEntry.status == "approved")
        .group_by(column, PracticeEntry.kind)
    )
    return {(key, kind): int(total) for key, kind, total in db.session.execute(report.apply(query))}


def _superseded(report: ReportFilter) -> list:
    """Approved entries replaced by an approved amendment: few, so fetched row by row and
    taken off the sums (cheaper than testing every entry for an amendment)."""
    original, amendment = aliased(PracticeEntry), aliased(PracticeEntry)
    query = (
        select(original.id, original.placement_id, original.category, original.day,
               original.kind, original.minutes)
        .join(amendment, amendment.amends_id == original.id)
        .where(original.status == "approved", amendment.status == "approved")
        .where(amendment.amends_id.is_not(None))  # lets the partial index find amendments
    )  # fmt: skip
    rows = {row.id: row for row in db.session.execute(report.apply(query, original))}
    return list(rows.values())


def _add(table: dict, key, kind: str, minutes: int) -> None:
    table.setdefault(key, {}).setdefault(kind, 0)
    table[key][kind] += minutes


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def national_figures(report: ReportFilter) -> dict:
    """The report's numbers, without names (JSON-serialisable, so they can be kept): minutes by
    kind per region id, category and month, and trainees with counted entries per region."""
    gone = _superseded(report)
    placements = {
        p.id: p
        for p in db.session.execute(select(Placement.id, Placement.region_id, Placement.trainee_id))
    }
    regions: dict = {}
    for (placement_id, kind), minutes in _approved_sums(report, PracticeEntry.placement_id).items():
        _add(regions, placement_id, kind, minutes)
    for entry in gone:
        _add(regions, entry.placement_id, entry.kind, -entry.minutes)
    by_region: dict = {}
    people: dict[int, set[int]] = defaultdict(set)
    for placement_id, minutes in regions.items():
        placement = placements[placement_id]
        for kind, value in minutes.items():
            _add(by_region, placement.region_id, kind, value)
        if any(minutes.values()):
            people[placement.region_id].add(placement.trainee_id)
    categories: dict = {}
    for (category, kind), minutes in _approved_sums(report, PracticeEntry.category).items():
        _add(categories, category, kind, minutes)
    months: dict = {}
    for (day, kind), minutes in _approved_sums(report, PracticeEntry.day).items():
        _add(months, _month(day), kind, minutes)
    for entry in gone:
        _add(categories, entry.category, entry.kind, -entry.minutes)
        _add(months, _month(entry.day), entry.kind, -entry.minutes)
    return {
        "regions": [
            [region_id, minutes, len(people[region_id])] for region_id, minutes in by_region.items()
        ],
        "categories": list(categories.items()),
        "months": sorted(months.items()),
    }


def _row(label: str, minutes: dict[str, int], trainees: int = 0, group: str = "") -> Row:
    row = Row(label, trainees=trainees, group=group)
    row.minutes.update(minutes)
    return row


def labelled_report(figures: dict, language: str) -> NationalReport:
    """The figures with the regions' names in ``language`` (one query for the ~70 regions)."""
    regions = {r.id: r for r in db.session.scalars(select(Region))}
    rows = []
    for region_id, minutes, trainees in figures["regions"]:
        region = regions[region_id]
        rows.append(_row(region.name(language), minutes, trainees, region.velayat.name(language)))
    rows.sort(key=lambda r: (r.group, r.label))
    categories = [_row(category, minutes) for category, minutes in figures["categories"]]
    return NationalReport(
        regions=rows,
        velayats=by_velayat(rows),
        categories=sorted(categories, key=lambda r: -sum(r.minutes.values())),
        months=[_row(month, minutes) for month, minutes in figures["months"]],
    )


def by_velayat(rows: list[Row]) -> list[Row]:
    """The etrap rows added up per velayat (trainees are counted per etrap, then summed)."""
    totals: dict[str, Row] = {}
    for row in rows:
        total = totals.setdefault(row.group, Row(row.group))
        for kind, minutes in row.minutes.items():
            total.minutes[kind] += minutes
        total.trainees += row.trainees
    return list(totals.values())


def report_key(report: ReportFilter) -> str:
    parts = (report.cohort_id, report.start, report.end)
    return "practice-national:" + ":".join("" if p is None else str(p) for p in parts)


@standing_report("practice-national")
def _standing(filtered: str):
    """The unfiltered report is kept fresh by ``lms reports refresh``; filtered ones are not."""
    return (lambda: national_figures(ReportFilter())) if filtered == "::" else None


def national_report(report: ReportFilter, language: str) -> NationalReport:
    """Hours by etrap and velayat, category and month, computed now (six queries)."""
    return labelled_report(national_figures(report), language)


def export_query(report: ReportFilter):
    trainee, supervisor = aliased(User), aliased(User)
    etrap, velayat = aliased(Region), aliased(Region)
    return report.apply(
        select(
            trainee.username,
            trainee.full_name,
            velayat.name_tk,
            etrap.name_tk,
            PracticeEntry.day,
            PracticeEntry.minutes,
            PracticeEntry.category,
            PracticeEntry.kind,
            PracticeEntry.status,
            supervisor.full_name,
            PracticeEntry.reviewed_at,
            Cohort.code,
            PracticeEntry.id,
            PracticeEntry.amends_id,
            not_superseded().label("current"),
        )  # fmt: skip
        .join(Placement, Placement.id == PracticeEntry.placement_id)
        .join(trainee, trainee.id == PracticeEntry.trainee_id)
        .join(supervisor, supervisor.id == Placement.supervisor_id)
        .join(Cohort, Cohort.id == Placement.cohort_id)
        .join(etrap, etrap.id == Placement.region_id)
        .outerjoin(velayat, velayat.id == etrap.parent_id)
        .order_by(PracticeEntry.day, trainee.username, PracticeEntry.start_minute, PracticeEntry.id)
    )


def export_rows(report: ReportFilter) -> Iterator[tuple]:
    """Every entry matching the filter, one tuple per EXPORT_COLUMNS (one query, streamed)."""
    result = db.session.execute(export_query(report).execution_options(yield_per=EXPORT_BATCH))
    for row in result:
        yield export_row(tuple(row))


def export_row(row: tuple) -> tuple:
    (username, full_name, velayat, etrap, day, minutes, category, kind, status, supervisor,
     reviewed_at, cohort, entry_id, amends_id, current) = row  # fmt: skip
    approved = status == "approved"
    approved_at = reviewed_at.isoformat() if approved and reviewed_at else ""
    counts = "yes" if approved and kind != "travel" and current else "no"
    return (
        username, full_name, velayat or etrap, etrap, day.isoformat(), minutes, category, kind,
        status, supervisor, approved_at, cohort, entry_id, amends_id or "", counts,
    )  # fmt: skip


def trainee_category_totals(trainee_id: int) -> list[Row]:
    """The trainee's minutes per category: approved (current) and waiting for sign-off."""
    approved = db.session.execute(
        select(PracticeEntry.category, PracticeEntry.kind, func.sum(PracticeEntry.minutes))
        .where(PracticeEntry.trainee_id == trainee_id, recorded())
        .group_by(PracticeEntry.category, PracticeEntry.kind)
    ).all()
    pending = db.session.execute(
        select(PracticeEntry.category, PracticeEntry.kind, func.sum(PracticeEntry.minutes))
        .where(
            PracticeEntry.trainee_id == trainee_id,
            PracticeEntry.status.in_(("submitted", "resubmitted")),
        )
        .group_by(PracticeEntry.category, PracticeEntry.kind)
    ).all()
    rows: dict[str, Row] = {}
    for state, result in (("approved", approved), ("pending", pending)):
        for category, kind, total in result:
            rows.setdefault(category, Row(category, group=kind)).minutes[state] += int(total)
    kinds = ("direct", "indirect", "supervision", "travel")
    return sorted(rows.values(), key=lambda r: (kinds.index(r.group), r.label))
