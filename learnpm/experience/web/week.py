"""The week's timesheet, edited as a grid: a row per project, a cell per day, every changed cell saved at once."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from learnpm.access import owned
from learnpm.db import get_session
from learnpm.experience import queries, values, week_queries
from learnpm.experience.core.entries import week_start
from learnpm.experience.core.labels import domain_labels, process_group_labels
from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.core.week_grid import WeekGrid, WeekPlan, first_hours_tags, plan_week, week_grid
from learnpm.experience.models import HoursEntry, Project
from learnpm.experience.web import bp
from learnpm.experience.web.forms import WeekForm
from learnpm.locks import lock_accounts
from learnpm.undo import offer_undo, restored_row, row_values, undoable

UNDO_LIMIT_CHARS = 2000  # what the removed entries may take in the session cookie (browsers keep 4 KB a cookie)


def _asked_day(text: str | None) -> date | None:
    """Return the day a URL or the form names, or None when it names none."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _grid(first: date) -> tuple[WeekGrid, dict[str, Project], set[str]]:
    """Return the week's grid as the log holds it now, the user's projects by reference, and the rows whose project
    has no entry yet (their first hours take the row's choice of tag)."""
    projects = queries.projects_of(get_session(), current_user)
    entries = week_queries.week_entries(get_session(), current_user, first, first + timedelta(days=6))
    grid = week_grid([values.grid_project(p) for p in projects], entries, first, date.today())
    refs = [int(row.project_ref) for row in grid.rows]
    with_entries = week_queries.projects_with_entries(get_session(), current_user, refs)
    return grid, {str(p.id): p for p in projects}, {str(ref) for ref in refs if ref not in with_entries}


def _first_tags(projects: Mapping[str, Project], first_rows: set[str], form: Mapping[str, str]
                ) -> tuple[dict[int, tuple[list[str], list[str]]], dict[str, str]]:
    """Return the tags chosen for the first hours of each new project's row, and a problem at any unknown choice."""
    tags, problems = {}, {}
    for ref in first_rows:
        chosen = first_hours_tags(projects[ref].breakdown, form.get(f"tag-{ref}", ""))
        if chosen is None:
            problems[f"tag-{ref}"] = "Choose one of the listed options, or none."
        else:
            tags[int(ref)] = chosen
    return tags, problems


def _render(first: date, form: WeekForm, typed: Mapping[str, str] | None = None,
            problems: Mapping[str, str] | None = None, status: int = 200) -> ResponseReturnValue:
    """Render the week, with what was typed and the problems of each cell when it was refused."""
    grid, projects, first_rows = _grid(first)
    asked = request.args.get("day", "")[:40]
    return render_template("experience/week.html", grid=grid, projects=projects, first=first, form=form,
                           first_rows=first_rows, step=default_rules().hours_log.hours_step, tag_options={"process_group": process_group_labels(),
                                                               "domain": domain_labels()},
                           typed=typed or {}, problems=problems or {}, previous=first - timedelta(days=7),
                           following=first + timedelta(days=7), today=date.today(),
                           asked=asked, unreadable=bool(asked) and _asked_day(asked) is None), status


@bp.get("/hours/week")
@login_required
def week() -> ResponseReturnValue:
    """Show a week of hours to edit: a row per project, a column per day."""
    first = week_start(_asked_day(request.args.get("day")) or date.today())
    return _render(first, WeekForm(day=first.isoformat()))


@bp.post("/hours/week")
@login_required
def save_week() -> ResponseReturnValue:
    """Save every changed cell of the week in one go, or none of them when any is wrong."""
    form = WeekForm()
    first = week_start(_asked_day(form.day.data) or date.today())
    typed = {name: value for name, value in request.form.items() if name.startswith(("cell-", "tag-"))}
    lock_accounts(get_session(), current_user.id)  # the days' hours must not change between the check and the write
    grid, projects, first_rows = _grid(first)
    plan = plan_week(grid, typed, {ref: values.grid_project(p) for ref, p in projects.items()}, date.today())
    tags, tag_problems = _first_tags(projects, first_rows, typed)
    if plan.problems or tag_problems:
        return _render(first, form, typed, {**plan.problems, **tag_problems}, 422)
    undo = _offer_undo(plan, first)
    week_queries.save_week_changes(get_session(), current_user, plan.changes, tags)
    get_session().commit()
    message, category = _saved_message(plan)
    flash(message + ("" if undo or not plan.removals else " Too many entries were removed at once to undo."), category)
    return redirect(url_for("experience.week", day=first.isoformat()))


def _offer_undo(plan: WeekPlan, first: date) -> bool:
    """Keep the entries the week removes so that Undo brings them back, when they fit in the session cookie."""
    if not plan.removals:
        return False
    rows = [row_values(get_session().get(HoursEntry, change.entry_id)) for change in plan.removals]
    if len(json.dumps(rows)) > UNDO_LIMIT_CHARS:
        return False
    offer_undo("week entries", {"rows": rows, "week": first.isoformat()})
    return True


@undoable("week entries", "bring back the hours removed from the week")
def _restore_week_entries(payload: dict) -> tuple[str, str]:
    """Put back the entries a saved week removed, those whose project is still there."""
    rows = [restored_row(HoursEntry, row) for row in payload["rows"]]
    kept = [row for row in rows if owned(get_session(), Project, row.project_id, current_user) is not None]
    get_session().add_all(kept)
    get_session().flush()
    lost = len(rows) - len(kept)
    message = f"Restored {len(kept)} removed entr{'y' if len(kept) == 1 else 'ies'} of the week."
    if lost:
        message += f" {lost} could not come back: their project has been deleted since."
    return message, url_for("experience.week", day=payload["week"])


def _saved_message(plan: WeekPlan) -> tuple[str, str]:
    """Say what saving the week changed, with the message's category."""
    if not plan.changes:
        return "Nothing to save: no cell was changed.", "info"
    logged = sum(1 for change in plan.changes if change.hours is not None and change.entry_id is None)
    removed = len(plan.removals)
    changed = len(plan.changes) - logged - removed
    parts = [f"{count} {what}" for count, what in ((logged, "new"), (changed, "changed"), (removed, "removed"))
             if count]
    return f"Saved the week (entries: {', '.join(parts)}).", "success"
