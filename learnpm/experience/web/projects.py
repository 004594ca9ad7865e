"""The experience dashboard and the projects of the log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import Row

from learnpm.access import owned_or_404
from learnpm.clock import utcnow
from learnpm.core.search import clean_query, search_words
from learnpm.db import get_session
from learnpm.experience import queries, values
from learnpm.experience.core.application_form import OTHER, ProjectFields, project_problems
from learnpm.experience.core.dashboard import dashboard_charts
from learnpm.experience.core.description import description_report
from learnpm.experience.core.entry_order import DEFAULT_ENTRY_SORT, ENTRY_COLUMNS, ENTRY_SORTS, entry_sort
from learnpm.experience.core.fields import (
    APPLICATION_FIELDS,
    DESCRIPTION_FIELDS,
    OPTION_FIELDS,
    OTHER_TEXT_FIELDS,
    VERIFIER_COLUMNS,
)
from learnpm.experience.core.guide import does_this_count
from learnpm.experience.core.labels import domain_labels, option_label, process_group_labels
from learnpm.experience.core.months import Month
from learnpm.experience.core.outline import compare_with_outline
from learnpm.experience.core.periods import ChosenPeriod, chosen_period, period_bars
from learnpm.experience.core.problems import errors_in
from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.core.summary import summarise
from learnpm.experience.core.totals import LogTotals
from learnpm.experience.models import Project
from learnpm.experience.readiness import dashboard_readiness, quick_add_projects
from learnpm.experience.totals import log_totals, period_totals
from learnpm.experience.web import bp
from learnpm.experience.web.calendar_table import calendar_body
from learnpm.experience.web.forms import EntryForm, ExamPlanForm, ProjectForm, section_field_name
from learnpm.forms import show_problems
from learnpm.inputs import as_id
from learnpm.notifications.queries import resolve
from learnpm.verification.queries import latest_request, void_if_changed

DASHBOARD_PROJECTS = 10  # listed on the dashboard at a time, the most recent first; the rest a page away
MISSING_SHOWN = 12  # items of "still missing" shown; the rest are counted
QUICK_ADD_PROJECTS = 20  # offered by the quick add; the full entry form offers every project
COPIED_FIELDS = (*APPLICATION_FIELDS, *OTHER_TEXT_FIELDS, *DESCRIPTION_FIELDS, *VERIFIER_COLUMNS)


@bp.get("/")
@login_required
def dashboard() -> ResponseReturnValue:
    """Show how far the learner is from eligible, month by month, and their work against the exam outline."""
    return render_dashboard()


def quick_add_form(projects: Sequence[Row[tuple[int, str]]], today: date) -> EntryForm:
    """Return the quick add as the dashboard offers it: after a quick add, the same project and day again."""
    form = EntryForm(prefix="quick", formdata=None)
    form.project.choices = [(p.id, p.title) for p in projects]
    wanted = request.args.get("project", type=as_id)
    form.project.data = wanted if wanted in {p.id for p in projects} else None
    form.day.data = _asked_day(request.args.get("day", ""), today)
    return form


def _asked_day(text: str, today: date) -> date:
    """Return the day a URL names, or today when it names none or one to come."""
    try:
        return min(date.fromisoformat(text), today)
    except ValueError:
        return today


def _charts(totals: LogTotals, chosen: ChosenPeriod) -> dict[str, str]:
    """Return the hours charts of the chosen period, read from the monthly totals."""
    period = chosen.period
    in_period = totals if chosen.is_default else period_totals(
        get_session(), current_user.id, period.start.first_day(), period.end.first_day(), totals)
    return dashboard_charts(period_bars(totals.months, period), in_period)


def render_dashboard(plan_form: ExamPlanForm | None = None, quick_form: EntryForm | None = None,
                     status: int = 200) -> ResponseReturnValue:
    """Render the dashboard, with the exam-plan or quick-add form as sent when it was refused."""
    session, today = get_session(), date.today()
    readiness = dashboard_readiness(session, current_user.id, MISSING_SHOWN)
    listed = queries.projects_page(session, current_user, request.args.get("after"), DASHBOARD_PROJECTS)
    totals = log_totals(session, current_user.id, [project.id for project in listed.items])
    records = queries.academic_records(session, current_user)
    summary = summarise(readiness, totals,
                        queries.contact_hours(session, current_user, today), values.path_of(records),
                        queries.has_active_capm(session, current_user, today), today)
    planned = queries.planned_exam_day(session, current_user)
    quick_projects = quick_add_projects(session, current_user.id, today, QUICK_ADD_PROJECTS)
    chosen = chosen_period(request.args.get("from", ""), request.args.get("to", ""), totals.months, today)
    return render_template("experience/dashboard.html", summary=summary, projects=readiness.project_count,
                           listed=listed, quick_projects=quick_projects, missing_shown=MISSING_SHOWN,
                           quick_form=quick_form or quick_add_form(list(quick_projects), today),
                           quick_focus=quick_form is None and "day" in request.args, hours=totals.projects,
                           chart_period=chosen, charts=_charts(totals, chosen), has_education=bool(records), today=today,
                           hours_log=default_rules().hours_log, window_months=default_rules().pmp.window.months,
                           outline=compare_with_outline(totals, planned, today),
                           plan_form=plan_form or ExamPlanForm(planned_on=planned), calendar_body=calendar_body), status


@bp.post("/exam-plan")
@login_required
def plan_exam() -> ResponseReturnValue:
    """Record (or forget) the day the learner plans to take the exam."""
    form = ExamPlanForm()
    valid = form.validate_on_submit()
    if valid and form.planned_on.data is not None and form.planned_on.data < date.today():
        form.planned_on.errors = ["Give a day to come: the outline shown is the one of your exam day."]
        valid = False
    if not valid:
        return render_dashboard(form, status=422)
    queries.plan_exam(get_session(), current_user, form.planned_on.data)
    get_session().commit()
    flash("Exam day saved." if form.planned_on.data else "Exam day forgotten.", "success")
    return redirect(url_for("experience.dashboard") + "#outline-title")


def project_or_404(project_id: int) -> Project:
    """Return the user's own project, or answer 404."""
    return owned_or_404(get_session(), Project, project_id, current_user)


