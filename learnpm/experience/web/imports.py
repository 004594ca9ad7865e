"""Imports from Toggl Track, Clockify, Harvest, any spreadsheet and calendars: upload, preview, import.

The uploaded file waits as a draft while the learner maps its columns (for a spreadsheet) and its projects;
the preview shows every entry the import would add, what it leaves out and why, and every problem by row.
Nothing is saved until the learner imports a preview without problems; then everything is, in one commit.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from learnpm.access import owned_or_404
from learnpm.db import get_session
from learnpm.experience import imports, queries, values
from learnpm.experience.core.amounts import plain
from learnpm.experience.core.entries import hours_by_day
from learnpm.experience.core.imports.calendar import time_zone
from learnpm.experience.core.imports.cells import DATE_ORDERS
from learnpm.experience.core.imports.mapping import ROLES, ColumnMapping, shape_key
from learnpm.experience.core.imports.plan import NEW, SKIP, ImportPlan, plan_import
from learnpm.experience.core.imports.reading import Reading, ReadSettings, read_import
from learnpm.experience.core.imports.rows import Group, groups_of
from learnpm.experience.core.imports.sheet import ImportRejected
from learnpm.experience.models import ImportDraft, Project
from learnpm.experience.web import bp
from learnpm.experience.web.forms import ImportForm
from learnpm.experience.web.import_forms import TrackerFileForm, preview_form

SHOWN_ROWS = 200


@bp.post("/import/file")
@login_required
def upload_tracker_file() -> ResponseReturnValue:
    """Keep an exported file as a draft and show its preview."""
    form = TrackerFileForm()
    if not form.validate_on_submit():
        error = " ".join(form.file.errors) or "The form had expired. Please send it again."
        return render_template("experience/import.html", form=ImportForm(formdata=None), result=None,
                               tracker_error=error), 422
    upload = form.file.data
    draft = imports.keep_draft(get_session(), current_user, upload.filename or "export", upload.read())
    get_session().commit()
    return redirect(url_for("experience.import_draft", draft_id=draft.id))


@bp.route("/import/drafts/<int:draft_id>", methods=["GET", "POST"])
@login_required
def import_draft(draft_id: int) -> ResponseReturnValue:
    """Preview a draft with the learner's choices; import it when asked and nothing stands in the way."""
    session, today = get_session(), date.today()
    draft = owned_or_404(session, ImportDraft, draft_id, current_user)
    try:
        reading = read_import(draft.data, draft.filename, _settings(draft), today)
    except ImportRejected as rejected:
        return render_template("experience/import_preview.html", draft=draft, rejected=rejected.problems), 422
    projects = queries.projects_of(session, current_user)
    groups = groups_of(reading.rows.rows)
    form = preview_form(reading, groups, projects, _defaults(reading, groups, projects))
    choices = {group.name: form[group.field_name].data or "" for group in groups}
    plan = _plan(reading, choices, projects, today)
    wants_import = request.method == "POST" and request.form.get("action") == "import"
    if wants_import and form.validate_on_submit() and plan.ok and not reading.rows.problems:
        return _import(draft, reading, plan, choices)
    status = 422 if wants_import else 200
    return render_template("experience/import_preview.html", draft=draft, reading=reading, form=form,
                           groups=groups, plan=plan, titles={str(p.id): p.title for p in projects},
                           shown=SHOWN_ROWS, date_orders=DATE_ORDERS, roles=ROLES), status


def _settings(draft: ImportDraft) -> ReadSettings:
    """Return how to read the draft: as the learner just chose, else as they chose for this kind of file."""
    form = request.form if request.method == "POST" else None
    if form is not None:
        mapping = ColumnMapping.from_dict({role: form.get(f"column_{role}", "") for role in ROLES})
        order = form.get("date_order") or None
        zone = form.get("zone") or None
        return ReadSettings(mapping if any(mapping.as_dict().values()) else None,
                            order if order in DATE_ORDERS else None,  # type: ignore[arg-type]
                            zone if zone and time_zone(zone) else None)
    return _remembered_settings(draft)


