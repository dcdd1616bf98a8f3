"""The National Pool of Educators: the full register for logged-in users, a public page whose
fields are configured (LMS_POOL_PUBLIC_FIELDS), each member's page (whom they trained), the
national view of the cascade for admins, and admins' record of modules taught."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.accounts.models import Region, User
from lms.certificates.cascade import spread
from lms.certificates.forms import PoolModulesForm
from lms.certificates.pool import POOL_PROGRAMME, PoolMember, register, set_modules
from lms.certificates.views.blueprint import pool_bp
from lms.core.caching import public_page
from lms.core.downloads import csv_download
from lms.core.extensions import db
from lms.courses.content import catalogue
from lms.i18n.language import language as current_language


def _teachable_modules() -> list[tuple[str, str]]:
    language = current_language()
    return [
        (f"{p.code}/{m.slug}", f"{p.titles.get(language)}: {m.titles.get(language)}")
        for p in catalogue().programmes
        if p.code != POOL_PROGRAMME
        for m in p.modules
    ]


@pool_bp.get("/")
@login_required
def index():
    search = request.args.get("q", "")[:100]
    entries = register(search, include_revoked=current_user.has_role("admin"))
    return render_template(
        "certificates/pool.html",
        entries=entries,
        q=search,
        public=False,
        fields=("name", "velayat", "etrap", "modules", "status", "expires"),
        modules=dict(_teachable_modules()),
    )


@pool_bp.get("/public")
@public_page
def public():
    search = request.args.get("q", "")[:100]
    return render_template(
        "certificates/pool.html",
        entries=register(search),
        q=search,
        public=True,
        fields=current_app.config["POOL_PUBLIC_FIELDS"],
        modules=dict(_teachable_modules()),
    )


@pool_bp.route("/<int:user_id>/modules", methods=["GET", "POST"])
@role_required("admin")
def modules(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not any(e.user.id == user_id for e in register(include_revoked=True)):
        abort(404)
    form = PoolModulesForm()
    options = _teachable_modules()
    if form.validate_on_submit():
        chosen = [key for key in request.form.getlist("modules") if key in dict(options)]
        set_modules(user.id, chosen)
        flash(_("Modules saved."), "success")
        return redirect(url_for("pool.index"))
    member = db.session.get(PoolMember, user_id)
    return render_template(
        "certificates/pool_modules.html",
        user=user,
        form=form,
        options=options,
        chosen=set(member.module_keys if member else []),
    )


@pool_bp.get("/<int:user_id>")
@login_required
def member(user_id: int):
    admin = current_user.has_role("admin")
    entry = next((e for e in register(include_revoked=admin) if e.user.id == user_id), None)
    if entry is None:
        abort(404)
    return render_template(
        "certificates/pool_member.html",
        entry=entry,
        modules=dict(_teachable_modules()),
        programmes={p.code: p.titles.get(current_language()) for p in catalogue().programmes},
    )


def _cascade_data():
    entries = register(include_revoked=True)
    members = {e.user.id: e.member for e in entries}
    rows = spread(members)
    language = current_language()
    velayats = {
        r.code: r.name(language)
        for r in db.session.scalars(select(Region).where(Region.parent_id.is_(None)))
    }
    generations = {}
    for e in entries:
        generations[e.member.generation] = generations.get(e.member.generation, 0) + 1
    return entries, rows, velayats, dict(sorted(generations.items()))


@pool_bp.get("/cascade")
@role_required("admin")
def cascade_view():
    entries, rows, velayats, generations = _cascade_data()
    years = sorted({r.year for r in rows})
    widest = max([r.certified for r in rows] + [r.new_trainers for r in rows] + [1])
    return render_template(
        "certificates/pool_cascade.html",
        entries=entries,
        rows=rows,
        years=years,
        velayats=velayats,
        generations=generations,
        widest=widest,
        widest_generation=max([*generations.values(), 1]),
    )


@pool_bp.get("/cascade.csv")
@role_required("admin")
def cascade_csv():
    rows, velayats = _cascade_data()[1:3]
    header = [
        _("Year"),
        _("Velayat"),
        _("New national trainers"),
        _("By generation"),
        _("Trainees certified in their cohorts"),
    ]
    body = [
        [
            r.year,
            velayats.get(r.velayat, r.velayat),
            r.new_trainers,
            "; ".join(f"{g}: {n}" for g, n in r.generations.items()),
            r.certified,
        ]
        for r in rows
    ]
    return csv_download("pool-cascade.csv", header, body)
