"""The landing page, the dashboard of each role, and the health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from learnpm.db import get_session
from learnpm.security import limiter

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> ResponseReturnValue:
    """Show what learnpm is for, or send a logged-in user to their dashboard."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return render_template("main/index.html")


@bp.get("/dashboard")
@login_required
def dashboard() -> ResponseReturnValue:
    """Show the dashboard of each role the user holds."""
    from learnpm.mentoring.mentee import mentee_views
    from learnpm.mentoring.queries import mentee_links
    from learnpm.scenarios.dashboard import practice_summary
    from learnpm.scenarios.library import loaded

    session = get_session()
    practice = practice_summary(session, current_user) if current_user.is_learner else None
    mentees = mentee_views(session, mentee_links(session, current_user)) if current_user.is_mentor else []
    return render_template("main/dashboard.html", practice=practice, scenarios=loaded().library.scenarios,
                           mentees=mentees)


@bp.get("/healthz")
@limiter.exempt
def healthz() -> ResponseReturnValue:
    """Answer 200 when the database answers, 503 when it does not."""
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
