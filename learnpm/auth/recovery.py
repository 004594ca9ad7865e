"""Proving the mailbox: forgot password, reset it through a mailed link, confirm the address."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user

from learnpm.auth import queries, throttle
from learnpm.auth.account_tokens import holder_of_link, use_link
from learnpm.auth.forms import ForgotPasswordForm, ResetPasswordForm
from learnpm.auth.login_sessions import start_login
from learnpm.auth.outgoing import mail_confirmation, mail_reset_link
from learnpm.auth.tokens import CONFIRM, RESET
from learnpm.auth.views import bp
from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.security import is_safe_next, limiter


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def forgot_password() -> ResponseReturnValue:
    """Mail a reset link; answer the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        session = get_session()
        email = queries.normalise_email(form.email.data)
        mail_reset_link(session, email)
        session.commit()
        return render_template("auth/reset_sent.html", email=email)
    status = 422 if form.errors else 200
    return render_template("auth/forgot.html", form=form), status


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def reset_password(token: str) -> ResponseReturnValue:
    """Set a new password through a mailed link, end every login, and log in here."""
    session, now = get_session(), utcnow()
    holder = holder_of_link(session, token, RESET, now)
    if holder is None:
        return _dead_link("reset")
    form = ResetPasswordForm()
    form.personal_words = [holder.email, holder.display_name]
    if form.validate_on_submit():
        user = use_link(session, token, RESET, now)
        if user is None:
            return _dead_link("reset")
        queries.reset_password(session, user, form.password.data, now)
        start_login(session, user, remember=False, now=now)
        session.commit()
        throttle.forget_failed_logins(user.email)
        login_user(user)
        flash("Your new password is set and you are logged in. Every other browser and device is logged out.",
              "success")
        return redirect(url_for("main.dashboard"))
    status = 422 if form.errors else 200
    return render_template("auth/reset.html", form=form, email=holder.email), status


@bp.get("/confirm-email/<token>")
def confirm_email(token: str) -> ResponseReturnValue:
    """Confirm the address a mailed link was sent to."""
    session, now = get_session(), utcnow()
    user = use_link(session, token, CONFIRM, now)
    if user is None:
        return _dead_link("confirm")
    queries.confirm_email(user, now)
    session.commit()
    return render_template("auth/confirmed.html", email=user.email)


@bp.post("/confirm-email/send")
@login_required
def send_confirmation() -> ResponseReturnValue:
    """Mail the logged-in user a new confirmation link."""
    if current_user.email_confirmed_at is not None:
        flash("Your email address is already confirmed.", "info")
    elif mail_confirmation(get_session(), current_user):
        get_session().commit()
        flash(f"We have sent a new link to {current_user.email}. It works for 7 days.", "success")
    else:
        flash("We have sent you several links in the last hour. Look for them in your spam folder, or try again later.",
              "info")
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("main.dashboard"))


def _dead_link(purpose: str) -> ResponseReturnValue:
    """Explain that a mailed link is unknown, used or expired, and what to do instead."""
    return render_template("auth/dead_link.html", purpose=purpose), 404
