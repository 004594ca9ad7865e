"""The hours log: log hours, repeat the last entry, edit and delete an entry."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import Row

from learnpm.access import owned, owned_or_404
from learnpm.db import get_session
from learnpm.experience import queries, values, week_queries
from learnpm.experience.core.amounts import plain
from learnpm.experience.core.entries import Entry, entry_problems
from learnpm.experience.models import HoursEntry, Project
from learnpm.experience.web import bp
from learnpm.experience.web.forms import EntryForm
from learnpm.experience.web.projects import render_dashboard
from learnpm.forms import show_problems
from learnpm.inputs import as_id
from learnpm.locks import lock_accounts
from learnpm.undo import offer_undo, restored_row, row_values, undoable


def _form(projects: Sequence[Row[tuple[int, str]]], entry: HoursEntry | None = None) -> EntryForm:
    """Return the entry form with the user's projects to choose from."""
    form = EntryForm(obj=entry) if entry is not None and request.method == "GET" else EntryForm()
    form.project.choices = [(p.id, p.title) for p in projects]
    if entry is not None and request.method == "GET":
        form.project.data = entry.project_id
    return form


def _prefill(form: EntryForm, projects: Sequence[Row[tuple[int, str]]]) -> None:
    """Fill a new entry with today, the chosen project, or a copy of the last entry."""
    form.day.data = date.today()
    wanted = request.args.get("project", type=as_id)
    last = queries.last_entry(get_session(), current_user) if request.args.get("repeat") else None
    if last is not None:
        form.project.data, form.hours.data, form.activity.data = last.project_id, last.hours, last.activity
        form.process_groups.data, form.domains.data = list(last.process_groups), list(last.domains)
    elif wanted in {p.id for p in projects}:
        form.project.data = wanted


def _checked(form: EntryForm, project: Project, leave_out: int | None) -> bool:
    """Run the PMI and logging rules on the form, putting each problem at its field."""
    entry = Entry(str(project.id), form.day.data, form.hours.data, form.activity.data or "",
                  frozenset(form.process_groups.data or ()), frozenset(form.domains.data or ()), form.notes.data or "")
    others = queries.hours_on_day(get_session(), current_user, form.day.data, leave_out)
    problems = entry_problems(entry, today=date.today(), project=values.project_months(project),
                              other_hours_that_day=others)
    return not show_problems(form, problems, fallback="hours")


def _save(form: EntryForm, entry: HoursEntry) -> None:
    """Copy the form onto the entry."""
    entry.project_id, entry.day, entry.hours = form.project.data, form.day.data, form.hours.data
    entry.activity, entry.notes = (form.activity.data or "").strip(), (form.notes.data or "").strip()
    entry.process_groups, entry.domains = sorted(form.process_groups.data or []), sorted(form.domains.data or [])


@bp.route("/hours/new", methods=["GET", "POST"])
@login_required
def new_entry() -> ResponseReturnValue:
    """Log hours on a project."""
    projects = queries.project_choices(get_session(), current_user)
    if not projects:
        flash("Log a project first: hours always belong to a project.", "info")
        return redirect(url_for("experience.new_project"))
    form = _form(projects)
    if request.method == "GET":
        _prefill(form, projects)
    elif form.validate_on_submit():
        lock_accounts(get_session(), current_user.id)  # the day's other hours must not change before this commits
        project = owned(get_session(), Project, form.project.data, current_user)
        if project is not None and _checked(form, project, None):
            entry = HoursEntry(user_id=current_user.id)
            _save(form, entry)
            get_session().add(entry)
            get_session().commit()
            flash(f"Logged {entry.hours:g} h on “{project.title}” for {entry.day:%d %b %Y}.", "success")
            return redirect(url_for("experience.show_project", project_id=project.id))
    return render_template("experience/entry_form.html", form=form, entry=None), 422 if form.errors else 200


