"""What the certificates operations answer: a certificate's code, programme, holder, issue date
and status (with the revocation's date and reason), with links to its PDF, its Open Badges 3.0
credential and its public verification page; and the public verdict on a code."""

from __future__ import annotations

import marshmallow as ma

from lms.api.lists import PageQuery, RegionQuery, date_range, page_schema

STATUSES = ("valid", "expired", "revoked", "superseded")
STATUS = {
    "description": "valid; expired (genuine, past its end date); revoked; superseded "
    "(replaced by a reissued certificate)."
}


class HolderSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True, metadata={"description": "As printed on it."})


class RevocationSchema(ma.Schema):
    on = ma.fields.Date(required=True, metadata={"description": "The day it was revoked (UTC)."})
    reason = ma.fields.String(required=True, allow_none=True)


class CertificateLinksSchema(ma.Schema):
    pdf = ma.fields.String(required=True, metadata={"description": "The PDF (login needed)."})
    openbadge = ma.fields.String(
        required=True, metadata={"description": "The signed Open Badges 3.0 credential (public)."}
    )
    verify = ma.fields.String(
        required=True, metadata={"description": "The public verification page."}
    )


class CertificateSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True, metadata={"description": "The verification code."})
    serial = ma.fields.String(required=True)
    programme = ma.fields.String(required=True, metadata={"description": "Programme code."})
    holder = ma.fields.Nested(HolderSchema, required=True)
    issued = ma.fields.DateTime(required=True, metadata={"description": "When issued (UTC)."})
    expires_on = ma.fields.Date(required=True, allow_none=True)
    status = ma.fields.String(required=True, metadata=STATUS)
    revoked = ma.fields.Nested(RevocationSchema, required=True, allow_none=True)
    replaced_by = ma.fields.String(
        required=True, allow_none=True, metadata={"description": "The code of its replacement."}
    )
    links = ma.fields.Nested(CertificateLinksSchema, required=True)


class CertificateListQuery(PageQuery, RegionQuery, date_range("issued")):
    programme = ma.fields.String(
        validate=ma.validate.Length(min=1, max=32), metadata={"description": "A programme code."}
    )
    status = ma.fields.String(
        validate=ma.validate.OneOf(("valid", "revoked", "superseded")),
        metadata={"description": "The recorded status (an expired certificate is valid here)."},
    )


class VerdictSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata=STATUS)
    code = ma.fields.String(required=True)
    serial = ma.fields.String(required=True)
    programme = ma.fields.Dict(
        required=True, metadata={"description": "The programme as signed (code and titles)."}
    )
    holder = ma.fields.String(required=True)
    issued_on = ma.fields.String(required=True)
    expires_on = ma.fields.String(required=True, allow_none=True)
    revoked_on = ma.fields.String(required=True, allow_none=True)
    revoked_reason = ma.fields.String(required=True, allow_none=True)
    replaced_by = ma.fields.String(required=True, allow_none=True)


CertificatePageSchema = page_schema(CertificateSchema, "CertificatePage")
