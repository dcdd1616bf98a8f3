"""Moodle competency framework CSV (admin/tool/lpimportcsv): the 14 columns, by position.

One header row, then one record per node in any order; exactly one row has ``Is framework`` =
1. Parents are found by id number, cross references (column 10, a literal comma written
``%2C``) become ``isRelatedTo`` associations, one per pair as Moodle keeps them (its export
lists each pair from both ends). Like Moodle, a row with an empty id number or
short name is skipped with its subtree (with a warning here). Unlike Moodle, which ignores them,
a parent or cross reference naming no row is an error, and a short name longer than Moodle's
100 characters is kept whole with a warning (Moodle cuts it), so nothing is lost without a word.
Cells the platform's writer escaped against spreadsheet formulas (``'-…``) are read back
unescaped (``lms.core.spreadsheets.unescape_cell``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _

from lms.competencies.package import (
    FrameworkPackage,
    PackageItem,
    Problem,
    ReadResult,
    link,
    stable_uuid,
    urn,
)
from lms.core.spreadsheets import unescape_cell

COLUMNS = 14
MAX_IDNUMBER = 100
MAX_SHORTNAME = 100
EXTRA_COLUMNS = {
    4: "description_format",
    5: "scale_values",
    6: "scale_configuration",
    7: "rule_type",
    8: "rule_outcome",
    9: "rule_config",
    11: "exported_id",
}


@dataclass
class Row:
    line: int
    cells: list[str]

    @property
    def parent(self) -> str:
        return self.cells[0].strip()

    @property
    def idnumber(self) -> str:
        return self.cells[1].strip()[:MAX_IDNUMBER]

    @property
    def shortname(self) -> str:
        return self.cells[2].strip()

    @property
    def is_framework(self) -> bool:
        return self.cells[12].strip() == "1"

    @property
    def cross_references(self) -> list[str]:
        refs = [r.strip().replace("%2C", ",") for r in self.cells[10].split(",")]
        return [r for r in refs if r]


def _rows(text: str, problems: list[Problem]) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if line == 1 or not any(c.strip() for c in cells):
                continue  # the header row, and blank lines
            if len(cells) != COLUMNS:
                problems.append(
                    Problem(
                        line,
                        _(
                            "expected %(expected)d columns, found %(found)d",
                            expected=COLUMNS,
                            found=len(cells),
                        ),
                    )
                )
            elif cells[12].strip() not in ("", "0", "1"):
                problems.append(Problem(line, _("“Is framework” must be 1, 0 or empty")))
            else:
                rows.append(Row(line, [unescape_cell(c) for c in cells]))
    except csv.Error as exc:
        problems.append(Problem(reader.line_num, _("not a valid CSV file: %(error)s", error=exc)))
    return rows


def _framework_row(rows: list[Row], problems: list[Problem]) -> Row | None:
    framework_rows = [r for r in rows if r.is_framework]
    if not framework_rows:
        problems.append(Problem(1, _("no framework row: exactly one row needs “Is framework” = 1")))
        return None
    for extra in framework_rows[1:]:
        problems.append(
            Problem(
                extra.line,
                _(
                    "a second framework row (the first is on line %(line)d); exactly one row "
                    "may have “Is framework” = 1",
                    line=framework_rows[0].line,
                ),
            )
        )
    row = framework_rows[0]
    if not row.idnumber or not row.shortname:
        problems.append(
            Problem(row.line, _("the framework row needs an id number and a short name"))
        )
        return None
    return row


def _kept_rows(rows: list[Row], problems: list[Problem]) -> dict[str, Row]:
    """Competency rows by id number; duplicates are errors, incomplete rows are skipped."""
    by_id: dict[str, Row] = {}
    for row in rows:
        if row.is_framework:
            continue
        if not row.idnumber or not row.shortname:
            skipped = (
                _("skipped: no id number") if not row.idnumber else _("skipped: no short name")
            )
            problems.append(Problem(row.line, skipped, "warning"))
            continue
        if len(row.shortname) > MAX_SHORTNAME:
            problems.append(
                Problem(
                    row.line,
                    _(
                        "the short name is longer than %(max)d characters: kept whole here, "
                        "Moodle would cut it",
                        max=MAX_SHORTNAME,
                    ),
                    "warning",
                )
            )
        if row.idnumber in by_id:
            first = by_id[row.idnumber].line
            problems.append(
                Problem(
                    row.line,
                    _(
                        "duplicate id number “%(id)s” (also on line %(line)d)",
                        id=row.idnumber,
                        line=first,
                    ),
                )
            )
            continue
        by_id[row.idnumber] = row
    return by_id


def _drop_skipped_subtrees(by_id: dict[str, Row], skipped: set[str], problems) -> None:
    changed = True
    while changed:
        changed = False
        for idnumber, row in list(by_id.items()):
            if row.parent in skipped:
                problems.append(
                    Problem(
                        row.line,
                        _("skipped: its parent “%(parent)s” was skipped", parent=row.parent),
                        "warning",
                    )
                )
                skipped.add(idnumber)
                del by_id[idnumber]
                changed = True


def _item(row: Row, code: str) -> PackageItem:
    identifier = stable_uuid("framework", code, "competency", row.idnumber)
    moodle = {name: row.cells[i] for i, name in EXTRA_COLUMNS.items() if row.cells[i].strip()}
    return PackageItem(
        identifier=identifier,
        uri=urn(identifier),
        full_statement=row.shortname,
        code=row.idnumber,
        description=row.cells[3] or None,
        extra={"moodle": moodle} if moodle else {},
        line=row.line,
    )


def _links(package: FrameworkPackage, by_id: dict[str, Row], problems: list[Problem]) -> None:
    items = {item.code: item for item in package.items}
    related: set[frozenset[str]] = set()
    for row in by_id.values():
        item = items[row.idnumber]
        if row.parent and row.parent not in items and row.parent != package.code:
            problems.append(
                Problem(
                    row.line,
                    _("parent id number “%(id)s” is not the id number of a row", id=row.parent),
                )
            )
        else:
            parent = items.get(row.parent) or package
            package.associations.append(link("isChildOf", item, parent, row.line))
        for ref in row.cross_references:
            if ref not in items:
                problems.append(
                    Problem(row.line, _("cross reference “%(ref)s” names no row", ref=ref))
                )
            elif frozenset((row.idnumber, ref)) not in related:  # Moodle keeps one per pair
                related.add(frozenset((row.idnumber, ref)))
                package.associations.append(link("isRelatedTo", item, items[ref], row.line))


def _package(framework_row: Row | None) -> FrameworkPackage:
    if framework_row is None:  # a stand-in, so that the rest of the file is still checked
        return FrameworkPackage(origin="moodle", code="", identifier="", uri="", title="")
    code, cells = framework_row.idnumber, framework_row.cells
    identifier = stable_uuid("framework", code)
    return FrameworkPackage(
        origin="moodle",
        code=code,
        identifier=identifier,
        uri=urn(identifier),
        title=framework_row.shortname,
        source=cells[3] or None,
        scale_values=cells[5].strip() or None,
        scale_configuration=cells[6].strip() or None,
        extra={"moodle": {"description_format": cells[4].strip(), "taxonomy": cells[13].strip()}},
        line=framework_row.line,
    )


def read_moodle_csv(raw: bytes) -> ReadResult:
    """Read a Moodle competency framework CSV; every problem is reported with its line."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return ReadResult(None, [Problem(line, _("the file is not UTF-8 text"))])
    problems: list[Problem] = []
    rows = _rows(text, problems)
    framework_row = _framework_row(rows, problems)
    by_id = _kept_rows(rows, problems)
    skipped = {r.idnumber for r in rows if r.idnumber and not r.shortname and not r.is_framework}
    _drop_skipped_subtrees(by_id, skipped, problems)
    package = _package(framework_row)
    package.items = [_item(row, package.code) for row in by_id.values()]
    _links(package, by_id, problems)
    return ReadResult(package, problems)
