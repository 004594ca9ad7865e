"""Render a document's PDF where the site's background work runs: this process's render pool, or a queue worker.

Both keep the same promises: at most so long per render (the pool kills its worker process; on a queue worker the
job renders in a forked child that is killed at the deadline, and RQ's job timeout stops whatever else overruns),
and a request that waited too long for a free renderer is told to come back.
"""

from __future__ import annotations

import logging
import math
import time
from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select, update

from learnpm.clock import aware, utcnow
from learnpm.documents.contexts.transcript import LONGEST_PAGES
from learnpm.documents.issued_files import PreparedDocument, mark_failed, mark_ready
from learnpm.documents.render.forked import render_in_fork
from learnpm.documents.render.pool import (
    DocumentRefused,
    MadeByRenderer,
    RenderedPdf,
    RendererBusy,
    RenderFailed,
    RenderLimits,
    RenderTooLong,
    render_pdf,
)
from learnpm.jobs.runner import enqueue, run_in_background, uses_queue
from learnpm.jobs.tasks import render_html
from learnpm.paths import static_dir

log = logging.getLogger(__name__)
BUSY = "Many documents are being prepared right now. Please try again in a minute."
NOT_MADE = ("This document could not be prepared. Nothing was issued; please try again later, or choose a shorter "
            "period.")
SUPERSEDED = "started again elsewhere"  # the outcome of a job whose request another attempt took over
# How many times a document prepared in the background waits for a free renderer, at most (each wait is one
# PDF_WAIT_SECONDS, and only while a wait and a render still end in the request's time).
BACKGROUND_WAITS = 2

# Seconds a worker may take beyond the deadline to report the outcome, before the caller stops waiting.
REPORT_SLACK = 5.0
# Seconds a rendering job may spend beyond its render (gathering the document's content) before RQ stops it.
BACKSTOP_SECONDS = 30


def render_document_pdf(html: str | MadeByRenderer, limits: RenderLimits | None = None) -> RenderedPdf:
    """Render a print template's HTML within `limits` (else the site's), or raise RendererBusy, RenderTooLong or
    RenderFailed. The work of making a whole document (a DraftRequest) goes to this process's renderers only, and
    may raise DocumentRefused."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    limits = limits or RenderLimits.from_config(app.config)
    if not uses_queue(app):
        return render_pdf(html, limits)
    if not isinstance(html, str):
        raise TypeError("with a queue, documents are made by `learnpm worker`, not by this process's renderers")
    if _inside_queue_job():  # a document prepared on the worker renders in the worker
        return render_in_fork(html, static_dir(), limits.seconds)
    return render_on_worker(app, html, limits)


def _inside_queue_job() -> bool:
    """Tell whether this code runs as a job of an RQ worker."""
    from rq import get_current_job

    return get_current_job() is not None


def render_on_worker(app: Flask, html: str, limits: RenderLimits) -> RenderedPdf:
    """Enqueue the render for `learnpm worker` and wait for its outcome."""
    from redis.exceptions import RedisError

    try:
        job = enqueue(app, render_html, html, limits.seconds, timeout=backstop(limits), result_ttl=120,
                      ttl=max(1, math.ceil(limits.wait_seconds)))
        deadline = time.monotonic() + limits.wait_seconds + limits.seconds + REPORT_SLACK
        while (remaining := deadline - time.monotonic()) > 0:
            result = job.latest_result(timeout=max(1, int(min(5.0, remaining))))
            if result is not None:
                return _outcome(result)
        started = _has_started(job)
        if started is not None:
            job.cancel()
    except RedisError as error:
        raise RenderFailed(f"the job queue could not be reached: {error}") from error
    if started:
        raise RenderTooLong(f"the render passed its deadline of {limits.seconds:g} s")
    raise RendererBusy()


def _has_started(job: Any) -> bool | None:
    """Tell whether a worker took the job; None when the queue no longer knows it (its time to be taken ran out)."""
    from rq.exceptions import InvalidJobOperation, NoSuchJobError

    try:
        return job.get_status(refresh=True) not in (None, "queued", "deferred", "scheduled")
    except (InvalidJobOperation, NoSuchJobError):
        return None


def _outcome(result: Any) -> RenderedPdf:
    """Return the PDF of a successful render, or raise what stopped it."""
    from rq.results import Result

    if result.type == Result.Type.SUCCESSFUL:
        data, refused = result.return_value
        return RenderedPdf(data, tuple(refused))
    failure = (result.exc_string or "").strip()
    if "JobTimeoutException" in failure or "RenderTooLong" in failure:
        raise RenderTooLong(failure.splitlines()[-1])
    raise RenderFailed(failure.splitlines()[-1] if failure else "the PDF worker stopped during a render")


def start_preparing(app: Flask, prepared_id: str, verify_base: str, attempt: int = 1) -> None:
    """Have the document asked for prepared in the background, within the render's deadline.

    On the queue the job's id names the request and the attempt, so that the sweep of lost jobs can look it up.
    The job's own timeout is that of the longest document the site prints: the render's deadline, which follows
    the document's pages, is the exact one.
    """
    timeout = backstop(RenderLimits.from_config(app.config).for_pages(LONGEST_PAGES))
    if uses_queue(app):
        enqueue(app, prepare_document, prepared_id, verify_base, attempt, timeout=timeout,
                job_id=preparing_job_id(prepared_id, attempt))
    else:
        run_in_background(app, prepare_document, prepared_id, verify_base, attempt, timeout=timeout)


def preparing_job_id(prepared_id: str, attempt: int) -> str:
    """Return the queue's id of the job preparing `prepared_id` on its `attempt`."""
    return f"prepare-{prepared_id}-{attempt}"


