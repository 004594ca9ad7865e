"""Reads and writes of the week grid: the week's entries one by one, and the changes a saved week makes.
Functions flush; the view commits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from learnpm.auth.models import User
from learnpm.experience.core.week_grid import CellChange, LoggedEntry
from learnpm.experience.models import HoursEntry, Project


def week_entries(session: Session, user: User, first: date, last: date) -> list[LoggedEntry]:
    """Return the user's entries between two days, one by one, as the week grid needs them."""
    rows = session.execute(select(HoursEntry.id, HoursEntry.project_id, HoursEntry.day, HoursEntry.hours)
                           .where(HoursEntry.user_id == user.id, HoursEntry.day >= first, HoursEntry.day <= last))
    return [LoggedEntry(entry_id, str(project_id), day, Decimal(str(hours))) for entry_id, project_id, day, hours in rows]


def projects_with_entries(session: Session, user: User, project_ids: list[int]) -> set[int]:
    """Return which of the projects have at least one entry: each asked by an EXISTS that stops at the first row,
    whatever the size of the log."""
    if not project_ids:
        return set()
    logged = exists().where(HoursEntry.project_id == Project.id)
    return set(session.scalars(select(Project.id).where(Project.user_id == user.id, Project.id.in_(project_ids),
                                                        logged)))


def latest_entries(session: Session, user: User, project_ids: list[int]) -> dict[int, HoursEntry]:
    """Return each project's entry logged last, by project id (projects without entries left out)."""
    latest = (select(func.max(HoursEntry.id)).where(HoursEntry.user_id == user.id,
                                                    HoursEntry.project_id.in_(project_ids))
              .group_by(HoursEntry.project_id))
    return {entry.project_id: entry for entry in session.scalars(select(HoursEntry).where(HoursEntry.id.in_(latest)))}


def save_week_changes(session: Session, user: User, changes: tuple[CellChange, ...],
                      first_tags: Mapping[int, tuple[list[str], list[str]]] | None = None) -> None:
    """Log, change or remove the entries of the changed cells. A new entry copies its project's latest entry's
    description and tags, so that the project's breakdown by process group and domain carries on; a project's first
    hours take the (process groups, domains) of `first_tags`."""
    models = latest_entries(session, user, sorted({int(change.project_ref) for change in changes}))
    first_tags = first_tags or {}
    for change in changes:
        entry = session.get(HoursEntry, change.entry_id) if change.entry_id is not None else None
        if entry is not None and entry.user_id != user.id:
            continue
        if change.hours is None:
            if entry is not None:
                session.delete(entry)
        elif entry is not None:
            entry.hours = change.hours
        else:
            project_id = int(change.project_ref)
            session.add(_new_entry(user, change, models.get(project_id), first_tags.get(project_id, ([], []))))
    session.flush()


def _new_entry(user: User, change: CellChange, model: HoursEntry | None,
               tags: tuple[list[str], list[str]]) -> HoursEntry:
    """Return a new entry for a cell, described and tagged like `model` (the project's latest entry), or tagged
    with `tags` when the project has no entry yet."""
    groups, domains = (list(model.process_groups), list(model.domains)) if model else tags
    return HoursEntry(user_id=user.id, project_id=int(change.project_ref), day=change.day, hours=change.hours,
                      activity=model.activity if model else "", notes="", process_groups=groups, domains=domains)
