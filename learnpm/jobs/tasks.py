"""The background jobs: plain functions of plain arguments, run in the web process or by an RQ worker alike.

In a worker each job runs in a work horse forked from `learnpm worker`, which built the app (and loaded WeasyPrint)
once before it forked; a horse drops the database connections it inherited and opens its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from flask import Flask, current_app, has_app_context

from learnpm.clock import utcnow

_apps: dict[str, Flask] = {}
ENGINE_PID = "learnpm.engine_pid"  # the process whose database connections the app's pool holds


@contextmanager
def job_context() -> Iterator[Flask]:
    """Yield the app to run a job in: the current one, or one built for this process."""
    if has_app_context():
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
        _own_connections(app)
        yield app
        return
    app = _apps.get("app") or _apps.setdefault("app", _create_app())
    _own_connections(app)
    with app.app_context():
        yield app


def _create_app() -> Flask:
    from learnpm import create_app

    return create_app()


def _own_connections(app: Flask) -> None:
    """Forget database connections opened by the process this one was forked from (they are not ours to use)."""
    if app.extensions.setdefault(ENGINE_PID, os.getpid()) != os.getpid():
        app.extensions["learnpm.engine"].dispose(close=False)
        app.extensions[ENGINE_PID] = os.getpid()


def mark_connections_as_ours(app: Flask) -> None:
    """Record that this process owns the app's database connections: processes forked from it will not use them."""
    app.extensions[ENGINE_PID] = os.getpid()


def deliver_mail(message_ids: list[str] | None = None) -> str:
    """Send the outbox's due messages (only `message_ids`, when given); return what was done."""
    from learnpm.mail.delivery import deliver_due

    with job_context() as app:
        return str(deliver_due(app.extensions["learnpm.sessionmaker"], utcnow(), message_ids=message_ids))


def run_scheduled(name: str, period_start: str) -> str:
    """Run the scheduled job `name` claimed for the period from `period_start`, and record that it is done."""
    from learnpm.jobs.schedule import SCHEDULED_WORK

    with job_context() as app:
        return SCHEDULED_WORK[name](app, datetime.fromisoformat(period_start))


def render_html(html: str, seconds: float) -> tuple[bytes, tuple[str, ...]]:
    """Render a print template's HTML to PDF within `seconds`; return the PDF and the URLs that were refused."""
    from learnpm.documents.render.forked import render_in_fork
    from learnpm.paths import static_dir

    pdf = render_in_fork(html, static_dir(), seconds)
    return pdf.data, pdf.refused
