"""Ask for a document to be prepared in the background, follow its progress, and download it again later.

The routes join the `documents` blueprint; the page that shows the progress refreshes itself (no script needed).
"""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import undefer

from learnpm.access import owned_or_404
from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.documents.core.period import parse_period
from learnpm.documents.issue import KINDS
from learnpm.documents.issued_files import STEPS, PreparedDocument
from learnpm.documents.lost_jobs import find_lost, start_again
from learnpm.documents.preparing import prepare_once
from learnpm.documents.views import bp, verify_base
from learnpm.jobs.runner import uses_queue
from learnpm.security import DOCUMENT_LIMIT, limiter

REFRESH_SECONDS = 2
WORDS = {"waiting": "Waiting for a free renderer", "rendering": "Laying out the pages"}


@bp.post("/documents/<kind>/prepare")
@login_required
@limiter.limit(DOCUMENT_LIMIT)
def prepare(kind: str) -> ResponseReturnValue:
    """Record the request, start preparing it, and show its progress at once (or that of the same one under way)."""
    if kind not in KINDS:
        abort(404)
    try:
        period = parse_period(request.form.get("from"), request.form.get("to"))
    except ValueError:
        flash("Give the months of the period as month and year, the first before the last.", "error")
        return redirect(url_for("documents.index")), 303
    return prepare_once(kind, period, verify_base())


@bp.get("/documents/prepared/")
@login_required
def prepared_list() -> ResponseReturnValue:
    """List the documents prepared lately, each downloadable again until it expires."""
    now = utcnow()
    rows = get_session().scalars(select(PreparedDocument).where(PreparedDocument.user_id == current_user.id)
                                 .order_by(PreparedDocument.created_at.desc()).limit(50))
    return render_template("documents/prepared_list.html", prepared=list(rows), kinds=KINDS, now=now)


@bp.get("/documents/prepared/<prepared_id>")
@login_required
def prepared(prepared_id: str) -> ResponseReturnValue:
    """Show how far the document is; the page refreshes itself until it is ready or has failed."""
    item = owned_or_404(get_session(), PreparedDocument, prepared_id[:24], current_user)
    _resume_if_lost(item)
    state = item.shown_state(utcnow())
    return render_template("documents/prepared.html", item=item, state=state, spec=KINDS[item.kind],
                           step=STEPS.get(item.state, 3), steps=3, words=WORDS.get(state, ""),
                           refresh=REFRESH_SECONDS if state in ("waiting", "rendering") else None)


@bp.get("/documents/prepared/<prepared_id>/status")
@login_required
def prepared_status(prepared_id: str) -> ResponseReturnValue:
    """Say how far the document is, for the progress page's script (which moves its bar without reloading, and
    downloads the file once it is ready)."""
    item = owned_or_404(get_session(), PreparedDocument, prepared_id[:24], current_user)
    _resume_if_lost(item)
    state = item.shown_state(utcnow())
    status = {"state": state, "step": STEPS.get(item.state, 3), "steps": 3, "words": WORDS.get(state, ""),
              "finished": state not in WORDS}
    if state == "ready":  # the page's script starts the download by itself
        status["file"] = url_for("documents.prepared_file", prepared_id=item.id)
    return status


def _resume_if_lost(item: PreparedDocument) -> None:
    """Start the request's job again if the queue lost it (or report it failed), so that its owner is not kept."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not uses_queue(app):  # the web process runs the job on its own threads: nothing is lost while it lives
        return
    from redis.exceptions import RedisError  # installed with the queue (learnpm[redis]), needed only with it

    try:
        restarts = find_lost(get_session(), app, utcnow(), only=item.id)
        get_session().commit()
        start_again(app, restarts, verify_base())
    except RedisError:  # the queue is away: the page shows the request as it is, overdue once its time is up
        get_session().rollback()
        current_app.logger.warning("Could not look for the job of document %s", item.id)
    get_session().refresh(item)


@bp.get("/documents/prepared/<prepared_id>/file")
@login_required
def prepared_file(prepared_id: str) -> ResponseReturnValue:
    """Send the prepared PDF again, while it is kept."""
    query = select(PreparedDocument).options(undefer(PreparedDocument.pdf)).where(
        PreparedDocument.id == prepared_id[:24], PreparedDocument.user_id == current_user.id)
    item = get_session().scalar(query)
    if item is None or item.state != "ready" or item.pdf is None:
        abort(404)
    filename = f"learnpm-{item.kind}-{(item.finished_at or utcnow()).date().isoformat()}.pdf"
    return Response(item.pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "X-Document-Id": item.document_id or "", "Cache-Control": "private, no-store"})
