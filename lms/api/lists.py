"""The conventions every list operation follows: paging, and filters by date and region.

Paging is ``limit`` (1..MAX_LIMIT, default DEFAULT_LIMIT) and ``offset`` (0 or more); the answer
is ``{"items": [...], "total": n, "limit": l, "offset": o, "next": url-or-null}`` and the next
page is also in a ``Link: <url>; rel="next"`` header. Date filters are ``<field>_from`` and
``<field>_to`` (inclusive ISO dates, e.g. ``starts_from=2026-09-01``); a region filter is
``region`` (a region code: a velayat takes in its etraps). Compose a list's query schema from
``PageQuery`` and the filter schemas by inheritance.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import marshmallow as ma
from flask import request, url_for
from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from lms.accounts.models import Region
from lms.api.errors import ApiError
from lms.core.extensions import db

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class PageQuery(ma.Schema):
    limit = ma.fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=ma.validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"Items per page, 1 to {MAX_LIMIT}."},
    )
    offset = ma.fields.Integer(
        load_default=0,
        validate=ma.validate.Range(min=0, max=10_000_000),
        metadata={"description": "Items to skip."},
    )


class RegionQuery(ma.Schema):
    region = ma.fields.String(
        validate=ma.validate.Length(min=1, max=32),
        metadata={"description": "A region code; a velayat includes its etraps."},
    )


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The response schema of a list of ``item_schema``; ``name`` (e.g. ``ProgrammePage``)
    names it in the description."""
    fields = {
        "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
        "total": ma.fields.Integer(required=True),
        "limit": ma.fields.Integer(required=True),
        "offset": ma.fields.Integer(required=True),
        "next": ma.fields.String(
            required=True, allow_none=True, metadata={"description": "The next page's URL."}
        ),
    }
    return type(f"{name}Schema", (ma.Schema,), fields)


def _next_url(total: int, limit: int, offset: int) -> str | None:
    if offset + limit >= total:
        return None
    args = {**request.args.to_dict(), "limit": limit, "offset": offset + limit}
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def page(items: Sequence[Any], total: int, query: dict) -> dict:
    """The page's answer body; the ``Link`` header is added by ``link_header``."""
    limit, offset = query["limit"], query["offset"]
    return {
        "items": list(items),
        "total": total,
        "limit": limit,
        "offset": offset,
        "next": _next_url(total, limit, offset),
    }


def page_of_list(everything: Sequence[Any], query: dict) -> dict:
    """A page of an in-memory list (content from the Catalogue)."""
    offset, limit = query["offset"], query["limit"]
    return page(everything[offset : offset + limit], len(everything), query)


def page_of_select(
    statement: Select, query: dict, shown: Callable[[Any], Any] | None = None
) -> dict:
    """A page of a SELECT: two statements (the count, the page), whatever the table's size;
    ``shown`` turns each row into its item."""
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = db.session.scalars(statement.limit(query["limit"]).offset(query["offset"])).all()
    return page([shown(row) for row in rows] if shown else rows, total or 0, query)


def link_header(body: dict) -> dict[str, str]:
    """Headers for a page's response: ``Link`` to the next page, when there is one."""
    return {"Link": f'<{body["next"]}>; rel="next"'} if body["next"] else {}


def paged(body: dict) -> tuple[dict, int, dict[str, str]]:
    """A list operation's answer: the page, 200, and its ``Link`` header."""
    return body, 200, link_header(body)


def date_range(name: str) -> type[ma.Schema]:
    """A schema with ``<name>_from`` and ``<name>_to`` (inclusive dates; from <= to)."""

    def check(schema, data, **_kwargs):
        low, high = data.get(f"{name}_from"), data.get(f"{name}_to")
        if low is not None and high is not None and low > high:
            raise ma.ValidationError(_("must not be after the end date"), f"{name}_from")

    return type(
        f"{name.title()}DateRange",
        (ma.Schema,),
        {
            f"{name}_from": ma.fields.Date(metadata={"description": "On or after (ISO date)."}),
            f"{name}_to": ma.fields.Date(metadata={"description": "On or before (ISO date)."}),
            "_check_range": ma.validates_schema(check),
        },
    )


def region_ids(code: str) -> list[int]:
    """The ids of the region ``code`` and of the regions inside it; 422 for an unknown code."""
    region = db.session.scalar(select(Region).where(Region.code == code))
    if region is None:
        raise ApiError(422, "validation_failed", errors={"query.region": ["unknown region"]})
    children = db.session.scalars(select(Region.id).where(Region.parent_id == region.id)).all()
    return [region.id, *children]
