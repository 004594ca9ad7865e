"""Asking a verifier to confirm a project, and the verifier's page, which needs no account."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from learnpm.access import found_or_404, owned_or_404
from learnpm.auth.models import User
from learnpm.clock import aware, utcnow
from learnpm.db import get_session
from learnpm.experience.models import Project
from learnpm.forms import SiteForm
from learnpm.locks import lock_accounts
from learnpm.mail.queries import queue_mail
from learnpm.notifications.queries import notify
from learnpm.security import limiter
from learnpm.urls import public_url
from learnpm.verification import queries, throttle
from learnpm.verification.models import ANSWERS, VerificationRequest
from learnpm.verification.tokens import resend_problem

bp = Blueprint("verification", __name__)


class AnswerForm(SiteForm):
    """The verifier's answer."""

    answer = RadioField("Your answer", choices=[SelectChoice(k, v) for k, v in ANSWERS.items()],
                        validators=[InputRequired("Choose one of the three answers.")])
    adjusted_figure = StringField("If you adjust it: what is right (dates, role, scope)", validators=[Length(max=200)])
    comment = TextAreaField("Comment (optional)", validators=[Length(max=2000)])

    def validate(self, extra_validators: object = None) -> bool:  # type: ignore[override]
        """Ask for the right figure when the answer is an adjustment."""
        valid = super().validate(extra_validators)  # type: ignore[arg-type]
        if self.answer.data == "adjusted" and not (self.adjusted_figure.data or "").strip():
            self.adjusted_figure.errors = [*self.adjusted_figure.errors, "Say what should be adjusted."]
            valid = False
        return valid


def _send(req: VerificationRequest, project: Project, token: str) -> None:
    """Queue the verifier's mail with their link, counted against the verification mail limits."""
    link = public_url("verification.confirm", token=token)
    body = (f"Hello {req.verifier_name},\n\n{current_user.display_name} lists you as someone who can confirm their "
            f"project \"{project.title}\" ({project.organization}) for their PMP application.\n\n"
            f"Please read it and answer here; it takes two minutes and needs no account:\n{link}\n\n"
            f"The link works once, until {req.expires_at:%d %B %Y}.\n\nThank you,\nlearnpm")
    queue_mail(get_session(), req.verifier_email, f"Please confirm {current_user.display_name}'s project", body)
    throttle.count_mail(current_user.id, req.verifier_email)


@bp.post("/experience/projects/<int:project_id>/verification")
@login_required
def ask(project_id: int) -> ResponseReturnValue:
    """Send the project to its verifier (asking again while they have the link is a reminder)."""
    lock_accounts(get_session(), current_user.id)  # the open request voided and the new one made as one step
    project = owned_or_404(get_session(), Project, project_id, current_user)
    if not (project.verifier_name and project.verifier_email):
        flash("Name your verifier and give their email first (edit the project).", "error")
        return redirect(url_for("experience.show_project", project_id=project.id))
    waiting = queries.waiting_request(get_session(), project, utcnow())
    if waiting is not None:
        return _remind(waiting, project)
    problem = throttle.mail_problem(current_user.id, project.verifier_email)
    if problem:
        flash(problem, "warning")
        return redirect(url_for("experience.show_project", project_id=project.id))
    req, token = queries.request_verification(get_session(), project, utcnow())
    _send(req, project, token)
    get_session().commit()
    flash(f"Sent to {req.verifier_name} ({req.verifier_email}).", "success")
    return redirect(url_for("experience.show_project", project_id=project.id))


@bp.post("/experience/verification/<int:request_id>/resend")
@login_required
def resend(request_id: int) -> ResponseReturnValue:
    """Send a reminder with a fresh link, at most every 3 days and 3 times in all."""
    lock_accounts(get_session(), current_user.id)  # the limit counts every reminder, even one sent a moment ago
    req = found_or_404(queries.open_request_of(get_session(), request_id, current_user))
    return _remind(req, get_session().get(Project, req.project_id))


def _remind(req: VerificationRequest, project: Project) -> ResponseReturnValue:
    """Mail the verifier a fresh link, unless the request has had its reminders or the limits are reached."""
    problem = (resend_problem(req.sent_count, aware(req.last_sent_at), utcnow())
               or throttle.mail_problem(current_user.id, req.verifier_email))
    if problem:
        flash(problem, "warning")
    else:
        _send(req, project, queries.renew_token(req, utcnow()))
        get_session().commit()
        flash(f"Reminder sent to {req.verifier_name}.", "success")
    return redirect(url_for("experience.show_project", project_id=req.project_id))


def _request_for(token: str) -> VerificationRequest | None:
    """Return the request a link belongs to, locked when this visit may change it."""
    req = queries.request_by_token(get_session(), token)
    if req is not None and (request.method == "POST" or req.viewed_at is None):
        # The link works once: an answer sent from another tab a moment ago must be seen before this one is taken.
        lock_accounts(get_session(), req.learner_id)
        req = queries.request_by_token(get_session(), token)
    return req


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
def confirm(token: str) -> ResponseReturnValue:
    """Let the verifier read the project as sent and answer once."""
    session = get_session()
    req = _request_for(token[:100])
    project = session.get(Project, req.project_id) if req else None
    problem = queries.link_problem(req, project, utcnow())
    if problem:
        return render_template("verification/refused.html", problem=problem, req=req), 404 if problem == "unknown" else 410
    form = AnswerForm()
    if request.method == "GET" and req.viewed_at is None:
        req.viewed_at = utcnow()
        queries.record(session, req.learner_id, f"{req.verifier_name} (verifier)", f"opened the request for “{project.title}”")
        session.commit()
    if form.validate_on_submit():
        req.answer, req.answered_at = form.answer.data, utcnow()
        req.adjusted_figure, req.comment = (form.adjusted_figure.data or "").strip(), (form.comment.data or "").strip()
        queries.record(session, req.learner_id, f"{req.verifier_name} (verifier)",
                       f"answered “{ANSWERS[req.answer]}” for “{project.title}”")
        notify(session, session.get(User, req.learner_id), "verification_answered",
               f"{req.verifier_name} answered “{ANSWERS[req.answer]}” for your project “{project.title}”.",
               "experience.show_project", project_id=project.id)
        session.commit()
        return render_template("verification/thanks.html", req=req)
    learner = session.get(User, req.learner_id)
    return render_template("verification/confirm.html", req=req, fields=queries.project_fields(project), form=form,
                           learner=learner), 422 if form.errors else 200