def backstop(limits: RenderLimits) -> int:
    """Return the timeout of a job that renders: the render's own deadline is exact; this one stops the rest."""
    return math.ceil(limits.seconds) + BACKSTOP_SECONDS


def prepare_document(prepared_id: str, verify_base: str, attempt: int = 1) -> str:
    """Issue and render the document asked for, and keep its PDF; or record why it could not be made.

    Only the job of the request's current attempt may render it, and only while it is still that attempt's when
    the PDF is kept: a job started again after a loss and a first job that was only slow never both issue one.
    """
    from learnpm.jobs.tasks import job_context

    with job_context() as app, app.extensions["learnpm.sessionmaker"]() as session:
        if not claim_render(session, prepared_id, attempt):
            session.rollback()
            return "nothing to do"
        session.commit()
        problem = _issue(session, session.get(PreparedDocument, prepared_id), verify_base, attempt)
        if problem == SUPERSEDED:
            session.rollback()
            return problem
        if problem:
            session.rollback()  # the issued document's row goes with it: nothing was issued
            mine = _still_mine(session, prepared_id, attempt)
            if mine is not None:
                mark_failed(mine, problem, utcnow())
        session.commit()
        return problem or "ready"


def claim_render(session: Any, prepared_id: str, attempt: int) -> bool:
    """Mark the request as rendering for `attempt`; tell whether it was still waiting for that attempt."""
    claimed = session.execute(update(PreparedDocument).where(
        PreparedDocument.id == prepared_id, PreparedDocument.state == "waiting",
        PreparedDocument.attempts == attempt).values(state="rendering"))
    return bool(claimed.rowcount == 1)


def _still_mine(session: Any, prepared_id: str, attempt: int) -> PreparedDocument | None:
    """Return the request, locked, while `attempt` is rendering it; None once another attempt or outcome took it."""
    query = select(PreparedDocument).where(PreparedDocument.id == prepared_id).with_for_update()
    prepared = session.scalar(query.execution_options(populate_existing=True))
    if prepared is None or prepared.state != "rendering" or prepared.attempts != attempt:
        return None
    return prepared


def _issue(session: Any, prepared: PreparedDocument, verify_base: str, attempt: int) -> str:
    """Issue the document and keep its PDF in `prepared`; return the problem that stopped it, if one did."""
    from learnpm.auth.models import User
    from learnpm.documents.contexts.transcript import PeriodTooLong
    from learnpm.documents.drafting import can_draft_elsewhere
    from learnpm.documents.issue import document_limits, issue_document

    owner, period = session.get(User, prepared.user_id), (prepared.period_from, prepared.period_to)
    limits = document_limits(session, owner, prepared.kind, date.today(), period)
    overdue = aware(prepared.overdue_at)
    # Without a queue this runs on a thread of a web worker: the renderer gathers and lays out the document too,
    # so that the worker's pages do not share its interpreter with that work (learnpm.documents.drafting).
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    elsewhere = not uses_queue(app) and can_draft_elsewhere(app.config["DATABASE_URL"])
    for wait in range(1, BACKGROUND_WAITS + 1):
        try:
            document, pdf = issue_document(session, owner, prepared.kind, verify_base, date.today(), period, limits,
                                           made_by_renderer=elsewhere)
            break
        except (PeriodTooLong, DocumentRefused) as error:
            return str(error)
        except RendererBusy:
            # The owner was told they may leave the page: while a wait and a whole render still fit before the
            # request is overdue, it waits for a renderer again rather than send them back to start over.
            if wait == BACKGROUND_WAITS or not _fits_again(limits, overdue):
                return BUSY
            session.rollback()  # nothing of this attempt stays
        except (RenderTooLong, RenderFailed, *_queue_timeouts()) as error:
            log.warning("A %s document for user %s could not be rendered: %s", prepared.kind, prepared.user_id,
                        error)
            return NOT_MADE
    if _still_mine(session, prepared.id, attempt) is None:
        return SUPERSEDED
    if prepared.shown_state(utcnow()) == "overdue":  # the page already told the owner it failed
        return NOT_MADE
    mark_ready(prepared, document.id, pdf.data, utcnow())
    return ""


def _fits_again(limits: RenderLimits, overdue: datetime) -> bool:
    """Tell whether another wait for a renderer and a whole render would still end before `overdue`."""
    return utcnow() + timedelta(seconds=limits.wait_seconds + limits.seconds + REPORT_SLACK) < overdue


def _queue_timeouts() -> tuple[type[BaseException], ...]:
    """Return the exception RQ raises in a job that passed its timeout (none when RQ is not installed)."""
    try:
        from rq.timeouts import JobTimeoutException
    except ImportError:
        return ()
    return (JobTimeoutException,)
