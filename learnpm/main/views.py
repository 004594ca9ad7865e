"""The landing page, the dashboard of each role, and the health check."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
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
    """Show the user's home: a panel per feature they use, and the one next step worth taking."""
    from learnpm.main.core.mentee_order import MENTEE_COLUMNS, MENTEE_SORTS, mentee_sort, sort_mentees
    from learnpm.main.core.next_step import next_step
    from learnpm.main.home import mentee_facts, read_home
    from learnpm.scenarios.library import loaded

    home = read_home(get_session(), current_user, loaded().library, date.today())
    sort = mentee_sort(request.args.get("sort", "", type=str))
    return render_template("main/dashboard.html", home=home, step=next_step(home.facts),
                           practice=home.practice, scenarios=loaded().library.scenarios,
                           mentees=sort_mentees(home.mentees, mentee_facts, sort), mentee_sort=sort,
                           mentee_sorts=MENTEE_SORTS, mentee_columns=MENTEE_COLUMNS)


@bp.get("/healthz")
@limiter.exempt
def healthz() -> ResponseReturnValue:
    """Answer 200 when the database answers, 503 when it does not."""
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
