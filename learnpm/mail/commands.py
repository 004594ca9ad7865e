"""`learnpm mail`: deliver the outbox (once, or in a loop for a worker), show what waits or failed, retry it."""

from __future__ import annotations

import threading

import click
from flask import current_app
from flask.cli import AppGroup

from learnpm.clock import aware, utcnow
from learnpm.db import get_session
from learnpm.mail import queries
from learnpm.mail.delivery import deliver_due, deliver_forever

mail = AppGroup("mail", help="Deliver the mail outbox, see what waits or failed, and retry it.")


@mail.command("deliver")
@click.option("--once", "mode", flag_value="once", default=True, help="Deliver what is due, then stop (for cron).")
@click.option("--loop", "mode", flag_value="loop", help="Keep delivering until stopped (for a worker process).")
@click.option("--every", default=30.0, show_default=True, type=click.FloatRange(min=1),
              help="With --loop: seconds between runs.")
def mail_deliver(mode: str, every: float) -> None:
    """Send every message that is due, retrying those that failed before."""
    factory = current_app.extensions["learnpm.sessionmaker"]
    report = deliver_due(factory, utcnow())
    click.echo(str(report))
    if mode == "loop":
        click.echo(f"Delivering every {every:g} s; stop with Ctrl-C.")
        try:
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            deliver_forever(app, every, threading.Event(), on_report=lambda report: click.echo(str(report)))
        except KeyboardInterrupt:
            click.echo("Stopped.")


@mail.command("status")
def mail_status() -> None:
    """Count the messages by state and list those not sent yet, with their last error."""
    counts = queries.state_counts(get_session())
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))
    for row in queries.unsent(get_session()):
        when = "given up" if row.failed_at else f"next attempt {aware(row.next_attempt_at):%Y-%m-%d %H:%M} UTC"
        click.echo(f"{row.id:>6}  {row.state:<8}  {row.recipient}  \"{row.subject}\"  "
                   f"{row.attempts} attempt{'s' if row.attempts != 1 else ''}, {when}")
        if row.last_error:
            click.echo(f"        last error: {row.last_error}")


@mail.command("retry")
def mail_retry() -> None:
    """Put every message delivery gave up on back in line, then deliver what is due."""
    count = queries.retry_failed(get_session(), utcnow())
    get_session().commit()
    click.echo(f"{count} failed message{'s' if count != 1 else ''} back in line.")
    click.echo(str(deliver_due(current_app.extensions["learnpm.sessionmaker"], utcnow())))
