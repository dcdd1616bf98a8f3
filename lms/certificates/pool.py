"""The National Pool of Educators: everyone who holds (or held) a ToT certificate.

Membership is active or expired by the renewal rule of ``cascade.py`` (training cohorts keeps
it active), and gone from the public page when the certificate is revoked. Admins record which
modules each member may teach.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ForeignKey, Text, select
from sqlalchemy.orm import Mapped, mapped_column, selectinload

from lms.accounts.models import Region, User
from lms.certificates.cascade import POOL_PROGRAMME, CascadeMember, cascade
from lms.certificates.models import Certificate
from lms.core.extensions import db
from lms.i18n.collation import fold

__all__ = ["POOL_PROGRAMME", "PoolEntry", "PoolMember", "register", "set_modules"]


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
    status: str  # active | expired | revoked (the membership, by the renewal rule)
    modules: list[str]
    member: CascadeMember

    @property
    def reason(self) -> str:
        return self.member.membership.reason

    @property
    def region(self) -> Region | None:
        return self.user.region


def register(search: str = "", include_revoked: bool = False) -> list[PoolEntry]:
    """Pool members with their latest ToT certificate, newest first; one query each kind."""
    rows = db.session.scalars(
        select(Certificate)
        .where(Certificate.programme == POOL_PROGRAMME, Certificate.status != "superseded")
        .options(selectinload(Certificate.holder))
        .order_by(Certificate.issued_at.desc())
    ).all()
    members = {m.user_id: m for m in db.session.scalars(select(PoolMember))}
    current: dict[int, Certificate] = {}
    for certificate in rows:
        current.setdefault(certificate.user_id, certificate)
    cascades = cascade(current)  # revoked members too: whom they trained still counts
    seen, entries = set(), []
    needle = fold(search.strip())
    for certificate in rows:
        user = certificate.holder
        if user.id in seen:
            continue
        seen.add(user.id)
        status = cascades[user.id].membership.status
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
        entries.append(PoolEntry(user, certificate, status, modules, cascades[user.id]))
    return entries


def set_modules(user_id: int, keys: list[str]) -> PoolMember:
    member = db.session.get(PoolMember, user_id) or PoolMember(user_id=user_id)
    member.modules = ",".join(sorted(set(keys)))
    db.session.add(member)
    return member
