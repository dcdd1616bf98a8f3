"""What the pool operations answer: the National Pool of Educators' register (as the
logged-in register page shows it) and, for admins, the cascade's spread by year and velayat."""

from __future__ import annotations

import marshmallow as ma

from lms.api.lists import PageQuery, RegionQuery, date_range, page_schema


class PlaceSchema(ma.Schema):
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True, metadata={"description": "In the caller's language."})


class PoolMemberSchema(ma.Schema):
    user_id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    velayat = ma.fields.Nested(PlaceSchema, required=True, allow_none=True)
    etrap = ma.fields.Nested(PlaceSchema, required=True, allow_none=True)
    modules = ma.fields.List(
        ma.fields.String(),
        required=True,
        metadata={"description": "What they may teach, as programme/module keys."},
    )
    status = ma.fields.String(
        required=True,
        metadata={"description": "active, expired (by the renewal rule) or revoked (admins only)."},
    )
    reason = ma.fields.String(required=True, metadata={"description": "Why, in words."})
    certified_on = ma.fields.Date(required=True, metadata={"description": "First ToT certificate."})
    generation = ma.fields.Integer(
        required=True,
        metadata={"description": "0: trained by no pool member; n: by generation n-1."},
    )
    certificate = ma.fields.String(required=True, metadata={"description": "Its code."})
    expires_on = ma.fields.Date(required=True, allow_none=True)


class CascadeRowSchema(ma.Schema):
    year = ma.fields.Integer(required=True)
    velayat = ma.fields.String(
        required=True, metadata={"description": "The velayat's code (empty when unknown)."}
    )
    new_trainers = ma.fields.Integer(required=True)
    generations = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        required=True,
        metadata={"description": "Generation -> new national trainers of it."},
    )
    certified = ma.fields.Integer(
        required=True, metadata={"description": "Trainees certified in pool members' cohorts."}
    )


class CascadeSchema(ma.Schema):
    members = ma.fields.Integer(required=True, metadata={"description": "Revoked ones included."})
    generations = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        required=True,
        metadata={"description": "Generation -> pool members of it."},
    )
    rows = ma.fields.List(ma.fields.Nested(CascadeRowSchema), required=True)


class PoolListQuery(PageQuery, RegionQuery, date_range("certified")):
    q = ma.fields.String(
        validate=ma.validate.Length(max=100),
        metadata={"description": "Search in names, places and modules (as the page's search)."},
    )


PoolPageSchema = page_schema(PoolMemberSchema, "PoolPage")
