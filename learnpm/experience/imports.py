"""Reads and writes of imports from trackers, spreadsheets and calendars. Functions flush; the view commits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.experience.core.imports.plan import NEW, ImportPlan, NewProject
from learnpm.experience.models import HoursEntry, ImportDraft, ImportedRow, ImportMemory, Project

# A draft waits this long for its go-ahead; older ones are dropped when the learner uploads the next file.
DRAFT_LIFETIME = timedelta(days=1)
NOTE = "Imported from {source}."


def keep_draft(session: Session, user: User, filename: str, data: bytes) -> ImportDraft:
    """Keep an uploaded file until its import is confirmed, dropping the learner's stale drafts."""
    session.execute(delete(ImportDraft).where(ImportDraft.user_id == user.id,
                                              ImportDraft.created_at < utcnow() - DRAFT_LIFETIME))
    draft = ImportDraft(user_id=user.id, filename=filename[:200], data=data)
    session.add(draft)
    session.flush()
    return draft


def imported_keys(session: Session, user: User) -> set[str]:
    """Return the keys of every row the learner has imported and still has in their log."""
    return set(session.scalars(select(ImportedRow.key).where(ImportedRow.user_id == user.id)))


def remembered(session: Session, user: User, key: str) -> dict[str, str]:
    """Return what the learner chose last time under `key`, or nothing."""
    memory = session.scalar(select(ImportMemory).where(ImportMemory.user_id == user.id, ImportMemory.key == key))
    return dict(memory.value) if memory is not None else {}


def remember(session: Session, user: User, key: str, value: Mapping[str, str]) -> None:
    """Remember the learner's choices under `key`, for the next import of the same kind."""
    memory = session.scalar(select(ImportMemory).where(ImportMemory.user_id == user.id, ImportMemory.key == key))
    if memory is None:
        session.add(ImportMemory(user_id=user.id, key=key[:100], value=dict(value)))
    else:
        memory.value = dict(value)
    session.flush()


def save_plan(session: Session, user: User, plan: ImportPlan, source: str) -> dict[str, int]:
    """Create the plan's new projects and add its entries, each known by its row's key; return the new ids."""
    created = {f"{NEW}:{project.name}": _create_project(session, user, project) for project in plan.new_projects}
    note = NOTE.format(source=source)
    for planned in plan.entries:
        project_id = created[planned.target] if planned.target in created else int(planned.target)
        row = planned.row
        entry = HoursEntry(user_id=user.id, project_id=project_id, day=row.day, hours=planned.hours,
                           activity=row.activity[:200], process_groups=[], domains=[], notes=note)
        session.add(entry)
        session.flush()
        session.add(ImportedRow(user_id=user.id, key=row.key, entry_id=entry.id))
    session.flush()
    return {name.removeprefix(f"{NEW}:"): project_id for name, project_id in created.items()}


def _create_project(session: Session, user: User, project: NewProject) -> int:
    """Create a project named after a tracker's project; the learner fills in PMI's fields afterwards."""
    end = project.months.end
    row = Project(user_id=user.id, title=project.name, organization=project.client[:200], job_title="",
                  functional_reporting_area="", organization_primary_focus="", approach="", team_size="",
                  budget="", start_month=project.months.start.first_day(),
                  end_month=end.first_day() if end else None)
    session.add(row)
    session.flush()
    return row.id
