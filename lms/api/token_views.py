"""Pages for personal access tokens: a person's own (/account/tokens), everyone's for admins.

The secret is shown once, on the page that answers the creation; afterwards only its first
characters are. Revoking asks for a confirmation on its own page.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.api.forms import RevokeForm, TokenForm, scope_label
from lms.api.models import ApiToken
from lms.api.tokens import create_token, revoke_token, tokens_of
from lms.core.database import LOCAL_TIMEZONE, utcnow
from lms.core.extensions import db

bp = Blueprint("api_tokens", __name__, template_folder="templates")

ADMIN_LIST_MAX = 500


def _end_of(day) -> datetime:
    """The token works through ``day`` (Ashgabat time): it expires at the next midnight."""
    return datetime.combine(day + timedelta(days=1), time.min, LOCAL_TIMEZONE)


def _page(form: TokenForm, new_secret: str | None = None, status: int = 200):
    return render_template(
        "api/tokens.html",
        form=form,
        tokens=tokens_of(current_user),
        new_secret=new_secret,
        now=utcnow(),
        scope_label=scope_label,
    ), status


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = TokenForm(owner=current_user)
    if not form.validate_on_submit():
        return _page(form, status=422 if form.is_submitted() else 200)
    made = create_token(
        current_user,
        form.name.data.strip(),
        form.scopes.data,
        _end_of(form.expires_on.data),
        actor=current_user,
    )
    flash(_("Token created. Copy it now: it will not be shown again."), "success")
    # 201, not a redirect: the secret exists only in this answer (only its hash is kept)
    return _page(TokenForm(formdata=None, owner=current_user), new_secret=made.secret, status=201)


def _revocable(token_id: int) -> ApiToken:
    """The person's own token, or anyone's for an admin; 404 otherwise."""
    token = db.session.get(ApiToken, token_id)
    if token is None or not (token.user_id == current_user.id or current_user.has_role("admin")):
        abort(404)
    return token


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(token_id: int):
    token = _revocable(token_id)
    form = RevokeForm()
    if form.validate_on_submit():
        revoke_token(token, actor=current_user)
        flash(_("Token “%(name)s” revoked.", name=token.name), "success")
        if token.user_id != current_user.id:
            return redirect(url_for("api_tokens.all_tokens"))
        return redirect(url_for("api_tokens.tokens"))
    status = 422 if form.is_submitted() else 200
    return render_template("api/revoke.html", form=form, token=token), status


@bp.get("/admin/tokens")
@role_required("admin")
def all_tokens():
    everyone = db.session.scalars(
        select(ApiToken)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        .limit(ADMIN_LIST_MAX)
    ).all()
    return render_template(
        "api/all_tokens.html", tokens=everyone, now=utcnow(), scope_label=scope_label
    )
