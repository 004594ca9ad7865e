"""Between stored rows and the pure core's CSV records: what export writes and import creates."""

from __future__ import annotations

from learnpm.experience.core.csv.records import ProjectRecord, Verifier
from learnpm.experience.core.entries import Entry
from learnpm.experience.core.fields import APPLICATION_FIELDS, OTHER_TEXT_FIELDS, VERIFIER_FIELDS
from learnpm.experience.models import HoursEntry, Project
from learnpm.experience.values import description_parts, project_months


def project_record(project: Project) -> ProjectRecord:
    """Return a stored project as a CSV record."""
    return ProjectRecord(
        ref=project.csv_ref, **{name: getattr(project, name) for name in APPLICATION_FIELDS},
        **{name: getattr(project, name) or "" for name in OTHER_TEXT_FIELDS},
        months=project_months(project), description=description_parts(project),
        verifier=Verifier(**{name: getattr(project, f"verifier_{name}") for name in VERIFIER_FIELDS}),
    )


def project_from_record(record: ProjectRecord, user_id: int) -> Project:
    """Return a new project holding an imported record."""
    parts = record.description
    return Project(
        user_id=user_id, ref=record.ref,
        **{name: getattr(record, name) for name in (*APPLICATION_FIELDS, *OTHER_TEXT_FIELDS)},
        start_month=record.months.start.first_day(),
        end_month=record.months.end.first_day() if record.months.end else None,
        objective=parts.objective, role=parts.role, breakdown=parts.breakdown, sections=dict(parts.sections),
        outcome=parts.outcome, **{f"verifier_{name}": getattr(record.verifier, name) for name in VERIFIER_FIELDS},
    )


def entry_record(entry: HoursEntry, refs: dict[int, str]) -> Entry:
    """Return a stored entry as a CSV record, its project named by ref."""
    return Entry(refs[entry.project_id], entry.day, entry.hours, entry.activity, frozenset(entry.process_groups or ()),
                 frozenset(entry.domains or ()), entry.notes)


def entry_from_record(record: Entry, user_id: int, project_id: int) -> HoursEntry:
    """Return a new stored entry holding an imported record."""
    return HoursEntry(user_id=user_id, project_id=project_id, day=record.day, hours=record.hours,
                      activity=record.activity, process_groups=sorted(record.process_groups),
                      domains=sorted(record.domains), notes=record.notes)
