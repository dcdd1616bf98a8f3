"""Writing a framework as a Moodle competency framework CSV, as Moodle's own exporter does
(tool_lpimportcsv ``framework_exporter``): the importer's 14 headers, the framework row, then
one row per competency (here in tree order, parents first), each pointing at its parent by id
number and listing its related competencies from both ends, a comma in an id number written
``%2C``. UTF-8 without a byte-order mark, LF line ends and PHP's quoting, like Moodle's file.

A framework imported from Moodle gives back the columns it came with (``extra["moodle"]``).
Others get what Moodle would write for a new framework: Markdown descriptions (format 4), no
completion rule (outcome 0, config ``null``), the database id as exported id, ``competency``
as the taxonomy of every level, and the framework's rating levels (lowest first) as its scale,
the ratings that meet the standard marked proficient. Crosswalks to other frameworks have no
Moodle column and are left out; a competency without a code gets its identifier as id number.
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import aliased

from lms.competencies.frameworks import framework_tree
from lms.competencies.models import Competency, CompetencyAssociation, Framework
from lms.core import spreadsheets
from lms.core.extensions import db

HEADERS = (
    "Parent id number",
    "Id number",
    "Shortname",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross referenced competency id numbers",
    "Exported id (optional)",
    "Is framework",
    "Taxonomy",
)
MARKDOWN_FORMAT = "4"  # Moodle's FORMAT_MARKDOWN
PROFICIENT_RATING = 3  # TM-SW: a rating of 3 or more meets the standard


def _idnumber(competency: Competency) -> str:
    return competency.code or competency.identifier


def _moodle_extra(entry: Framework | Competency) -> dict[str, str]:
    return entry.extra.get("moodle", {}) if entry.extra else {}


def _scale(framework: Framework) -> tuple[str, str]:
    """Scale values and configuration: as imported, or made from the framework's levels."""
    if framework.scale_values or framework.origin == "moodle":
        return framework.scale_values or "", framework.scale_configuration or ""
    levels = sorted(framework.extra.get("levels") or [], key=lambda level: level["rating"])
    if not levels:
        return "", ""
    values = ",".join(level["labels"].get("en", str(level["rating"])) for level in levels)
    configuration: list[dict] = [{"scaleid": ""}]
    for position, level in enumerate(levels, start=1):
        if level["rating"] >= PROFICIENT_RATING:
            is_default = int(level["rating"] == PROFICIENT_RATING)
            configuration.append({"id": position, "scaledefault": is_default, "proficient": 1})
    return values, json.dumps(configuration, separators=(",", ":"))


def _related(framework: Framework) -> dict[int, list[str]]:
    """Each competency's related competencies in this framework, by id number, both ends."""
    origin, destination = aliased(Competency), aliased(Competency)
    pairs = db.session.execute(
        select(origin, destination)
        .select_from(CompetencyAssociation)
        .join(origin, CompetencyAssociation.origin_id == origin.id)
        .join(destination, CompetencyAssociation.destination_id == destination.id)
        .where(
            CompetencyAssociation.framework_id == framework.id,
            CompetencyAssociation.association_type == "isRelatedTo",
            destination.framework_id == framework.id,
        )
        .order_by(CompetencyAssociation.id)
    ).all()
    related: dict[int, list[str]] = defaultdict(list)
    for one, other in pairs:
        related[one.id].append(_idnumber(other).replace(",", "%2C"))
        related[other.id].append(_idnumber(one).replace(",", "%2C"))
    return related


def _framework_row(framework: Framework, depth: int) -> list[str]:
    moodle = _moodle_extra(framework)
    scale_values, scale_configuration = _scale(framework)
    if framework.origin == "moodle":
        description_format, taxonomy = (
            moodle.get("description_format", ""),
            moodle.get("taxonomy", ""),
        )
    else:
        description_format, taxonomy = MARKDOWN_FORMAT, ",".join(["competency"] * depth)
    return [
        "",
        framework.code,
        framework.title,
        framework.source or "",
        description_format,
        scale_values,
        scale_configuration,
        *[""] * 5,
        "1",
        taxonomy,
    ]


def _competency_row(competency: Competency, parent: str, related: list[str], own: bool) -> list:
    """One competency; ``own``: the framework came from Moodle, its columns are kept as read."""
    moodle = _moodle_extra(competency)
    defaults = (
        {}
        if own
        else {
            "description_format": MARKDOWN_FORMAT,
            "rule_outcome": "0",
            "rule_config": "null",
            "exported_id": str(competency.id),
        }
    )

    def column(name: str) -> str:
        return moodle.get(name, defaults.get(name, ""))

    return [
        parent,
        _idnumber(competency),
        competency.full_statement,
        competency.description or "",
        column("description_format"),
        column("scale_values"),
        column("scale_configuration"),
        column("rule_type"),
        column("rule_outcome"),
        column("rule_config"),
        ",".join(related),
        column("exported_id"),
        "",
        "",
    ]


def export_moodle_csv(framework: Framework) -> str:
    """The framework as a Moodle competency framework CSV (two queries)."""
    nodes = framework_tree(framework)
    related = _related(framework)
    by_id = {node.competency.id: node.competency for node in nodes}
    depth = max((node.depth for node in nodes), default=-1) + 1
    own = framework.origin == "moodle"
    rows = [_framework_row(framework, depth)]
    for node in nodes:
        competency = node.competency
        parent = by_id.get(competency.parent_id) if competency.parent_id else None
        parent_idnumber = _idnumber(parent) if parent is not None else ""
        rows.append(_competency_row(competency, parent_idnumber, related[competency.id], own))
    return spreadsheets.php_csv_text(HEADERS, rows)


def moodle_csv_filename(framework: Framework) -> str:
    """``shortname-idnumber.csv``, as Moodle names its export (without the time stamp)."""
    return f"{framework.title}-{framework.code}.csv".replace("/", "_")
