"""The audit packet: one experience verification form per verifier, and the certificates to enclose."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.documents.core.period import Period
from learnpm.experience import queries, values
from learnpm.experience.core.amounts import plain
from learnpm.experience.core.description import description_report
from learnpm.experience.core.education import ACADEMIC_LEVELS

ATTESTATION = (
    "I confirm that I have first-hand knowledge of the project(s) described above, that the applicant "
    "led and directed the work as described, and that the dates and descriptions are accurate."
)


def _verifier_key(project: Any) -> tuple[str, str]:
    """Group projects by the person who signs for them (the same email, or the same name)."""
    return (project.verifier_email.strip().lower() or project.verifier_name.strip().lower(), project.verifier_name)


def audit_context(session: Session, user: User, today: date, period: Period = (None, None)) -> dict[str, Any]:
    """Return a verification form per verifier, projects without one, and the certificate checklist."""
    forms: dict[tuple[str, str], dict[str, Any]] = {}
    unverified = []
    for project in reversed(queries.projects_of(session, user)):
        if not project.verifier_name.strip():
            unverified.append(project.title)
            continue
        form = forms.setdefault(_verifier_key(project), {
            "verifier": {"name": project.verifier_name, "title": project.verifier_title,
                         "organization": project.verifier_organization, "email": project.verifier_email,
                         "phone": project.verifier_phone, "relationship": project.verifier_relationship},
            "projects": []})
        form["projects"].append({
            "title": project.title, "organization": project.organization,
            "dates": f"{project.start_month:%B %Y} – {project.end_month:%B %Y}" if project.end_month
            else f"{project.start_month:%B %Y} – in progress",
            "description": description_report(values.description_parts(project)).text})
    return {
        "candidate": {"name": user.display_name, "email": user.email},
        "forms": list(forms.values()), "unverified": unverified, "attestation": ATTESTATION,
        "checklist": _checklist(session, user),
    }


def _checklist(session: Session, user: User) -> list[dict[str, Any]]:
    """List the documents an audit asks for: the degree and a certificate for every course."""
    items = [{"what": f"Copy of your {ACADEMIC_LEVELS.get(r.level, r.level).lower()} from {r.institution}",
              "kept": r.certificate is not None} for r in queries.academic_records(session, user)]
    items += [{"what": f"Certificate of “{c.title}” ({c.provider}, {plain(c.hours)} hours)", "kept": c.certificate is not None}
              for c in queries.courses(session, user)]
    return items
