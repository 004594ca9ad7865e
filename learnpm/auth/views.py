"""Register, log in, log out. Recovering an account by mail is in recovery.py, on the same blueprint."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from learnpm.auth import queries, throttle
from learnpm.auth.forms import LoginForm, RegisterForm
from learnpm.auth.login_sessions import end_login, start_login
from learnpm.auth.outgoing import mail_address_taken, mail_confirmation
from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.security import is_safe_next, limiter

bp = Blueprint("auth", __name__)


def _after_login_url() -> str:
    """Return where to go after logging in: a local `next`, else the dashboard."""
    target = request.args.get("next")
    return target if is_safe_next(target) else url_for("main.dashboard")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register() -> ResponseReturnValue:
    """Create an account and mail a link to confirm its address.

    A taken address gets the very same answer, and its owner a mail instead: the page tells no one who has an account.
    """
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    if form.validate_on_submit():
        session = get_session()
        email = queries.normalise_email(form.email.data)
        user = queries.register(session, email, form.display_name.data, form.password.data)
        if user is None:
            mail_address_taken(session, email)
        else:
            mail_confirmation(session, user)
        session.commit()
        return render_template("auth/registered.html", email=email)
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Log in with email and password; failures are counted per address and per account from that address."""
    if current_user.is_authenticated:
        return redirect(_after_login_url())
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email = queries.normalise_email(form.email.data)
        wait = throttle.login_wait(email)
        if wait is not None:
            form.password.errors.append(throttle.wait_message(wait))
            status = 429
        else:
            response = _log_in(form, email)
            if response is not None:
                return response
            status = 401
    form.password.data = ""
    return render_template("auth/login.html", form=form), status


def _log_in(form: LoginForm, email: str) -> ResponseReturnValue | None:
    """Log in when the password is right; else count the failure, say so at the field and return None."""
    session = get_session()
    user = queries.authenticate(session, email, form.password.data)
    if user is None:
        throttle.count_failed_login(email)
        form.password.errors.append("That email and password do not match an account.")
        return None
    throttle.forget_failed_logins(email)
    start_login(session, user, remember=form.remember.data, now=utcnow())
    session.commit()
    login_user(user, remember=form.remember.data)
    return redirect(_after_login_url())


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> ResponseReturnValue:
    """Log out of this browser: its login ends on the server too, so a copied cookie opens nothing."""
    session = get_session()
    end_login(session, current_user.login_token)
    session.commit()
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("main.index"))
