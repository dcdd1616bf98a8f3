"""The National Pool of Educators (resource group ``pool``): its register and cascade.

The register is the logged-in register page's (``lms.certificates.pool.register``): every
logged-in person reads it, and only admins see revoked members. The cascade's national view is
for admins only, as its page is (others: 403).
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from lms.accounts.models import Region
from lms.api.auth import Caller, api_access
from lms.api.errors import ApiError
from lms.api.lists import page_of_list, paged, region_ids
from lms.api.resources.pool_schemas import (
    CascadeSchema,
    PoolListQuery,
    PoolMemberSchema,
    PoolPageSchema,
)
from lms.api.spec import API_PREFIX, ApiBlueprint
from lms.certificates.cascade import spread
from lms.certificates.pool import PoolEntry, register
from lms.core.extensions import db
from lms.i18n.language import language as current_language

blp = ApiBlueprint(
    "api_pool",
    __name__,
    url_prefix=f"{API_PREFIX}/pool",
    description="The National Pool of Educators: its register and the cascade's spread.",
)


def _place(region: Region | None) -> dict | None:
    if region is None:
        return None
    return {"code": region.code, "name": region.name(current_language())}


def _member(entry: PoolEntry) -> dict:
    region = entry.region
    velayat = region.velayat if region is not None else None
    return {
        "user_id": entry.user.id,
        "name": entry.user.full_name,
        "velayat": _place(velayat),
        "etrap": _place(region) if region is not None and region is not velayat else None,
        "modules": entry.modules,
        "status": entry.status,
        "reason": entry.reason,
        "certified_on": entry.member.certified_on,
        "generation": entry.member.generation,
        "certificate": entry.certificate.code_display,
        "expires_on": entry.certificate.expires_on,
    }


def readable_register(caller: Caller, search: str = "") -> list[PoolEntry]:
    """The register as the caller's register page shows it (revoked members: admins only)."""
    return register(search, include_revoked=caller.user.has_role("admin"))


def _every_place() -> list[Region]:
    """Every region (about 70) in one statement, held while the answer is written: each
    member's etrap and velayat are then found in the session (which holds its objects only
    while they are referenced), not read one statement per place."""
    return list(db.session.scalars(select(Region)))


def _filtered(entries: list[PoolEntry], query: dict) -> list[PoolEntry]:
    if "region" in query:
        places = set(region_ids(query["region"]))
        entries = [e for e in entries if e.user.region_id in places]
    if "certified_from" in query:
        entries = [e for e in entries if e.member.certified_on >= query["certified_from"]]
    if "certified_to" in query:
        entries = [e for e in entries if e.member.certified_on <= query["certified_to"]]
    return entries


@blp.get("")
@api_access("pool")
@blp.etag
@blp.arguments(PoolListQuery, location="query")
@blp.response(200, PoolPageSchema)
def list_pool(caller: Caller, query: dict):
    """The register, newest certificate first; filters by region and certification date."""
    places = _every_place()  # noqa: F841 - kept until the members are written
    entries = _filtered(readable_register(caller, query.get("q", "")), query)
    return paged(page_of_list([_member(e) for e in entries], query))


@blp.get("/cascade")
@api_access("pool")
@blp.etag
@blp.response(200, CascadeSchema)
def get_cascade(caller: Caller):
    """The cascade's national view (admins).

    New national trainers and trainees certified, by year and velayat, and the members of
    each generation."""
    if not caller.user.has_role("admin"):
        raise ApiError(403, "forbidden")
    entries = readable_register(caller)
    rows = spread({e.user.id: e.member for e in entries})
    generations: dict[int, int] = {}
    for entry in entries:
        generations[entry.member.generation] = generations.get(entry.member.generation, 0) + 1
    return {
        "members": len(entries),
        "generations": {str(g): n for g, n in sorted(generations.items())},
        "rows": [
            {
                "year": r.year,
                "velayat": r.velayat,
                "new_trainers": r.new_trainers,
                "generations": {str(g): n for g, n in r.generations.items()},
                "certified": r.certified,
            }
            for r in rows
        ],
    }


@blp.get("/<int:user_id>")
@api_access("pool")
@blp.etag
@blp.response(200, PoolMemberSchema)
def get_member(caller: Caller, user_id: int):
    """One member of the register (as their page in the register)."""
    entry = next((e for e in readable_register(caller) if e.user.id == user_id), None)
    return _member(entry) if entry is not None else abort(404)