def _fill(form: ProjectForm, project: Project) -> None:
    """Copy the form's values onto the project."""
    for name in COPIED_FIELDS:
        value = form[name].data
        setattr(project, name, (value or "").strip() if value is None or isinstance(value, str) else value)
    for name in OTHER_TEXT_FIELDS:  # words for Other are kept only while Other is chosen
        if getattr(project, name.removesuffix("_other")) != OTHER:
            setattr(project, name, "")
    project.start_month = form.start_month.data
    project.end_month = None if form.in_progress.data else form.end_month.data
    sections = {sid: (form[section_field_name(sid)].data or "").strip()
                for sid in [*process_group_labels(), *domain_labels()]}
    project.sections = {sid: text for sid, text in sections.items() if text}
    queries.touch(project)


def _valid(form: ProjectForm) -> bool:
    """Check the form's shape, then what PMI's form would refuse, each problem at its field."""
    if not form.validate_on_submit():
        return False
    end = None if form.in_progress.data or form.end_month.data is None else Month.of(form.end_month.data)
    fields = ProjectFields(
        *((form[name].data or "").strip() for name in ("title", "organization", "job_title")),
        options={name: form[name].data for name in OPTION_FIELDS},
        other_texts={name.removesuffix("_other"): form[name].data or "" for name in OTHER_TEXT_FIELDS}, end=end)
    return not show_problems(form, project_problems(fields, date.today()), fallback="title")


def _form_for(project: Project | None) -> ProjectForm:
    """Return the project form, filled from the project when editing (older bands shown as their successors)."""
    if project is None or request.method == "POST":
        return ProjectForm()
    form = ProjectForm(obj=project, in_progress=project.in_progress)
    options = default_rules().options
    for name in OPTION_FIELDS:
        option = getattr(options, name).resolve(getattr(project, name))
        form[name].data = option.id if option else ""
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
    if _valid(form):
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
    if _valid(form):
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
    if resolve(get_session(), current_user.id, utcnow(), "experience.show_project", project_id=project.id):
        get_session().commit()  # the verifier's answer, shown here, is what its notification announced
    sort, query = entry_sort(request.args.get("sort", "", type=str)), clean_query(request.args.get("q", "", type=str))
    entries = queries.project_entries_page(get_session(), project, request.args.get("after", type=str), sort=sort,
                                           words=search_words(query))
    return render_template("experience/project.html", project=project, entries=entries, sort=sort, query=query,
                           sorts=ENTRY_SORTS, columns=ENTRY_COLUMNS, default_sort=DEFAULT_ENTRY_SORT,
                           total_hours=queries.project_hours(get_session(), project),
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
    count, hours = queries.project_tally(get_session(), project)
    return render_template("experience/project_delete.html", project=project, entry_count=count, hours=hours)
