"""Send a document to be prepared in the background and the learner to its progress page, once per document.

Used by "Prepare it in the background" and by "Download the PDF" when the document would be long to wait for. The
same kind and period asked for again while one is waiting or rendering leads to that one: nothing new is started.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from learnpm.auth.models import User
from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.documents.core.length import already_preparing_message
from learnpm.documents.core.period import Period
from learnpm.documents.issue import KINDS, document_limits
from learnpm.documents.issued_files import PreparedDocument, ask_for, in_progress
from learnpm.documents.jobs import start_preparing


def prepare_once(kind: str, period: Period, verify_base: str, why: str | None = None) -> ResponseReturnValue:
    """Record and start the current user's request (saying `why`, when given), or join the one already under way."""
    session = get_session()
    # The learner's row, locked, keeps two clicks at once from both starting one (PostgreSQL; SQLite writes in turn).
    session.execute(select(User.id).where(User.id == current_user.id).with_for_update())
    existing = in_progress(session, current_user.id, kind, period, utcnow())
    if existing is not None:
        session.rollback()
        flash(already_preparing_message(KINDS[kind].title), "info")
        return _progress(existing)
    limits = document_limits(session, current_user, kind, date.today(), period)
    prepared = ask_for(session, current_user.id, kind, period, utcnow(), limits)
    session.commit()
    try:
        start_preparing(current_app._get_current_object(), prepared.id, verify_base)  # type: ignore[attr-defined]
    except Exception:  # the queue is away: the page says the render is overdue once its time has passed
        current_app.logger.exception("Could not start preparing document %s", prepared.id)
    if why:
        flash(why, "info")
    return _progress(prepared)


def _progress(prepared: PreparedDocument) -> ResponseReturnValue:
    """Answer with the way to the request's progress page."""
    return redirect(url_for("documents.prepared", prepared_id=prepared.id)), 303
