"""Claims of scheduled runs. Functions flush at most; the caller commits the claim before it starts the work."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from learnpm.jobs.core.schedule import ScheduledJob, period_start
from learnpm.jobs.models import ScheduledRun

KEEP_FINISHED = timedelta(days=60)


def claim_run(session: Session, job: ScheduledJob, now: datetime) -> datetime | None:
    """Claim this period's run of `job` for one scheduler; return the period's start, or None when it is not ours.

    The row's primary key (job, period) makes two claims of one period collide in the database itself: PostgreSQL
    makes the second insert wait for the first transaction, then skip; SQLite lets one writer in at a time. A run
    whose claim ran out unfinished (its scheduler died) may be claimed again.
    """
    start = period_start(now, job.every)
    if _runs_elsewhere(session, job, start, now):
        return None
    values = {"name": job.name, "period_start": start, "claimed_at": now, "claimed_until": now + job.lease,
              "outcome": ""}
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert
    claimed = session.scalar(insert(ScheduledRun).values(**values).on_conflict_do_nothing()
                             .returning(ScheduledRun.name))
    if claimed is not None:
        return start
    taken_over = session.execute(update(ScheduledRun).where(
        ScheduledRun.name == job.name, ScheduledRun.period_start == start, ScheduledRun.finished_at.is_(None),
        ScheduledRun.claimed_until <= now).values(claimed_at=now, claimed_until=now + job.lease))
    return start if taken_over.rowcount == 1 else None


def _runs_elsewhere(session: Session, job: ScheduledJob, start: datetime, now: datetime) -> bool:
    """Tell whether a run of an earlier period of `job` is still going (a slow run must not overlap the next)."""
    return session.scalar(select(ScheduledRun.name).where(
        ScheduledRun.name == job.name, ScheduledRun.period_start != start, ScheduledRun.finished_at.is_(None),
        ScheduledRun.claimed_until > now).limit(1)) is not None


def finish_run(session: Session, name: str, start: datetime, now: datetime, outcome: str) -> None:
    """Record that the run of `name` for the period from `start` is done, in the transaction of its work."""
    session.execute(update(ScheduledRun).where(ScheduledRun.name == name, ScheduledRun.period_start == start)
                    .values(finished_at=now, outcome=outcome[:300]))


def forget_old_runs(session: Session, now: datetime) -> None:
    """Delete the record of runs finished long ago."""
    session.execute(delete(ScheduledRun).where(ScheduledRun.finished_at < now - KEEP_FINISHED))


def last_runs(session: Session, limit: int = 20) -> list[ScheduledRun]:
    """Return the latest runs, newest first."""
    query = select(ScheduledRun).order_by(ScheduledRun.period_start.desc(), ScheduledRun.name)
    return list(session.scalars(query.limit(limit)))
