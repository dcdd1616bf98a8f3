"""Administration of user accounts: list, create, edit roles, deactivate, reset, import, export."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, lazyload, selectinload

from lms.accounts.access import role_required
from lms.accounts.forms import (
    ROLE_LABELS,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
    UserImportForm,
)
from lms.accounts.models import Region, User, UserRole, name_order
from lms.accounts.names import nfc
from lms.accounts.regions import regions_for_choice
from lms.accounts.user_import import import_users
from lms.accounts.users import (
    AccountError,
    NewUser,
    create_user,
    reset_password,
    set_active,
    set_roles,
    update_profile,
)
from lms.accounts.views.blueprint import bp
from lms.core.downloads import csv_download
from lms.core.extensions import db
from lms.core.forms import choice_list
from lms.core.numbers import int_arg
from lms.core.search import contains
from lms.core.spreadsheets import CsvDecodeError, decode_upload
from lms.core.unit_of_work import all_or_nothing
from lms.i18n.collation import fold, folded
from lms.i18n.language import language
from lms.i18n.languages import LANGUAGES

PAGE_SIZE = 50
REGION_KIND_LABELS = {"velayat": _l("velayat"), "city": _l("city"), "etrap": _l("etrap")}


def _region_choices():
    shown = language()
    return choice_list(
        [("", _("(none)"))]
        + [(r.code, f"{r.velayat.name(shown)} — {r.name(shown)}") for r in regions_for_choice()]
    )


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _filtered_users():
    query = select(User).options(selectinload(User.role_rows)).order_by(name_order(), User.id)
    q = nfc(request.args.get("q", ""))[:100]
    if q:  # case and accents do not matter: "asgabat" finds "Aşgabat"
        dialect = db.engine.dialect.name
        etrap, velayat = aliased(Region), aliased(Region)
        places = [
            contains(folded(getattr(place, f"name_{language}"), dialect), fold(q))
            for place in (etrap, velayat)
            for language in LANGUAGES
        ]
        query = (
            query.outerjoin(etrap, User.region_id == etrap.id)
            .outerjoin(velayat, etrap.parent_id == velayat.id)
            .where(
                or_(
                    contains(folded(User.full_name, dialect), fold(q)),
                    contains(User.username_key, q.casefold()),
                    *places,
                )
            )
        )
    role = request.args.get("role")
    if role:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    return query, q, role


@bp.get("/admin/users")
@role_required("admin")
def users():
    query, q, role = _filtered_users()
    query = query.options(lazyload(User.region))  # the list does not show regions
    page = int_arg(request.args, "page", default=1, maximum=100_000)
    rows = db.paginate(query, page=page, per_page=PAGE_SIZE, error_out=False)
    return render_template(
        "accounts/admin/users.html", users=rows, q=q, role=role, role_labels=ROLE_LABELS
    )


@bp.get("/admin/users.csv")
@role_required("admin")
def users_csv():
    query, _q, _role = _filtered_users()
    rows = (
        (
            u.username,
            u.full_name,
            " ".join(sorted(u.roles)),
            u.email or "",
            u.region.code if u.region else "",
            "yes" if u.active else "no",
        )
        for u in db.session.scalars(query)
    )
    # Not translated: the column names and codes of the user import (plus "active": yes/no),
    # the same in every language, so that a file can go from one tool to the other.
    header = ["username", "full_name", "roles", "email", "region", "active"]
    return csv_download("users.csv", header, rows)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@role_required("admin")
def user_new():
    form = UserCreateForm()
    form.region.choices = _region_choices()
    if form.validate_on_submit():
        new = NewUser(
            username=form.username.data,
            full_name=form.full_name.data,
            password=form.password.data,
            roles=tuple(form.roles.data),
            email=form.email.data,
            language=form.language.data or None,
            region_code=form.region.data or None,
        )
        try:
            with all_or_nothing():
                user = create_user(new, actor_id=current_user.id)
        except AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("User %(name)s created.", name=user.full_name), "success")
            return redirect(url_for("accounts.user_edit", user_id=user.id))
    return render_template("accounts/admin/user_new.html", form=form)


def _apply_user_edit(user: User, form: UserEditForm) -> None:
    update_profile(
        user,
        full_name=form.full_name.data,
        email=form.email.data,
        language=form.language.data or None,
        region_code=form.region.data or None,
        actor_id=current_user.id,
    )
    set_roles(user, list(form.roles.data), actor_id=current_user.id)
    set_active(user, form.active.data, actor_id=current_user.id)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def user_edit(user_id: int):
    user = _user_or_404(user_id)
    form = UserEditForm(obj=user if request.method == "GET" else None)
    form.region.choices = _region_choices()
    if request.method == "GET":
        form.roles.data = sorted(user.roles)
        form.region.data = user.region.code if user.region else ""
        form.language.data = user.language or ""
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                _apply_user_edit(user, form)
        except AccountError as exc:
            form.form_errors.append(str(exc))
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("accounts.user_edit", user_id=user.id))
    return render_template(
        "accounts/admin/user_edit.html",
        form=form,
        user=user,
        reset_form=PasswordResetForm(formdata=None),
    )


@bp.post("/admin/users/<int:user_id>/password")
@role_required("admin")
def user_reset_password(user_id: int):
    user = _user_or_404(user_id)
    form = PasswordResetForm()
    if not form.validate_on_submit():
        for error in form.new_password.errors or [_("The form could not be checked.")]:
            flash(str(error), "error")
        return redirect(url_for("accounts.user_edit", user_id=user.id))
    try:
        reset_password(user, form.new_password.data, actor_id=current_user.id)
    except AccountError as exc:
        flash(str(exc), "error")
        return redirect(url_for("accounts.user_edit", user_id=user.id))
    flash(_("Password reset; the user has been logged out everywhere."), "success")
    return redirect(url_for("accounts.user_edit", user_id=user.id))


@bp.route("/admin/users/import", methods=["GET", "POST"])
@role_required("admin")
def user_import():
    form = UserImportForm()
    report = None
    if form.validate_on_submit():
        try:
            text = decode_upload(form.file.data.read())
        except CsvDecodeError as exc:
            form.file.errors.append(str(exc))
        else:
            with all_or_nothing() as import_:
                report = import_users(text, actor_id=current_user.id)
                if not report.ok:
                    import_.rollback()  # the report lists every problem; nothing is imported
            if report.ok:
                count = len(report.users)
                flash(
                    ngettext("%(num)d user imported.", "%(num)d users imported.", count), "success"
                )
    return render_template("accounts/admin/user_import.html", form=form, report=report)


@bp.get("/admin/regions")
@role_required("admin")
def regions():
    rows = db.session.scalars(select(Region).order_by(Region.code)).all()
    return render_template(
        "accounts/admin/regions.html", regions=rows, kind_labels=REGION_KIND_LABELS
    )
