"""CSV import (checked first, all or nothing) and CSV / JSON export of the experience log."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from learnpm.access import owned
from learnpm.db import get_session
from learnpm.demo_experience import ADOPTION_DAY
from learnpm.experience import queries, values
from learnpm.experience.core.csv.records import (
    parse_entries_csv,
    parse_projects_csv,
    write_entries_csv,
    write_projects_csv,
)
from learnpm.experience.core.csv.table import CsvImport, CsvProblem
from learnpm.experience.core.entries import hours_by_day
from learnpm.experience.core.labels import domain_labels
from learnpm.experience.core.workbook import WorkbookProject, hours_workbook
from learnpm.experience.export import experience_section
from learnpm.experience.imports import keep_draft
from learnpm.experience.models import HoursEntry, ImportDraft, Project
from learnpm.experience.transfer import entry_from_record, entry_record, project_from_record, project_record
from learnpm.experience.web import bp
from learnpm.experience.web.forms import ImportForm
from learnpm.locks import lock_accounts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/import", methods=["GET", "POST"])
@login_required
def import_csv() -> ResponseReturnValue:
    """Check a CSV file and list every problem by row; import it only when every row is sound.

    A checked file is kept (as an import draft) and named by a hidden field, so Import needs no second upload.
    """
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("experience/import.html", form=form, result=None), 422 if form.errors else 200
    upload = _uploaded_or_checked(form)
    if upload is None:
        form.checked.data = ""
        form.file.errors = ["The file you checked is no longer kept: choose it again."]
        return render_template("experience/import.html", form=form, result=None), 422
    filename, data = upload
    if _wants_import():
        lock_accounts(get_session(), current_user.id)  # checked against the log as it stands when stored
    result = _parse(form.kind.data, data)
    if result.ok and _wants_import():
        count = _store(form.kind.data, result)
        _forget_checked(form)
        get_session().commit()
        flash(f"Imported {count} {form.kind.data}.", "success")
        return redirect(url_for("experience.dashboard"))
    if result.ok:
        _forget_checked(form)
        form.checked.data = str(keep_draft(get_session(), current_user, filename, data).id)
        get_session().commit()
    return render_template("experience/import.html", form=form, result=result, checked_only=not _wants_import(),
                           checked_name=filename if result.ok else None), (200 if result.ok else 422)


def _uploaded_or_checked(form: ImportForm) -> tuple[str, bytes] | None:
    """Return the name and bytes of the file sent now, else of the one checked before; None when that is gone."""
    if getattr(form.file.data, "filename", ""):
        return form.file.data.filename, form.file.data.read()
    draft = _checked_draft(form)
    return (draft.filename, draft.data) if draft else None


def _checked_draft(form: ImportForm) -> ImportDraft | None:
    """Return the learner's kept file the form names, if it is still kept."""
    checked = form.checked.data or ""
    return owned(get_session(), ImportDraft, int(checked), current_user) if checked.isdigit() else None


def _forget_checked(form: ImportForm) -> None:
    """Drop the kept file the form named, once it is imported or replaced."""
    draft = _checked_draft(form)
    if draft is not None:
        get_session().delete(draft)


@bp.get("/import/template-<kind>.csv")
@login_required
def import_template(kind: str) -> ResponseReturnValue:
    """Download a CSV to fill in: the columns the import reads, with one example row."""
    example = Project(ref="adoption-day", breakdown="", **ADOPTION_DAY)
    if kind == "projects":
        return _csv("projects-template.csv", write_projects_csv([project_record(example)]))
    if kind == "entries":
        entry = HoursEntry(project_id=0, day=date(2025, 4, 12), hours=Decimal("3.5"), activity="Volunteer briefing",
                           process_groups=["EX"], domains=["people"], notes="")
        return _csv("entries-template.csv", write_entries_csv([entry_record(entry, {0: example.csv_ref})]))
    abort(404)


