"""Education: degrees and contact-hour courses, each with an optional certificate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from werkzeug.datastructures import FileStorage

from learnpm.access import found_or_404, owned, owned_or_404
from learnpm.db import get_session
from learnpm.experience import queries
from learnpm.experience.core.amounts import plain
from learnpm.experience.core.education import ACADEMIC_LEVELS, counted_contact_hours, counts_from
from learnpm.experience.core.months import Month
from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.core.uploads import certificate_problem, certificate_type
from learnpm.experience.models import AcademicRecord, Course, Upload
from learnpm.experience.web import bp
from learnpm.experience.web.forms import AcademicForm, CourseForm
from learnpm.undo import offer_undo, restored_row, row_values, undoable


def _page(academic: AcademicForm | None = None, course: CourseForm | None = None, status: int = 200) -> ResponseReturnValue:
    """Render the education page with both forms."""
    session = get_session()
    return render_template(
        "experience/education.html", academic_form=academic or AcademicForm(prefix="academic"),
        course_form=course or CourseForm(prefix="course"), records=queries.academic_records(session, current_user),
        courses=queries.courses(session, current_user), levels=ACADEMIC_LEVELS,
        contact_hours=queries.contact_hours(session, current_user, date.today()),
        required=default_rules().pmp.pm_education.contact_hours, path=queries.eligibility_path(session, current_user),
        counts_from=counts_from, this_month=Month.of(date.today()),
    ), status


@bp.get("/education/")
@login_required
def education() -> ResponseReturnValue:
    """Show the learner's degrees and courses."""
    return _page()


def _certificate(field: object) -> Upload | None | str:
    """Keep the uploaded certificate; return it, None when there is none, or why it was refused."""
    upload = getattr(field, "data", None)
    if not isinstance(upload, FileStorage) or not upload.filename:
        return None
    data = upload.read()
    problem = certificate_problem(data)
    if problem:
        return problem
    return queries.store_upload(get_session(), current_user, upload.filename, certificate_type(data) or "", data)


def _populate(form: AcademicForm | CourseForm, item: AcademicRecord | Course) -> None:
    """Copy the form's fields onto the item, leaving the file and the token aside."""
    for field in form:
        if field.short_name not in ("certificate", "csrf_token"):
            value = field.data.strip() if isinstance(field.data, str) else field.data
            setattr(item, field.short_name, value)


def _add(form: AcademicForm | CourseForm, model: type[AcademicRecord] | type[Course], message: str) -> ResponseReturnValue:
    """Validate the form and its certificate, then store the item; or show the page with the errors."""
    page_forms = {"academic" if isinstance(form, AcademicForm) else "course": form}
    if not form.validate_on_submit():
        return _page(**page_forms, status=422)
    certificate = _certificate(form.certificate)
    if isinstance(certificate, str):
        form.certificate.errors = [certificate]
        return _page(**page_forms, status=422)
    item = model(user_id=current_user.id, certificate=certificate)
    _populate(form, item)
    get_session().add(item)
    get_session().commit()
    flash(message, "success")
    return redirect(url_for("experience.education"))


@bp.post("/education/academic")
@login_required
def add_academic() -> ResponseReturnValue:
    """Add a degree or diploma."""
    return _add(AcademicForm(prefix="academic"), AcademicRecord, "Education added.")


@bp.post("/education/courses")
@login_required
def add_course() -> ResponseReturnValue:
    """Add a course with its contact hours."""
    form = CourseForm(prefix="course")
    return _add(form, Course, f"Course added: {plain(form.hours.data or Decimal(0))} contact hours.")


EDUCATION = {"academic": AcademicRecord, "course": Course}


def _contact_hours_sentence(hours: Decimal) -> str:
    """Say where the contact hours stand against PMI's requirement."""
    required = default_rules().pmp.pm_education.contact_hours
    short = Decimal(required) - hours
    return (f"Contact hours are now {plain(hours)}: {plain(short)} short of {required}." if short > 0
            else f"Contact hours are now {plain(hours)}, at least the {required} PMI asks for.")


def _item_name(item: AcademicRecord | Course) -> str:
    """Name a degree or a course the way the page lists it."""
    return f"the course “{item.title}”" if isinstance(item, Course) else f"the education at {item.institution}"


@bp.route("/education/<kind>/<int:item_id>/delete", methods=["GET", "POST"])
@login_required
def delete_education(kind: str, item_id: int) -> ResponseReturnValue:
    """Ask, then delete a degree or a course; its certificate is kept while the delete can be undone."""
    model = EDUCATION.get(kind)
    item = found_or_404(owned(get_session(), model, item_id, current_user) if model else None)
    session = get_session()
    hours_after = counted_contact_hours(((course.end_month, Decimal(course.hours)) for course in
                                         queries.courses(session, current_user) if course is not item), date.today())
    if request.method == "GET":
        consequences = [_contact_hours_sentence(hours_after).replace("are now", "would be")] if kind == "course" \
            else ["Your eligibility path is worked out again without it."]
        return render_template("confirm.html", question=f"Delete {_item_name(item)}?", consequences=consequences,
                               button="Delete it", cancel_url=url_for("experience.education"))
    offer_undo("education", {"kind": kind, "row": row_values(item)})
    session.delete(item)
    session.commit()
    after = f" {_contact_hours_sentence(hours_after)}" if kind == "course" else ""
    flash(f"Deleted {_item_name(item)}.{after}", "info")
    return redirect(url_for("experience.education"))


def _discard_certificate(payload: dict) -> None:
    """Delete the certificate a deleted degree or course left behind, once it can no longer come back."""
    upload = owned(get_session(), Upload, payload["row"].get("certificate_id") or 0, current_user)
    if upload is not None:
        get_session().delete(upload)


@undoable("education", "bring back the deleted education", discard=_discard_certificate)
def _restore_education(payload: dict) -> tuple[str, str]:
    """Put a deleted degree or course back, with its certificate."""
    item = restored_row(EDUCATION[payload["kind"]], payload["row"])
    session = get_session()
    if item.certificate_id is not None and owned(session, Upload, item.certificate_id, current_user) is None:
        item.certificate_id = None
    session.add(item)
    session.flush()
    after = f" {_contact_hours_sentence(queries.contact_hours(session, current_user, date.today()))}" \
        if isinstance(item, Course) else ""
    return f"Restored {_item_name(item)}.{after}", url_for("experience.education")


@bp.get("/education/certificates/<int:upload_id>")
@login_required
def course_certificate(upload_id: int) -> ResponseReturnValue:
    """Send a stored certificate back to its owner."""
    upload = owned_or_404(get_session(), Upload, upload_id, current_user)
    safe_name = "".join(c for c in upload.filename if c.isalnum() or c in "._- ") or "certificate"
    return Response(upload.data, mimetype=upload.content_type,
                    headers={"Content-Disposition": f'attachment; filename="{safe_name}"',
                             "X-Content-Type-Options": "nosniff"})
