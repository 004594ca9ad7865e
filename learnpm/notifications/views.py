"""The notifications page: what happened, a link to act on each, and how the user wants to hear about them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from wtforms import BooleanField

from learnpm.access import owned_or_404
from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.forms import SiteForm
from learnpm.notifications import queries
from learnpm.notifications.models import Notification
from learnpm.security import is_safe_next

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


class SettingsForm(SiteForm):
    """How the user wants to hear about notifications."""

    email_each = BooleanField("Email me each time (a review waits for me, my review is done, a verifier answers)")
    weekly_digest = BooleanField("Email me a weekly digest of what I have not opened yet")


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    """List the user's notifications, the unread ones marked, with the settings."""
    session = get_session()
    settings = queries.settings_of(session, current_user.id)
    form = SettingsForm(data={"email_each": settings.email_each, "weekly_digest": settings.weekly_digest})
    return render_template("notifications/index.html", form=form,
                           page=queries.recent(session, current_user.id, request.args.get("after")),
                           unread=queries.unread_count(session, current_user.id))


@bp.get("/<int:notification_id>")
@login_required
def open_one(notification_id: int) -> ResponseReturnValue:
    """Mark a notification as read and go to the page it is about."""
    notification = owned_or_404(get_session(), Notification, notification_id, current_user)
    notification.read_at = notification.read_at or utcnow()
    get_session().commit()
    return redirect(notification.path if is_safe_next(notification.path) else url_for("main.dashboard"))


@bp.post("/read")
@login_required
def read_all() -> ResponseReturnValue:
    """Mark every notification as read."""
    count = queries.mark_all_read(get_session(), current_user.id, utcnow())
    get_session().commit()
    flash(f"Marked {count} notification{'s' if count != 1 else ''} as read." if count else "Nothing was unread.",
          "success")
    return redirect(url_for("notifications.index"))


@bp.post("/settings")
@login_required
def save_settings() -> ResponseReturnValue:
    """Save how the user wants to hear about notifications."""
    form = SettingsForm()
    if form.validate_on_submit():
        settings = queries.settings_to_change(get_session(), current_user.id)
        settings.email_each, settings.weekly_digest = form.email_each.data, form.weekly_digest.data
        get_session().commit()
        flash("Saved: " + _describe(form.email_each.data, form.weekly_digest.data), "success")
    else:
        flash("The form had expired; nothing was changed. Please try again.", "error")
    return redirect(url_for("notifications.index"))


def _describe(each: bool, digest: bool) -> str:
    """Say in words what the user will receive."""
    if each and digest:
        return "a mail each time, and a weekly digest."
    if each:
        return "a mail each time."
    if digest:
        return "a weekly digest of what you have not opened."
    return "no mail; notifications stay here on the site."
