"""The account page: change password, download data, delete the account."""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from learnpm.account.export import user_data
from learnpm.account.forms import ChangePasswordForm, DeleteAccountForm
from learnpm.auth import queries
from learnpm.db import get_session

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.get("/")
@login_required
def settings() -> ResponseReturnValue:
    """Show the account page."""
    return render_template("account/settings.html", form=ChangePasswordForm())


@bp.post("/password")
@login_required
def change_password() -> ResponseReturnValue:
    """Replace the password after checking the current one."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if queries.check_password(current_user, form.current_password.data):
            queries.change_password(current_user, form.new_password.data)
            get_session().commit()
            login_user(current_user)
            flash("Your password is changed. Other devices have been logged out.", "success")
            return redirect(url_for("account.settings"))
        form.current_password.errors.append("That is not your current password.")
    return render_template("account/settings.html", form=form), 422


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
    if form.validate_on_submit():
        if queries.check_password(current_user, form.password.data):
            session = get_session()
            queries.delete_user(session, current_user._get_current_object())
            session.commit()
            logout_user()
            flash("Your account and everything in it are deleted.", "info")
            return redirect(url_for("main.index"))
        form.password.errors.append("That is not your password.")
    status = 422 if form.errors else 200
    return render_template("account/delete.html", form=form), status
