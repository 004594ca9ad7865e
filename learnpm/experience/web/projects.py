"""The experience dashboard and the projects of the log."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from learnpm.access import owned_or_404
from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.experience import queries, values
from learnpm.experience.core.dashboard import dashboard_charts
from learnpm.experience.core.description import description_report
from learnpm.experience.core.fields import APPLICATION_FIELDS, DESCRIPTION_FIELDS, VERIFIER_COLUMNS
from learnpm.experience.core.guide import does_this_count
from learnpm.experience.core.labels import domain_labels, option_label, process_group_labels
from learnpm.experience.core.problems import errors_in
from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.core.summary import summarise
from learnpm.experience.models import Project
from learnpm.experience.web import bp
from learnpm.experience.web.forms import ProjectForm, section_field_name
from learnpm.verification.queries import latest_request, void_if_changed

COPIED_FIELDS = (*APPLICATION_FIELDS, *DESCRIPTION_FIELDS, *VERIFIER_COLUMNS)


@bp.get("/")
@login_required
def dashboard() -> ResponseReturnValue:
    """Show how far the learner is from eligible, month by month."""
    session, today = get_session(), date.today()
    projects = queries.projects_of(session, current_user)
    entries = queries.entry_values(session, current_user)
    records = queries.academic_records(session, current_user)
    summary = summarise([values.project_facts(p) for p in projects], entries,
                        queries.contact_hours(session, current_user, today), values.path_of(records),
                        queries.has_active_capm(session, current_user, today), today)
    hours: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        hours[entry.project_ref] += entry.hours
    return render_template("experience/dashboard.html", summary=summary, projects=projects, hours=hours,
                           charts=dashboard_charts(summary), has_education=bool(records), today=today,
                           hours_log=default_rules().hours_log)


def project_or_404(project_id: int) -> Project:
    """Return the user's own project, or answer 404."""
    return owned_or_404(get_session(), Project, project_id, current_user)


def _fill(form: ProjectForm, project: Project) -> None:
    """Copy the form's values onto the project."""
    for name in COPIED_FIELDS:
        value = form[name].data
        setattr(project, name, (value or "").strip() if value is None or isinstance(value, str) else value)
    project.start_month = form.start_month.data
    project.end_month = None if form.in_progress.data else form.end_month.data
    sections = {sid: (form[section_field_name(sid)].data or "").strip()
                for sid in [*process_group_labels(), *domain_labels()]}
    project.sections = {sid: text for sid, text in sections.items() if text}
    queries.touch(project)


def _form_for(project: Project | None) -> ProjectForm:
    """Return the project form, filled from the project when editing."""
    if project is None or request.method == "POST":
        return ProjectForm()
    form = ProjectForm(obj=project, in_progress=project.in_progress)
    for section_id, text in (project.sections or {}).items():
        if section_field_name(section_id) in form:
            form[section_field_name(section_id)].data = text
    return form


def _render_form(form: ProjectForm, project: Project | None, status: int = 200) -> ResponseReturnValue:
    """Render the project form beside the "does this count?" guide."""
    report = description_report(values.description_parts(project)) if project else None
    return render_template("experience/project_form.html", form=form, project=project, report=report,
                           guide=does_this_count(), pg_labels=process_group_labels(), domain_labels=domain_labels(),
                           rules=default_rules().pmp.description), status


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new_project() -> ResponseReturnValue:
    """Log a project."""
    form = _form_for(None)
    if form.validate_on_submit():
        project = Project(user_id=current_user.id)
        _fill(form, project)
        get_session().add(project)
        get_session().commit()
        _flash_description(project)
        return redirect(url_for("experience.show_project", project_id=project.id))
    return _render_form(form, None, 422 if form.errors else 200)


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit_project(project_id: int) -> ResponseReturnValue:
    """Change a project."""
    project = project_or_404(project_id)
    form = _form_for(project)
    if form.validate_on_submit():
        _fill(form, project)
        if void_if_changed(get_session(), project, utcnow()):
            flash("The project changed since you sent it to your verifier: ask them again.", "info")
        get_session().commit()
        _flash_description(project)
        return redirect(url_for("experience.show_project", project_id=project.id))
    return _render_form(form, project, 422 if form.errors else 200)


def _flash_description(project: Project) -> None:
    """Say the project is saved, and whether its description would hold the application back."""
    report = description_report(values.description_parts(project))
    errors = errors_in(report.problems)
    if errors:
        flash(f"Saved. Before you apply: {errors[0].message}", "warning")
    else:
        flash("Project saved.", "success")


@bp.get("/projects/<int:project_id>")
@login_required
def show_project(project_id: int) -> ResponseReturnValue:
    """Show a project as PMI's application will list it, with its hours."""
    project = project_or_404(project_id)
    return render_template("experience/project.html", project=project,
                           verification=latest_request(get_session(), project),
                           report=description_report(values.description_parts(project)),
                           option_label=option_label, pg_labels=process_group_labels(), domain_labels=domain_labels())


@bp.route("/projects/<int:project_id>/delete", methods=["GET", "POST"])
@login_required
def delete_project(project_id: int) -> ResponseReturnValue:
    """Delete a project and its hours, after asking."""
    project = project_or_404(project_id)
    if request.method == "POST":
        get_session().delete(project)
        get_session().commit()
        flash(f"“{project.title}” and its hours are deleted.", "info")
        return redirect(url_for("experience.dashboard"))
    return render_template("experience/project_delete.html", project=project)
