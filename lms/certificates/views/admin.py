"""Admins issue, revoke and re-issue; trainers record observed co-facilitation (ToT)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from lms.accounts.access import role_required
from lms.accounts.cohorts import cohort_for, cohorts_visible_to, trainee_for
from lms.accounts.forms import SimpleActionForm
from lms.accounts.models import Cohort, User
from lms.accounts.names import username_key
from lms.certificates import cohort_job
from lms.certificates.co_facilitation import ObservedSession, record_co_facilitation
from lms.certificates.eligibility import check_eligibility_for
from lms.certificates.forms import CoFacilitationForm, IssueForm, ReasonForm
from lms.certificates.issuing import (
    CertificateError,
    NotEligible,
    issue_certificate,
    reissue_certificate,
    revoke_certificate,
    valid_certificates,
)
from lms.certificates.models import Certificate, CoFacilitation
from lms.certificates.pool import POOL_PROGRAMME
from lms.certificates.signing import SigningKeyMissing
from lms.certificates.views.blueprint import bp
from lms.core.extensions import db
from lms.core.forms import choice_list
from lms.core.numbers import int_arg
from lms.core.privacy import IdentifyingText
from lms.core.unit_of_work import all_or_nothing
from lms.courses.content import catalogue
from lms.i18n.language import in_name_order
from lms.i18n.language import language as current_language
from lms.jobs.control import start_job
from lms.jobs.queue import QueueUnavailable, check_available


@bp.get("/")
@role_required("admin")
def index():
    status = request.args.get("status", "")
    query = select(Certificate).order_by(Certificate.issued_at.desc())
    if status in ("valid", "revoked", "superseded"):
        query = query.where(Certificate.status == status)
    page = db.paginate(
        query,
        page=int_arg(request.args, "page", default=1, maximum=100_000),
        per_page=50,
        error_out=False,
    )
    return render_template("certificates/admin/index.html", certificates=page, status=status)


def _issue_form() -> IssueForm:
    form = IssueForm()
    form.programme.choices = choice_list(
        (p.code, p.titles.get(current_language())) for p in catalogue().programmes
    )
    cohorts = db.session.scalars(select(Cohort).order_by(Cohort.code)).all()
    form.cohort.choices = choice_list(
        [("", "—")] + [(c.code, f"{c.code} — {c.name}") for c in cohorts]
    )
    return form


def _issue_one(user: User, programme) -> str | None:
    """Issue to one person; return an error message or None."""
    try:
        outcome = issue_certificate(user, programme, actor_id=current_user.id)
    except NotEligible as exc:
        return _(
            "%(name)s is not eligible: %(reasons)s",
            name=user.full_name,
            reasons="; ".join(exc.eligibility.missing),
        )
    if not outcome.created:
        flash(
            _(
                "%(name)s already holds %(serial)s.",
                name=user.full_name,
                serial=outcome.certificate.serial,
            ),
            "info",
        )
    return None


@bp.route("/issue", methods=["GET", "POST"])
@role_required("admin")
def issue():
    form = _issue_form()
    if form.validate_on_submit():
        programme = catalogue().programme(form.programme.data)
        if form.cohort.data:
            cohort = db.session.scalar(select(Cohort).where(Cohort.code == form.cohort.data))
            return redirect(
                url_for("certificates.cohort", cohort_id=cohort.id, programme=programme.code)
            )
        user = db.session.scalar(
            select(User).where(User.username_key == username_key(form.username.data or ""))
        )
        if user is None:
            form.username.errors.append(_("There is no user with this username."))
        else:
            with all_or_nothing() as issuing:
                try:
                    error = _issue_one(user, programme)
                except SigningKeyMissing as exc:
                    error = str(exc)
                if error:
                    issuing.rollback()  # whatever was written before the refusal
            if error:
                form.form_errors.append(error)
            else:
                return redirect(url_for("certificates.index"))
    return render_template("certificates/admin/issue.html", form=form)


@bp.route("/cohorts/<int:cohort_id>", methods=["GET", "POST"])
@role_required("admin")
def cohort(cohort_id: int):
    """Eligible and not-yet-eligible trainees of a cohort, with reasons; issue to all eligible."""
    cohort = cohort_for(current_user, cohort_id) or abort(404)
    programme = catalogue().programme(request.args.get("programme", cohort.programme)) or abort(404)
    form = SimpleActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            check_available()
        except QueueUnavailable:
            flash(_("The job queue is unavailable; try again in a few minutes."), "error")
            # A path from url_for: the request's own URL is built from its (forgeable) Host header.
            return redirect(url_for(".cohort", cohort_id=cohort.id, programme=programme.code))
        job = start_job(
            cohort_job.KIND,
            started_by_id=current_user.id,
            cohort_id=cohort.id,
            programme=programme.code,
            actor_id=current_user.id,
        )
        return redirect(url_for("jobs.job", job_id=job.id))
    trainees = cohort.trainees
    held = valid_certificates([t.id for t in trainees], programme.code)
    eligibility = check_eligibility_for(trainees, programme)
    rows = [(t, held.get(t.id), eligibility[t.id]) for t in trainees]
    return render_template(
        "certificates/admin/cohort.html",
        cohort=cohort,
        programme=programme,
        rows=rows,
        language=current_language(),
        form=form,
    )


def _certificate_or_404(certificate_id: int) -> Certificate:
    return db.session.get(Certificate, certificate_id) or abort(404)


@bp.route("/<int:certificate_id>/revoke", methods=["GET", "POST"])
@role_required("admin")
def revoke(certificate_id: int):
    certificate = _certificate_or_404(certificate_id)
    form = ReasonForm()
    findings = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                revoke_certificate(
                    certificate,
                    form.reason.data,
                    actor_id=current_user.id,
                    confirmed=bool(form.confirm_privacy.data),
                )
        except IdentifyingText as exc:
            form.form_errors.append(str(exc))
            findings = exc.findings
        except CertificateError as exc:
            form.reason.errors.append(str(exc))
        else:
            flash(_("Certificate %(serial)s revoked.", serial=certificate.serial), "success")
            return redirect(url_for("certificates.index"))
    return _reason_page(form, certificate, _("Revoke"), findings)


def _reason_page(form: ReasonForm, certificate: Certificate, action: str, findings):
    status = 422 if findings else 200  # the typed reason is shown again with what was found
    return render_template(
        "certificates/admin/reason.html",
        form=form,
        certificate=certificate,
        action=action,
        findings=findings,
    ), status


@bp.route("/<int:certificate_id>/reissue", methods=["GET", "POST"])
@role_required("admin")
def reissue(certificate_id: int):
    certificate = _certificate_or_404(certificate_id)
    form = ReasonForm()
    findings = []
    if form.validate_on_submit():
        try:
            with all_or_nothing():
                replacement = reissue_certificate(
                    certificate,
                    form.reason.data,
                    actor_id=current_user.id,
                    confirmed=bool(form.confirm_privacy.data),
                )
        except IdentifyingText as exc:
            form.form_errors.append(str(exc))
            findings = exc.findings
        except CertificateError as exc:
            form.reason.errors.append(str(exc))
        else:
            flash(_("Re-issued as %(serial)s.", serial=replacement.serial), "success")
            return redirect(url_for("certificates.index"))
    return _reason_page(form, certificate, _("Re-issue with the current name"), findings)


def _tot_candidates() -> list[User]:
    cohorts = [c for c in cohorts_visible_to(current_user) if c.programme == POOL_PROGRAMME]
    people = {t.id: t for c in cohorts for t in c.trainees if t.id != current_user.id}
    return in_name_order(people.values())


@bp.route("/co-facilitation", methods=["GET", "POST"])
@role_required("admin", "trainer")
def co_facilitation():
    """A master trainer records a session a ToT candidate co-facilitated and rates it."""
    candidates = _tot_candidates()
    form = CoFacilitationForm()
    form.trainee.choices = choice_list((t.id, t.full_name) for t in candidates)
    findings = []
    if form.validate_on_submit():
        if trainee_for(current_user, form.trainee.data) is None:
            abort(404)
        session = ObservedSession(
            trainee_id=form.trainee.data,
            held_on=form.held_on.data,
            topic=form.topic.data,
            rating=form.rating.data,
            comments=form.comments.data or "",
        )
        try:
            record_co_facilitation(current_user, session, confirmed=bool(form.confirm_privacy.data))
        except IdentifyingText as exc:
            form.form_errors.append(str(exc))
            findings = exc.findings
        else:
            flash(_("Session recorded."), "success")
            return redirect(url_for("certificates.co_facilitation"))
    recent = db.session.scalars(
        select(CoFacilitation)
        .where(CoFacilitation.trainee_id.in_([t.id for t in candidates]))
        .order_by(CoFacilitation.held_on.desc())
        .limit(50)
    ).all()
    return render_template(
        "certificates/admin/co_facilitation.html", form=form, recent=recent, findings=findings
    ), (422 if findings else 200)
