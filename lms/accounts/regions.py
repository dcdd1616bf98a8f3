"""Loading the velayat/etrap list from ``data/regions.yaml`` into the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml
from flask_babel import gettext as _
from sqlalchemy import select

from lms.accounts.models import Region
from lms.core.extensions import db
from lms.i18n.languages import LANGUAGES

REGIONS_FILE = Path(__file__).parent / "data" / "regions.yaml"


class RegionDataError(ValueError):
    pass


def _as_date(value: object, code: str, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise RegionDataError(
        _(
            "%(code)s: %(field)s must be an ISO date (YYYY-MM-DD), not %(value)s",
            code=code,
            field=field,
            value=repr(value),
        )
    )


def _upsert(entry: dict, parent: Region | None, existing: dict[str, Region]) -> Region:
    code = str(entry["code"])
    names = entry["name"]
    region = existing.get(code) or Region(code=code)
    region.kind = entry["kind"]
    region.parent = parent
    for language in LANGUAGES:
        setattr(region, f"name_{language}", names[language])
    region.valid_from = _as_date(entry.get("valid_from"), code, "valid_from")
    region.valid_to = _as_date(entry.get("valid_to"), code, "valid_to")
    db.session.add(region)
    existing[code] = region
    return region


def sync_regions(path: Path = REGIONS_FILE) -> int:
    """Create or update every unit of the data file (matched by code); return how many."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RegionDataError(
            _("%(path)s: not valid YAML: %(error)s", path=path, error=exc)
        ) from exc
    existing = {r.code: r for r in db.session.scalars(select(Region))}
    count = 0
    for entry in entries:
        top = _upsert(entry, None, existing)
        count += 1
        for unit in entry.get("units", []):
            _upsert(unit, top, existing)
            count += 1
    db.session.flush()
    return count


def regions_for_choice(on: date | None = None) -> list[Region]:
    """Etraps and cities valid on a date (all when None), ordered velayat by velayat."""
    rows = db.session.scalars(select(Region).where(Region.parent_id.is_not(None))).all()
    if on is not None:
        rows = [r for r in rows if r.is_valid_on(on)]
    return sorted(rows, key=lambda r: (r.velayat.code, r.kind != "etrap", r.name_tk))