@bp.errorhandler(RequestEntityTooLarge)
def file_too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    """Explain at the import form's file field that the upload is over the size the site accepts."""
    if request.endpoint != "experience.import_csv":
        return error  # other pages of the feature get the site's own 413 page
    form = ImportForm(formdata=None)
    limit = current_app.config["MAX_CONTENT_LENGTH"] / 1024 / 1024
    form.file.errors = [f"The file is larger than the {limit:g} MB the site accepts; nothing was imported. "
                        "Split it into smaller files."]
    return render_template("experience/import.html", form=form, result=None), 413


def _wants_import() -> bool:
    """Tell whether the learner pressed Import rather than Check."""
    return request.form.get("action") == "import"


def _parse(kind: str, data: bytes) -> CsvImport[Any]:
    """Parse the file as projects or entries, checked against the learner's log."""
    session = get_session()
    projects = queries.projects_of(session, current_user)
    if kind == "projects":
        result = parse_projects_csv(data, today=date.today())
        taken = {p.csv_ref for p in projects}
        clashes = [CsvProblem(f"a project with ref {r.ref!r} is already in your log", None, "ref")
                   for r in result.rows if r.ref in taken]
        return CsvImport((), tuple(clashes)) if clashes else result
    existing = [values.as_entry(e) for e in queries.entries_of(session, current_user)]
    return parse_entries_csv(data, projects={p.csv_ref: values.project_months(p) for p in projects},
                             today=date.today(), existing_hours_by_day=hours_by_day(existing))


def _store(kind: str, result: CsvImport[Any]) -> int:
    """Save every imported row in one go."""
    session = get_session()
    if kind == "projects":
        session.add_all(project_from_record(record, current_user.id) for record in result.rows)
    else:
        ids = {p.csv_ref: p.id for p in queries.projects_of(session, current_user)}
        session.add_all(entry_from_record(r, current_user.id, ids[r.project_ref]) for r in result.rows)
    session.flush()
    return len(result.rows)


def _csv(name: str, body: bytes) -> Response:
    """Send a CSV download."""
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/export/projects.csv")
@login_required
def export_projects() -> ResponseReturnValue:
    """Download every project as projects.csv."""
    projects = queries.projects_of(get_session(), current_user)
    return _csv("projects.csv", write_projects_csv(project_record(p) for p in projects))


@bp.get("/export/entries.csv")
@login_required
def export_entries() -> ResponseReturnValue:
    """Download every hours entry as entries.csv."""
    session = get_session()
    refs = {p.id: p.csv_ref for p in queries.projects_of(session, current_user)}
    entries = queries.entries_of(session, current_user)
    return _csv("entries.csv", write_entries_csv(entry_record(e, refs) for e in reversed(entries)))


@bp.get("/export/hours.xlsx")
@login_required
def export_workbook() -> ResponseReturnValue:
    """Download the hours as a workbook: a summary, then a sheet per project with totals by month."""
    session = get_session()
    projects = [WorkbookProject(str(p.id), p.title, _months(p.start_month, p.end_month))
                for p in reversed(queries.projects_of(session, current_user))]
    entries = [values.as_entry(entry) for entry in queries.entries_of(session, current_user)]
    return Response(hours_workbook(projects, entries, domain_labels()), mimetype=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="hours.xlsx"'})


def _months(start: date, end: date | None) -> str:
    """Return a project's months as people read them."""
    return f"{start:%B %Y} – {end:%B %Y}" if end else f"{start:%B %Y} – in progress"


@bp.get("/export.json")
@login_required
def export_json() -> ResponseReturnValue:
    """Download the whole experience log as JSON."""
    body = json.dumps(experience_data(get_session(), current_user), indent=2, ensure_ascii=False, default=str)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="experience.json"'})


def experience_data(session: Any, user: Any) -> dict[str, Any]:
    """Return projects (with their hours), education and PDUs as plain data."""
    return experience_section(session, user)
