"""Logging in and out, changing one's own password and profile."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from lms.accounts import idle
from lms.accounts.auth import LoginRefused, LoginThrottled, authenticate, end_session, start_session
from lms.accounts.devices import is_known_device, remember_device
from lms.accounts.forms import LoginForm, PasswordChangeForm, SimpleActionForm
from lms.accounts.names import username_key
from lms.accounts.users import AccountError, change_own_password
from lms.accounts.views.blueprint import bp
from lms.core.extensions import limiter
from lms.core.unit_of_work import all_or_nothing
from lms.core.web import is_safe_next


def _log_in(user) -> None:
    language = session.get("language")
    session.clear()  # a fresh session on login: no fixation of an earlier one
    if language:
        session["language"] = language
    start_session(user)
    login_user(user)
    idle.begin(user)
    _renew_csrf()


def _renew_csrf() -> None:
    """Give the fresh session its CSRF secret now, in the login's cookie. Otherwise the first
    page with a form adds one and sends the cookie again (on every page, to a client that keeps
    only the login's cookie). The token this request made from the old secret goes with it."""
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    generate_csrf()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("site.index"))
    form = LoginForm()
    target = request.args.get("next")
    if form.validate_on_submit():
        try:
            known = is_known_device(username_key(form.username.data))
            user = authenticate(form.username.data, form.password.data, known_device=known)
        except LoginThrottled as exc:
            form.form_errors.append(
                _(
                    "Too many failed attempts for this username. Try again after %(time)s.",
                    time=format_datetime(exc.until, "short"),
                )
            )
        except LoginRefused:  # its record is kept by authenticate, apart from this request
            form.form_errors.append(_("Wrong username or password."))
        else:
            _log_in(user)
            response = redirect(target if is_safe_next(target) else url_for("site.index"))
            return remember_device(response, user.username_key)
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    form = SimpleActionForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        end_session(current_user.session_token)
        logout_user()
        session.clear()
        flash(_("You have logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                change_own_password(
                    current_user, form.current_password.data, form.new_password.data
                )
        except AccountError as exc:
            form.current_password.errors.append(str(exc))
        else:
            login_user(
                current_user._get_current_object()
            )  # the cookie now carries the fresh session's token
            flash(
                _("Your password has been changed. Other devices have been logged out."), "success"
            )
            return redirect(url_for("site.index"))
    return render_template("accounts/password.html", form=form)
