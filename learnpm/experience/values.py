"""Stored rows as the pure core's values: the one place the experience feature converts ORM objects."""

from __future__ import annotations

from learnpm.experience.core.description import DescriptionParts
from learnpm.experience.core.education import Qualification, path_for
from learnpm.experience.core.entries import Entry, ProjectMonths
from learnpm.experience.core.fields import APPLICATION_FIELDS, LABELS
from learnpm.experience.core.months import Month
from learnpm.experience.core.summary import ProjectFacts
from learnpm.experience.core.week_grid import GridProject
from learnpm.experience.models import AcademicRecord, HoursEntry, Project


def project_months(project: Project) -> ProjectMonths:
    """Return the months a project ran, for the entry checks."""
    end = Month.of(project.end_month) if project.end_month else None
    return ProjectMonths(Month.of(project.start_month), end)


def grid_project(project: Project) -> GridProject:
    """Return a project as a possible row of the week grid."""
    return GridProject(str(project.id), project_months(project))


def description_parts(project: Project) -> DescriptionParts:
    """Return the description parts of a project, for assembly and word counts."""
    return DescriptionParts(project.objective or "", project.role or "", dict(project.sections or {}),
                            project.outcome or "", project.breakdown or "process_group")  # type: ignore[arg-type]


def project_facts(project: Project) -> ProjectFacts:
    """Return what the dashboard needs to know of a project."""
    empty = tuple(LABELS[name].lower() for name in APPLICATION_FIELDS if not (getattr(project, name) or "").strip())
    return ProjectFacts(project.id, project.title, project.start_month, project.end_month,
                        description_parts(project), bool(project.verifier_name and project.verifier_email), empty)


def as_entry(entry: HoursEntry) -> Entry:
    """Return a stored entry as the pure core's value."""
    return Entry(str(entry.project_id), entry.day, entry.hours, entry.activity, frozenset(entry.process_groups or ()),
                 frozenset(entry.domains or ()), entry.notes)


def path_of(records: list[AcademicRecord]) -> str:
    """Return the PMP path these academic records open."""
    return path_for(Qualification(r.level, r.gac_accredited) for r in records)
