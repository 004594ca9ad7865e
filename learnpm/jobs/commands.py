"""`learnpm worker` runs the queued jobs and the schedule; `learnpm schedule` looks at the schedule (for cron)."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from learnpm.clock import utcnow
from learnpm.jobs.runner import QUEUE_NAME, rq_queue, uses_queue
from learnpm.jobs.schedule import schedule_forever, tick
from learnpm.jobs.tasks import mark_connections_as_ours


@click.command("schedule")
@click.option("--once", "mode", flag_value="once", default=True, help="Start what is due, then stop (for cron).")
@click.option("--loop", "mode", flag_value="loop", help="Keep looking until stopped.")
@with_appcontext
def schedule(mode: str) -> None:
    """Start the scheduled jobs that are due (the weekly digest); each runs once per period across schedulers."""
    app = _app()
    if mode == "once":
        started = tick(app, utcnow(), sweep_mail=uses_queue(app))
        click.echo(f"Started: {', '.join(started)}." if started else "Nothing was due.")
        return
    every = float(app.config["SCHEDULE_SECONDS"]) or 60.0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    click.echo(f"Looking at the schedule every {every:g} s; stop with Ctrl-C.")
    try:
        schedule_forever(app, every, stop, sweep_mail=uses_queue(app))
    except KeyboardInterrupt:
        click.echo("Stopped.")


@click.command("worker")
@click.option("--scheduler/--no-scheduler", default=True, show_default=True,
              help="Also run a scheduler (two are safe: each scheduled run is claimed in the database).")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@with_appcontext
def worker(scheduler: bool, burst: bool) -> None:
    """Run the jobs the web servers enqueue (PDF renders, mail) and the scheduled ones; needs LEARNPM_QUEUE_URL."""
    app = _app()
    if not uses_queue(app):
        raise click.ClickException("set LEARNPM_QUEUE_URL (for example redis://127.0.0.1:6379/1) to run a worker; "
                                   "without it the web servers do this work themselves")
    from rq import Worker

    mark_connections_as_ours(app)
    _load_renderer()
    schedule_process = _start_scheduler() if scheduler and not burst else None
    click.echo(f"Working on the queue '{QUEUE_NAME}' at {_safe_queue_url(app)}; stop with Ctrl-C.")
    try:
        queue = rq_queue(app)
        Worker([queue], connection=queue.connection).work(burst=burst, with_scheduler=False, logging_level="WARNING")
    finally:
        if schedule_process is not None:
            schedule_process.terminate()
            schedule_process.wait(timeout=30)


def _app() -> Flask:
    return current_app._get_current_object()  # type: ignore[attr-defined, no-any-return]


def _load_renderer() -> None:
    """Load WeasyPrint, its fonts and the print stylesheet once, so that every forked job starts warm."""
    from learnpm.documents.render.renderer import render_here
    from learnpm.paths import static_dir

    render_here("<!doctype html><title>ready</title><p>ready</p>", static_dir())


def _start_scheduler() -> subprocess.Popen[bytes]:
    """Run the schedule in a process of its own: the worker forks for every job, and a thread must not be forked."""
    return subprocess.Popen([sys.executable, "-c", "from learnpm.cli import main; main()", "schedule", "--loop"])


def _safe_queue_url(app: Flask) -> str:
    """Return the queue's address without its password."""
    from sqlalchemy.engine import make_url

    url = app.config["QUEUE_URL"]
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001  (not shaped like a URL: show its scheme only)
        return url.split(":", 1)[0] + "://…"
