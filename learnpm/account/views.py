"""The account page: change password, download data, delete the account."""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, logout_user
from wtforms import PasswordField

from learnpm.account.export import user_data
from learnpm.account.forms import ChangePasswordForm, DeleteAccountForm
from learnpm.auth import queries, throttle
from learnpm.auth.login_sessions import count_logins, end_logins
from learnpm.clock import utcnow
from learnpm.db import get_session

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("/")
@login_required
def settings() -> ResponseReturnValue:
    """Show the account page."""
    return _settings_page(ChangePasswordForm())


def _settings_page(form: ChangePasswordForm) -> str:
    """Render the account page around the password form."""
    logins = count_logins(get_session(), current_user, utcnow())
    return render_template("account/settings.html", form=form, logins=logins)


@bp.post("/password")
@login_required
def change_password() -> ResponseReturnValue:
    """Replace the password after checking the current one."""
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _settings_page(form), 422
    refused = _current_password_refused(form.current_password, "That is not your current password.")
    if refused:
        return _settings_page(form), refused
    queries.change_password(get_session(), current_user, form.new_password.data)
    get_session().commit()
    flash("Your password is changed. Other devices have been logged out.", "success")
    return redirect(url_for("account.settings"))


def _current_password_refused(field: PasswordField, wrong: str) -> int | None:
    """Return the status that refuses the user's password in `field`, saying why at the field; None if it is right.

    Wrong ones are counted: a stolen session must not become a way to guess the password.
    """
    wait = throttle.current_password_wait(current_user)
    if wait is not None:
        field.errors.append(throttle.wait_message(wait))
        return 429
    if queries.check_password(current_user, field.data):
        return None
    throttle.count_wrong_current_password(current_user)
    field.errors.append(wrong)
    return 422


@bp.post("/log-out-everywhere")
@login_required
def log_out_everywhere() -> ResponseReturnValue:
    """End every login of this account, this browser's too."""
    session = get_session()
    end_logins(session, current_user)
    session.commit()
    logout_user()
    flash("You are logged out on every browser and device.", "info")
    return redirect(url_for("main.index"))


@bp.get("/export.json")
@login_required
def export() -> ResponseReturnValue:
    """Send everything the user entered, as a JSON file."""
    body = json.dumps(user_data(get_session(), current_user), indent=2, ensure_ascii=False, default=str)
    filename = f"learnpm-data-{date.today().isoformat()}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete() -> ResponseReturnValue:
    """Delete the account and all of its data, after the password is re-entered."""
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return render_template("account/delete.html", form=form), 422 if form.errors else 200
    refused = _current_password_refused(form.password, "That is not your password.")
    if refused:
        return render_template("account/delete.html", form=form), refused
    session = get_session()
    queries.delete_user(session, current_user._get_current_object())
    session.commit()
    logout_user()
    flash("Your account and everything in it are deleted.", "info")
    return redirect(url_for("main.index"))
