"""Find the documents asked for whose background job was lost, and start them again once or report them failed.

A job is lost when Redis forgot it (restarted without its data) or the worker that held it died. The schedule
sweeps every unfinished request; the progress page looks at its own, so that an owner watching it waits no longer
than a refresh. Changes are flushed; the caller commits, then starts the jobs it was given back (a job checks the
request's attempt, so it must see the committed one).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from learnpm.clock import aware
from learnpm.documents.core.resume import UNFINISHED, next_step
from learnpm.documents.issued_files import PreparedDocument
from learnpm.documents.jobs import NOT_MADE, preparing_job_id, start_preparing
from learnpm.jobs.runner import rq_queue, uses_queue

log = logging.getLogger(__name__)
# A request this young may not have reached the queue yet: the view commits it, then enqueues.
GRACE = timedelta(seconds=5)
ALIVE = ("queued", "started", "deferred", "scheduled")
SWEEP_LIMIT = 200


def job_alive(app: Flask, prepared_id: str, attempt: int) -> bool:
    """Tell whether the queue still holds the job of `attempt`, waiting or running on a live worker."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        job = Job.fetch(preparing_job_id(prepared_id, attempt), connection=rq_queue(app).connection)
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=False)
    return getattr(status, "value", status) in ALIVE


def find_lost(session: Session, app: Flask, now: datetime, only: str | None = None) -> list[tuple[str, int]]:
    """Move the lost requests on (all unfinished ones, or `only` that one); return the (id, attempt) to start."""
    if not uses_queue(app):  # the web process runs them on its threads: nothing is lost while it lives
        return []
    query = select(PreparedDocument).where(PreparedDocument.state.in_(UNFINISHED),
                                           PreparedDocument.created_at <= now - GRACE)
    if only is not None:
        query = query.where(PreparedDocument.id == only)
    restarts = []
    for prepared in session.scalars(query.order_by(PreparedDocument.created_at).limit(SWEEP_LIMIT)):
        step = next_step(prepared.state, job_alive(app, prepared.id, prepared.attempts), prepared.attempts, now,
                         aware(prepared.overdue_at))
        if step == "again" and _move(session, prepared, now, state="waiting"):
            restarts.append((prepared.id, prepared.attempts + 1))
        elif step == "fail":
            _move(session, prepared, now, state="failed")
    return restarts


def _move(session: Session, prepared: PreparedDocument, now: datetime, state: str) -> bool:
    """Move the request to `state` unless something else moved it since it was read; tell whether it moved."""
    values = ({"state": "waiting", "attempts": prepared.attempts + 1} if state == "waiting"
              else {"state": "failed", "problem": NOT_MADE, "finished_at": now})
    moved = session.execute(update(PreparedDocument).where(
        PreparedDocument.id == prepared.id, PreparedDocument.state == prepared.state,
        PreparedDocument.attempts == prepared.attempts).values(**values).execution_options(synchronize_session=False))
    if moved.rowcount == 1:
        log.warning("The job of prepared document %s was lost: %s", prepared.id,
                    "started again" if state == "waiting" else "reported as not made")
    return bool(moved.rowcount == 1)


def start_again(app: Flask, restarts: list[tuple[str, int]], verify_base: str) -> None:
    """Enqueue the jobs of the requests `find_lost` moved on, after their commit."""
    for prepared_id, attempt in restarts:
        start_preparing(app, prepared_id, verify_base, attempt)


def sweep_lost_documents(app: Flask, now: datetime) -> int:
    """Start again or report every lost request; return how many were started again."""
    with app.extensions["learnpm.sessionmaker"]() as session:
        restarts = find_lost(session, app, now)
        session.commit()
    start_again(app, restarts, app.config["BASE_URL"] or "http://localhost:5000/")
    return len(restarts)