@bp.post("/hours/quick")
@login_required
def quick_add() -> ResponseReturnValue:
    """Log hours from the dashboard's quick add and come back to it, ready for the next entry."""
    form = EntryForm(prefix="quick")
    form.project.choices = [(p.id, p.title) for p in queries.project_choices(get_session(), current_user)]
    if form.validate_on_submit():
        lock_accounts(get_session(), current_user.id)
        project = owned(get_session(), Project, form.project.data, current_user)
        if project is not None and _checked(form, project, None):
            entry = HoursEntry(user_id=current_user.id)
            _save(form, entry)
            _tag_like_latest(entry)
            get_session().add(entry)
            get_session().commit()
            flash(f"Logged {entry.hours:g} h on “{project.title}” for {entry.day:%d %b %Y}. "
                  "Ready for the next entry.", "success")
            # No fragment: a page opened at a fragment ignores autofocus, and the quick add is near the top anyway.
            return redirect(url_for("experience.dashboard", project=project.id, day=entry.day.isoformat()))
    return render_dashboard(quick_form=form, status=422)


def _tag_like_latest(entry: HoursEntry) -> None:
    """Give a quick entry the process groups and domains of its project's latest entry, as the week grid does."""
    latest = week_queries.latest_entries(get_session(), current_user, [entry.project_id]).get(entry.project_id)
    if latest is not None:
        entry.process_groups, entry.domains = list(latest.process_groups), list(latest.domains)


@bp.route("/hours/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit_entry(entry_id: int) -> ResponseReturnValue:
    """Change an entry."""
    entry = owned_or_404(get_session(), HoursEntry, entry_id, current_user)
    form = _form(queries.project_choices(get_session(), current_user), entry)
    if request.method == "POST" and form.validate_on_submit():
        lock_accounts(get_session(), current_user.id)
        entry = owned_or_404(get_session(), HoursEntry, entry_id, current_user)  # as it is now, or 404 if deleted
        project = owned(get_session(), Project, form.project.data, current_user)
        if project is not None and _checked(form, project, entry.id):
            _save(form, entry)
            get_session().commit()
            flash("Entry saved.", "success")
            return redirect(url_for("experience.show_project", project_id=entry.project_id))
    return render_template("experience/entry_form.html", form=form, entry=entry), 422 if form.errors else 200


def _project_hours_sentence(project: Project, without: HoursEntry | None = None) -> str:
    """Say how many hours the project holds (leaving `without` out)."""
    total = sum((entry.hours for entry in project.entries if entry is not without), Decimal(0))
    return f"“{project.title}” then holds {plain(total)} h."


@bp.route("/hours/<int:entry_id>/delete", methods=["GET", "POST"])
@login_required
def delete_entry(entry_id: int) -> ResponseReturnValue:
    """Ask, then delete an entry; it can be undone for a while."""
    entry = owned_or_404(get_session(), HoursEntry, entry_id, current_user)
    project, what = entry.project, f"{plain(entry.hours)} h on {entry.day.strftime('%d %b %Y')}"
    after = _project_hours_sentence(project, without=entry)
    if request.method == "GET":
        return render_template("confirm.html", question=f"Delete the entry of {what}?", consequences=[after],
                               button="Delete the entry", cancel_url=url_for("experience.edit_entry", entry_id=entry.id))
    offer_undo("entry", {"row": row_values(entry)})
    get_session().delete(entry)
    get_session().commit()
    flash(f"Deleted the entry of {what}. {after}", "info")
    return redirect(url_for("experience.show_project", project_id=project.id))


@undoable("entry", "bring back the deleted entry")
def _restore_entry(payload: dict) -> tuple[str, str]:
    """Put a deleted entry back, if its project is still there."""
    entry = restored_row(HoursEntry, payload["row"])
    project = owned(get_session(), Project, entry.project_id, current_user)
    if project is None:
        return "That entry's project has been deleted since, so the entry cannot come back.", url_for(
            "experience.dashboard")
    get_session().add(entry)
    get_session().flush()
    get_session().refresh(project)
    return f"Restored the entry. {_project_hours_sentence(project)}", url_for(
        "experience.show_project", project_id=project.id)
