"""The content of each document as plain values: no ORM object ever reaches a print template."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.documents.core.calendar import counted_spans
from learnpm.documents.core.period import Period
from learnpm.experience import queries, values
from learnpm.experience.core.amounts import plain
from learnpm.experience.core.application_form import end_for_the_form, future_end_message
from learnpm.experience.core.description import description_report
from learnpm.experience.core.education import ACADEMIC_LEVELS
from learnpm.experience.core.fields import APPLICATION_FIELDS, LABELS, OPTION_FIELDS
from learnpm.experience.core.labels import option_label, process_group_labels
from learnpm.experience.core.rules.library import default_rules
from learnpm.experience.core.summary import summarise
from learnpm.experience.totals import log_totals


def _month(value: date | None) -> str:
    """Render a month as PMI's form shows it."""
    return value.strftime("%B %Y") if value else "In progress"


def _field(project: Any, name: str) -> str:
    """Return a field as PMI's form shows it: an option by its label, with the words for Other after it."""
    if name not in OPTION_FIELDS:
        return str(getattr(project, name))
    other = getattr(project, f"{name}_other", "")
    return option_label(name, getattr(project, name)) + (f": {other}" if other else "")


def _project(project: Any, today: date) -> dict[str, Any]:
    """Return one project with every application field, in the form's order, and its description."""
    report = description_report(values.description_parts(project))
    fields = [(LABELS[name], _field(project, name)) for name in APPLICATION_FIELDS if name != "title"]  # title heads it
    # PMI's form takes no end month to come: a planned end goes on the form as "in progress".
    end = end_for_the_form(project.end_month, today)
    fields += [("Start", _month(project.start_month)), ("End", _month(end))]
    notes = [future_end_message(today)] if end is None and project.end_month is not None else []
    return {
        "title": project.title, "fields": fields, "description": report.text, "words": report.words,
        "problems": notes + [problem.message for problem in report.problems],
        "verifier": {"name": project.verifier_name, "title": project.verifier_title,
                     "organization": project.verifier_organization, "email": project.verifier_email,
                     "phone": project.verifier_phone, "relationship": project.verifier_relationship},
    }


def application_context(session: Session, user: User, today: date, period: Period = (None, None)) -> dict[str, Any]:
    """Return the application worksheet's content for `user` as of `today`."""
    projects = queries.projects_of(session, user)
    records = queries.academic_records(session, user)
    courses = queries.courses(session, user)
    summary = summarise([values.project_facts(p) for p in projects], log_totals(session, user.id),
                        queries.contact_hours(session, user, today), values.path_of(records),
                        queries.has_active_capm(session, user, today), today)
    return {
        "candidate": {"name": user.display_name, "email": user.email},
        "as_of": today.isoformat(),
        "academic": [{"level": ACADEMIC_LEVELS.get(r.level, r.level), "institution": r.institution,
                      "country": r.country, "field": r.field_of_study, "years": f"{r.start_year or ''}–{r.end_year or ''}",
                      "gac": r.gac_accredited} for r in records],
        "courses": [{"title": c.title, "provider": c.provider, "dates": f"{_month(c.start_month)} – {_month(c.end_month)}",
                     "hours": plain(c.hours)} for c in courses],
        "contact_hours": plain(summary.path.contact_hours),
        "projects": [_project(p, today) for p in reversed(projects)],
        "window_months": default_rules().pmp.window.months,
        "months": summary.path.months_counted,
        "paths": [{"label": s.label, "required": s.months_required, "counted": s.months_counted,
                   "eligible": s.eligible, "months_missing": s.months_missing,
                   "hours_missing": plain(s.contact_hours_missing)} for s in summary.paths],
        "calendar": [{"year": row.year, "months": [{"name": name, "status": status, "inside": inside}
                                                   for name, status, inside in row.months]}
                     for row in summary.calendar],
        "counted_spans": counted_spans(summary.calendar),
        "blockers": list(summary.missing),
        "process_groups": process_group_labels(),
    }
