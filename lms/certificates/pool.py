"""The National Pool of Educators: everyone who holds (or held) a ToT certificate.

Membership follows the certificate: valid while it is valid, lapsed when it expires, gone from
the public page when it is revoked. Admins record which modules each member may teach.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ForeignKey, Text, select
from sqlalchemy.orm import Mapped, mapped_column, selectinload

from lms.accounts.models import Region, User
from lms.certificates.models import Certificate
from lms.core.database import local_today
from lms.core.extensions import db
from lms.i18n.collation import fold

# The programme whose certificate makes a trainer of trainers (content/tot/programme.md).
POOL_PROGRAMME = "tot"


class PoolMember(db.Model):
    """What a pool member may teach (module keys "programme/module"), kept by admins."""

    __tablename__ = "pool_members"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    modules: Mapped[str] = mapped_column(Text, default="")

    @property
    def module_keys(self) -> list[str]:
        return [key for key in self.modules.split(",") if key]


@dataclass(frozen=True)
class PoolEntry:
    user: User
    certificate: Certificate
    status: str  # valid | expired | revoked
    modules: list[str]

    @property
    def region(self) -> Region | None:
        return self.user.region


def _status(certificate: Certificate, today: date) -> str:
    if certificate.status == "revoked":
        return "revoked"
    return "expired" if certificate.is_expired(today) else "valid"


def register(search: str = "", include_revoked: bool = False) -> list[PoolEntry]:
    """Pool members with their latest ToT certificate, newest first; one query each kind."""
    rows = db.session.scalars(
        select(Certificate)
        .where(Certificate.programme == POOL_PROGRAMME, Certificate.status != "superseded")
        .options(selectinload(Certificate.holder))
        .order_by(Certificate.issued_at.desc())
    ).all()
    members = {m.user_id: m for m in db.session.scalars(select(PoolMember))}
    today, seen, entries = local_today(), set(), []
    needle = fold(search.strip())
    for certificate in rows:
        user = certificate.holder
        if user.id in seen:
            continue
        seen.add(user.id)
        status = _status(certificate, today)
        if status == "revoked" and not include_revoked:
            continue
        modules = members[user.id].module_keys if user.id in members else []
        haystack = fold(
            " ".join(
                [
                    user.full_name,
                    user.region.name_tk if user.region else "",
                    user.region.velayat.name_tk if user.region else "",
                ]
                + modules
            )
        )
        if needle and needle not in haystack:
            continue
        entries.append(PoolEntry(user, certificate, status, modules))
    return entries


def set_modules(user_id: int, keys: list[str]) -> PoolMember:
    member = db.session.get(PoolMember, user_id) or PoolMember(user_id=user_id)
    member.modules = ",".join(sorted(set(keys)))
    db.session.add(member)
    return member
