"""Register, log in, log out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from learnpm.auth import queries
from learnpm.auth.forms import LoginForm, RegisterForm
from learnpm.db import get_session
from learnpm.security import is_safe_next, limiter

bp = Blueprint("auth", __name__)


def _account_key() -> str:
    """Key the per-account login limit by the email being tried."""
    return "login:" + queries.normalise_email(request.form.get("email", ""))[:254]


def _failed(response: object) -> bool:
    """Count an attempt against the limits only when it did not log anyone in."""
    return getattr(response, "status_code", 200) != 302


def _after_login_url() -> str:
    """Return where to go after logging in: a local `next`, else the dashboard."""
    target = request.args.get("next")
    return target if is_safe_next(target) else url_for("main.dashboard")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register() -> ResponseReturnValue:
    """Create an account and log into it."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            user = queries.create_user(session, form.email.data, form.display_name.data, form.password.data)
        except queries.EmailTaken:
            form.email.errors.append("An account already uses this email. Log in instead, or use another address.")
        else:
            session.commit()
            login_user(user)
            flash(f"Welcome to learnpm, {user.display_name}.", "success")
            return redirect(url_for("main.dashboard"))
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_CLIENT"], methods=["POST"], deduct_when=_failed)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
    scope="login-account",
)
def login() -> ResponseReturnValue:
    """Log in with email and password."""
    if current_user.is_authenticated:
        return redirect(_after_login_url())
    form = LoginForm()
    if form.validate_on_submit():
        session = get_session()
        user = queries.authenticate(session, form.email.data, form.password.data)
        if user is not None:
            session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(_after_login_url())
        form.password.errors.append("That email and password do not match an account.")
    form.password.data = ""
    status = 401 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> ResponseReturnValue:
    """Log out of this browser."""
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("main.index"))
