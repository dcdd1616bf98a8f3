"""Loading the velayat/etrap list from ``data/regions.yaml`` into the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from lms.accounts.models import Region
from lms.accounts.region_file import RegionDataError, RegionEntry, read_region_file
from lms.core.extensions import db
from lms.i18n.languages import LANGUAGES

REGIONS_FILE = Path(__file__).parent / "data" / "regions.yaml"

__all__ = ["REGIONS_FILE", "RegionDataError", "regions_for_choice", "sync_regions"]


def _upsert(entry: RegionEntry, existing: dict[str, Region]) -> None:
    region = existing.get(entry.code) or Region(code=entry.code)
    region.kind = entry.kind
    region.parent = existing[entry.parent_code] if entry.parent_code else None
    for language in LANGUAGES:
        setattr(region, f"name_{language}", entry.names[language])
    region.valid_from, region.valid_to = entry.valid_from, entry.valid_to
    db.session.add(region)
    existing[entry.code] = region


def sync_regions(path: Path = REGIONS_FILE) -> int:
    """Create or update every unit of the data file (matched by code); return how many.

    The whole file is checked before anything is written (``RegionDataError`` otherwise).
    """
    entries = read_region_file(path)
    existing = {r.code: r for r in db.session.scalars(select(Region))}
    for entry in entries:  # each velayat comes before its units
        _upsert(entry, existing)
    db.session.flush()
    return len(entries)


def regions_for_choice(on: date | None = None) -> list[Region]:
    """Etraps and cities valid on a date (all when None), ordered velayat by velayat."""
    rows = db.session.scalars(select(Region).where(Region.parent_id.is_not(None))).all()
    if on is not None:
        rows = [r for r in rows if r.is_valid_on(on)]
    return sorted(rows, key=lambda r: (r.velayat.code, r.kind != "etrap", r.name_tk))
