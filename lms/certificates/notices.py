"""What certificates tell the notifications package: how to name and link a certificate for
its holder (issued or revoked). Imported by the certificates blueprint."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from lms.accounts.models import User
from lms.certificates.models import Certificate
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.i18n.language import language
from lms.notifications.subjects import SubjectLink, subject_type


@subject_type("certificate")
def _certificates(reader: User, ids: list[int]) -> dict[int, SubjectLink]:
    """Only the holder follows a notification about a certificate to their certificates page."""
    found = db.session.scalars(
        select(Certificate).where(Certificate.id.in_(ids), Certificate.user_id == reader.id)
    ).all()
    links = {}
    for certificate in found:
        programme = catalogue().programme(certificate.programme)
        name = programme.titles.get(language()) if programme else certificate.programme
        title = f"{name} ({certificate.serial})"
        links[certificate.id] = SubjectLink(title, url_for("certificates.mine"))
    return links
