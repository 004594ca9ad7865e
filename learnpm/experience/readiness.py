"""Each project's shortfalls kept equal to its fields: counted on every flush that writes a project, read by the
dashboard, which then loads only the few projects that lack something.

The count is the pure core's project_shortfalls, so the dashboard's list and the stored count follow one rule;
`learnpm db check` recomputes it (the rule sets of the content folder may change under stored rows).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, Row, and_, bindparam, case, event, func, or_, select, update
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
    rows = read(session, _PERIODS, {"user_id": user_id}).all()
    count, shortfalls = (rows[0].projects, rows[0].shortfalls) if rows else (0, 0)
    return ProjectReadiness(tuple((row.start_month, row.end_month) for row in rows),
                            _first_short(session, user_id, shown), int(shortfalls), int(count))


def _first_short(session: Session, user_id: int, shown: int) -> tuple[ProjectFacts, ...]:
    """Return the newest projects that lack something, as few as hold `shown` shortfalls between them."""
    needed, held = [], 0
    for project_id, shortfalls in read(session, _SHORT, {"user_id": user_id, "shown": shown}):
        if held >= shown:
            break
        needed.append(project_id)
        held += shortfalls
    if not needed:
        return ()
    return tuple(project_facts(row) for row in read(session, _WHOLE, {"ids": needed}))  # type: ignore[arg-type]


# The experience dashboard and a mentee's page ask these on every visit: built once, the learner as a parameter.
_MINE = Project.user_id == bindparam("user_id")
# Each distinct period, with the count of projects and their shortfalls over all of them (the same on every row):
# one statement rather than two, since the window sums come before the DISTINCT.
_PERIODS = (select(Project.start_month, Project.end_month, func.count().over().label("projects"),
                   func.coalesce(func.sum(Project.shortfalls).over(), 0).label("shortfalls"))
            .where(_MINE).distinct().order_by(Project.start_month, Project.end_month))
_SHORT = (select(Project.id, Project.shortfalls).where(_MINE, Project.shortfalls > 0).order_by(*NEWEST_FIRST)
          .limit(bindparam("shown", type_=Integer)))
_WHOLE = (select(*Project.__table__.columns).where(Project.id.in_(bindparam("ids", expanding=True)))
          .order_by(*NEWEST_FIRST))


def quick_add_projects(session: Session, user_id: int, today: date, size: int = 20) -> list[Row[tuple[int, str]]]:
    """Return the projects the dashboard's quick add offers: those that can take hours this month first, then the
    most recent, at most `size` (the full entry form offers every project)."""
    return list(read(session, _QUICK_ADD, {"user_id": user_id, "today": today, "month": today.replace(day=1),
                                           "shown": size}))


_RUNNING = and_(Project.start_month <= bindparam("today", type_=Date),
                or_(Project.end_month.is_(None), Project.end_month >= bindparam("month", type_=Date)))
_QUICK_ADD = (select(Project.id, Project.title).where(_MINE)
              .order_by(case((_RUNNING, 0), else_=1), *NEWEST_FIRST).limit(bindparam("shown", type_=Integer)))


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
