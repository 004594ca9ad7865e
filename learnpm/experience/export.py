"""The experience part of a user's data download: projects with hours, education, certifications, PDUs."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from learnpm.account.export import export_section
from learnpm.auth.models import User
from learnpm.experience import queries
from learnpm.experience.core.fields import APPLICATION_FIELDS, DESCRIPTION_FIELDS, OTHER_TEXT_FIELDS, VERIFIER_COLUMNS
from learnpm.experience.models import Project

PROJECT_FIELDS = ("ref", *APPLICATION_FIELDS, *OTHER_TEXT_FIELDS, "start_month", "end_month", *DESCRIPTION_FIELDS, "sections",
                  *VERIFIER_COLUMNS)


def _project(project: Project) -> dict[str, Any]:
    """Return a project and its hours as plain data."""
    data = {name: getattr(project, name) for name in PROJECT_FIELDS}
    data["entries"] = [
        {"day": e.day, "hours": str(e.hours), "activity": e.activity, "process_groups": e.process_groups,
         "domains": e.domains, "notes": e.notes}
        for e in project.entries
    ]
    return data


@export_section("experience")
def experience_section(session: Session, user: User) -> dict[str, Any]:
    """Return everything the learner entered in the experience log."""
    return {
        "projects": [_project(p) for p in queries.projects_of(session, user)],
        "academic_records": [
            {"level": r.level, "institution": r.institution, "country": r.country, "field_of_study": r.field_of_study,
             "start_year": r.start_year, "end_year": r.end_year, "gac_accredited": r.gac_accredited,
             "certificate": r.certificate.filename if r.certificate else None}
            for r in queries.academic_records(session, user)
        ],
        "courses": [
            {"title": c.title, "provider": c.provider, "start_month": c.start_month, "end_month": c.end_month,
             "hours": str(c.hours), "certificate": c.certificate.filename if c.certificate else None}
            for c in queries.courses(session, user)
        ],
        "certifications": [
            {"kind": c.kind, "cycle_start": c.cycle_start,
             "pdus": [{"title": r.title, "category": r.category, "amount": str(r.amount), "earned_on": r.earned_on}
                      for r in queries.pdu_records(session, c)]}
            for c in queries.certifications(session, user)
        ],
    }