def _remembered_settings(draft: ImportDraft) -> ReadSettings:
    """Return the settings remembered for a file like this one (its columns' shape, or its calendar)."""
    session = get_session()
    try:
        first = read_import(draft.data, draft.filename, ReadSettings(), date.today())
    except ImportRejected:
        return ReadSettings()
    if first.kind == "calendar":
        return ReadSettings(zone_name=imports.remembered(session, current_user, "zone:ics").get("zone") or None)
    memory = imports.remembered(session, current_user, "columns:" + shape_key(first.columns))
    mapping = ColumnMapping.from_dict(memory) if first.kind == "spreadsheet" and memory else None
    order = memory.get("date_order") or None
    return ReadSettings(mapping, order if order in DATE_ORDERS else None)  # type: ignore[arg-type]


def _defaults(reading: Reading, groups: tuple[Group, ...], projects: list[Project]) -> dict[str, str]:
    """Return the preview's starting choices: the file's own reading, then remembered projects, else by title."""
    defaults: dict[str, str] = {"date_order": reading.date_order or "", "zone": reading.zone_name}
    if reading.mapping is not None:
        defaults |= {f"column_{role}": name for role, name in reading.mapping.as_dict().items()}
    remembered = imports.remembered(get_session(), current_user, "projects:" + reading.source)
    ids = {str(project.id) for project in projects}
    by_title = {project.title.strip().lower(): str(project.id) for project in projects}
    for group in groups:
        choice = remembered.get(group.name, "")
        if choice not in ids | {NEW, SKIP}:
            choice = by_title.get(group.name.strip().lower(), NEW if group.name else SKIP)
        defaults[group.field_name] = choice
    return defaults


def _plan(reading: Reading, choices: dict[str, str], projects: list[Project], today: date) -> ImportPlan:
    """Return what importing the reading would do, checked against the learner's log."""
    session = get_session()
    existing = hours_by_day(values.as_entry(entry) for entry in queries.entries_of(session, current_user))
    return plan_import(reading.rows.rows, choices, projects={str(p.id): values.project_months(p) for p in projects},
                       imported_keys=imports.imported_keys(session, current_user),
                       existing_hours_by_day=existing, today=today)


def _import(draft: ImportDraft, reading: Reading, plan: ImportPlan, choices: dict[str, str]) -> ResponseReturnValue:
    """Save the plan, remember the learner's choices, drop the draft; one commit for all of it."""
    session = get_session()
    created = imports.save_plan(session, current_user, plan, reading.label)
    remembered = {name: str(created.get(name, choice)) if choice == NEW else choice for name, choice in choices.items()}
    imports.remember(session, current_user, "projects:" + reading.source, remembered)
    _remember_reading(reading)
    session.delete(draft)
    session.commit()
    added, again = len(plan.entries), sum(1 for item in plan.left_out if item.reason.startswith("already"))
    message = f"Imported {added} entr{'y' if added == 1 else 'ies'} ({plain(plan.hours)} h)"
    message += f"; {again} already in your log" if again else ""
    message += f"; {len(created)} new project(s): complete them for PMI's application." if created else "."
    flash(message, "success")
    return redirect(url_for("experience.dashboard"))


def _remember_reading(reading: Reading) -> None:
    """Remember how the file was read: a calendar's time zone, a table's date order and column mapping."""
    session = get_session()
    if reading.kind == "calendar":
        imports.remember(session, current_user, "zone:ics", {"zone": reading.zone_name})
        return
    memory: dict[str, Any] = {"date_order": reading.date_order or ""}
    if reading.kind == "spreadsheet" and reading.mapping is not None:
        memory |= reading.mapping.as_dict()
    imports.remember(session, current_user, "columns:" + shape_key(reading.columns), memory)

