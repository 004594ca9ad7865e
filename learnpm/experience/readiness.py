"""Each project's shortfalls kept equal to its fields: counted on every flush that writes a project, read by the
dashboard, which then loads only the few projects that lack something.

The count is the pure core's project_shortfalls, so the dashboard's list and the stored count follow one rule;
`learnpm db check` recomputes it (the rule sets of the content folder may change under stored rows).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Row, and_, case, event, func, or_, select, update
from sqlalchemy.orm import Session

from learnpm.db import read
from learnpm.experience.core.summary import ProjectFacts, ProjectReadiness, project_shortfalls
from learnpm.experience.models import Project
from learnpm.experience.values import project_facts

NEWEST_FIRST = (Project.start_month.desc(), Project.id.desc())


def shortfall_count(project: Project) -> int:
    """Return how many things PMI's application still lacks of a project, by the core's rule."""
    return len(project_shortfalls(project_facts(project)))


def dashboard_readiness(session: Session, user_id: int, shown: int) -> ProjectReadiness:
    """Return what the dashboard needs of a learner's projects, reading at most `shown` of them whole."""
    mine = Project.user_id == user_id
    periods = read(session, select(Project.start_month, Project.end_month).where(mine).distinct()
                            .order_by(Project.start_month, Project.end_month))
    count, shortfalls = read(session, select(func.count(), func.coalesce(func.sum(Project.shortfalls), 0))
                                      .where(mine)).one()
    return ProjectReadiness(tuple((start, end) for start, end in periods), _first_short(session, user_id, shown),
                            int(shortfalls), int(count))


def _first_short(session: Session, user_id: int, shown: int) -> tuple[ProjectFacts, ...]:
    """Return the newest projects that lack something, as few as hold `shown` shortfalls between them."""
    counts = read(session, select(Project.id, Project.shortfalls).where(Project.user_id == user_id,
                                                                        Project.shortfalls > 0)
                           .order_by(*NEWEST_FIRST).limit(shown))
    needed, held = [], 0
    for project_id, shortfalls in counts:
        if held >= shown:
            break
        needed.append(project_id)
        held += shortfalls
    if not needed:
        return ()
    rows = read(session, select(*Project.__table__.columns).where(Project.id.in_(needed)).order_by(*NEWEST_FIRST))
    return tuple(project_facts(row) for row in rows)  # type: ignore[arg-type]


def quick_add_projects(session: Session, user_id: int, today: date, size: int = 20) -> list[Row[tuple[int, str]]]:
    """Return the projects the dashboard's quick add offers: those that can take hours this month first, then the
    most recent, at most `size` (the full entry form offers every project)."""
    running = and_(Project.start_month <= today,
                   or_(Project.end_month.is_(None), Project.end_month >= today.replace(day=1)))
    return list(read(session, select(Project.id, Project.title).where(Project.user_id == user_id)
                              .order_by(case((running, 0), else_=1), *NEWEST_FIRST).limit(size)))


def readiness_drift(session: Session) -> dict[int, tuple[int, int]]:
    """Return the projects whose stored shortfalls differ from the rule's count, as (stored, computed)."""
    drifted = {}
    for project in session.execute(select(*Project.__table__.columns).order_by(Project.id)):
        computed = len(project_shortfalls(project_facts(project)))  # type: ignore[arg-type]
        if project.shortfalls != computed:
            drifted[project.id] = (project.shortfalls, computed)
    return drifted


def repair_readiness(session: Session, drifted: dict[int, tuple[int, int]]) -> None:
    """Store the rule's count on each drifted project."""
    for project_id, (_stored, computed) in drifted.items():
        session.execute(update(Project).where(Project.id == project_id).values(shortfalls=computed)
                        .execution_options(synchronize_session=False))


@event.listens_for(Session, "before_flush")
def _count_before_flush(session: Session, _context: object, _instances: object) -> None:
    """Count the shortfalls of every project this flush writes."""
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Project):
            counted = shortfall_count(obj)
            if obj.shortfalls != counted:
                obj.shortfalls = counted
