"""Mentoring pages: learners invite and choose what to share; mentors accept and follow their mentees."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from learnpm.access import found_or_404
from learnpm.auth.roles import role_required
from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.documents.core.period import parse_period
from learnpm.documents.issue import KINDS
from learnpm.documents.views import pdf_response
from learnpm.mentoring import queries
from learnpm.mentoring.forms import CapacityForm, JoinForm, PermissionsForm
from learnpm.mentoring.mentee import mentee_view
from learnpm.mentoring.models import PERMISSIONS
from learnpm.reviews.queries import subject_labels
from learnpm.reviews.queue import reviews_for_mentor
from learnpm.reviews.states import MENTOR_STATES
from learnpm.scenarios.library import competencies, scenario_titles
from learnpm.security import DOCUMENT_LIMIT, limiter
from learnpm.urls import public_url
from learnpm.verification.queries import audit_log, record, record_read

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")

# What a mentor may download for a mentee who shares documents: the reports meant for mentors and employers.
MENTEE_DOCUMENTS = ("readiness", "transcript", "application")
MENTEE_PAGE_REVIEWS = 10  # the newest; the review list holds them all


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """Show the learner's mentors with what each may see, and the mentor's own settings."""
    session = get_session()
    links = queries.mentors_of(session, current_user)
    forms = {link.id: PermissionsForm(obj=link, prefix=f"link{link.id}") for link in links if link.active}
    return render_template(
        "mentoring/index.html", links=links, forms=forms, permissions=PERMISSIONS,
        open_invitations=queries.open_invitations(session, current_user, utcnow()),
        capacity_form=CapacityForm(capacity=queries.capacity_of(session, current_user)),
        mentees=queries.mentees_of(session, current_user) if current_user.is_mentor else [],
    )


@bp.post("/invitations")
@login_required
def invite() -> ResponseReturnValue:
    """Create a one-time invitation code and show it once."""
    try:
        invitation, code = queries.create_invitation(get_session(), current_user, utcnow())
    except queries.TooManyInvitations as refused:
        flash(str(refused), "error")
        return redirect(url_for("mentoring.index"))
    get_session().commit()
    return render_template("mentoring/invitation.html", code=code, invitation=invitation,
                           link=public_url("mentoring.join", code=code)), 201


@bp.post("/invitations/withdraw")
@login_required
def withdraw_invitations() -> ResponseReturnValue:
    """Withdraw every open invitation: their codes stop working."""
    withdrawn = queries.withdraw_invitations(get_session(), current_user, utcnow())
    get_session().commit()
    if withdrawn:
        flash(f"Withdrawn: {withdrawn} invitation{'s' if withdrawn != 1 else ''}. Their codes no longer work.", "info")
    return redirect(url_for("mentoring.index"))


@bp.post("/links/<int:link_id>/permissions")
@login_required
def permissions(link_id: int) -> ResponseReturnValue:
    """Share exactly what the learner ticked with this mentor."""
    link = found_or_404(queries.link_of_learner(get_session(), link_id, current_user))
    form = PermissionsForm(prefix=f"link{link.id}")
    if form.validate_on_submit():
        queries.set_permissions(link, {name for name in PERMISSIONS if form[name].data})
        get_session().commit()
        flash(f"Saved what {link.mentor.display_name} can see.", "success")
    return redirect(url_for("mentoring.index"))


@bp.route("/links/<int:link_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(link_id: int) -> ResponseReturnValue:
    """Ask, then end a mentorship: the mentor sees nothing of the learner from now on."""
    link = found_or_404(queries.link_of_learner(get_session(), link_id, current_user))
    if request.method == "GET":
        name = link.mentor.display_name
        return render_template("confirm.html", question=f"End the mentorship with {name}?",
                               consequences=[f"{name} stops seeing your progress, experience and documents at once, "
                                             "and cannot review your work. To mentor you again they need a new "
                                             "invitation from you."],
                               button="End the mentorship", cancel_url=url_for("mentoring.index"))
    link.revoked_at = utcnow()
    get_session().commit()
    flash(f"{link.mentor.display_name} no longer sees anything of yours.", "info")
    return redirect(url_for("mentoring.index"))


@bp.route("/join", methods=["GET", "POST"])
@bp.get("/join/<code>")
@role_required("mentor")
def join(code: str = "") -> ResponseReturnValue:
    """Accept a learner's invitation by its code."""
    code = code or request.args.get("code", "")[:40]  # the link may carry the code as a query argument
    form = JoinForm(data={"code": code} if code else None)
    if form.validate_on_submit():
        try:
            link = queries.accept_invitation(get_session(), current_user, form.code.data, utcnow())
        except queries.InvitationRefused as refusal:
            form.code.errors.append(str(refusal))
        else:
            get_session().commit()
            flash(f"You now mentor {link.learner.display_name}. They choose what you can see.", "success")
            return redirect(url_for("mentoring.mentee", link_id=link.id))
    return render_template("mentoring/join.html", form=form), 422 if form.errors else 200


@bp.post("/capacity")
@role_required("mentor")
def capacity() -> ResponseReturnValue:
    """Set how many mentees the mentor takes on."""
    form = CapacityForm()
    if form.validate_on_submit():
        queries.set_capacity(get_session(), current_user, form.capacity.data)
        get_session().commit()
        flash("Saved.", "success")
    else:
        flash(f"Capacity: {form.capacity.errors[0]}", "error")
    return redirect(url_for("mentoring.index"))


@bp.get("/mentees/<int:link_id>")
@role_required("mentor")
def mentee(link_id: int) -> ResponseReturnValue:
    """Show a mentee's progress and experience, as far as the mentee shares them."""
    link = found_or_404(queries.link_of_mentor(get_session(), link_id, current_user))
    shared = [label for name, label in PERMISSIONS.items() if getattr(link, name)]
    if record_read(get_session(), link.learner_id, f"{current_user.display_name} (mentor)",
                   f"viewed your {', '.join(shared).lower() or 'mentee page'}", utcnow()):
        get_session().commit()
    reviews = reviews_for_mentor(get_session(), current_user, link.learner_id, MENTEE_PAGE_REVIEWS)
    subjects = subject_labels(get_session(), reviews)
    return render_template("mentoring/mentee.html", link=link, view=mentee_view(get_session(), link),
                           competencies=competencies(), reviews=reviews, subjects=subjects,
                           states=MENTOR_STATES, titles=scenario_titles(),
                           documents=[(kind, KINDS[kind]) for kind in MENTEE_DOCUMENTS] if link.can_see_documents
                           else [])


@bp.post("/mentees/<int:link_id>/documents/<kind>")
@role_required("mentor")
@limiter.limit(DOCUMENT_LIMIT)
def mentee_document(link_id: int, kind: str) -> ResponseReturnValue:
    """Issue one of the mentee's documents to their mentor, when the mentee shares documents."""
    link = found_or_404(queries.link_of_mentor(get_session(), link_id, current_user))
    if not link.can_see_documents or kind not in MENTEE_DOCUMENTS:
        abort(404)  # a document the mentee does not share is as good as missing
    record(get_session(), link.learner_id, f"{current_user.display_name} (mentor)",
           f"downloaded your {KINDS[kind].title.lower()}")
    return pdf_response(link.learner, kind, parse_period(None, None), url_for("mentoring.mentee", link_id=link.id))


@bp.get("/activity")
@login_required
def activity() -> ResponseReturnValue:
    """Show the learner who looked at what, and who verified what."""
    return render_template("mentoring/activity.html",
                           events=audit_log(get_session(), current_user.id, request.args.get("after")))
