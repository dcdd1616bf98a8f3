"""Date filters on UTC timestamps: ``<field>_from`` / ``<field>_to`` are local dates.

Times are stored in UTC and people read them in Asia/Ashgabat, so a filter on the day someone
saw on a page covers that local day, midnight to midnight, whatever UTC says.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import InstrumentedAttribute

from lms.core.database import LOCAL_TIMEZONE


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL_TIMEZONE).astimezone(UTC)


def within_local_days(column: InstrumentedAttribute, query: dict, name: str) -> list:
    """SQL conditions: ``column`` (a UTC time) falls on or after ``<name>_from`` and on or
    before ``<name>_to``, both local dates, when given."""
    conditions = []
    low, high = query.get(f"{name}_from"), query.get(f"{name}_to")
    if low is not None:
        conditions.append(column >= _local_midnight(low))
    if high is not None:
        conditions.append(column < _local_midnight(high + timedelta(days=1)))
    return conditions
