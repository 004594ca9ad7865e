"""Delivering the outbox: at once after the commit that queued a message, then by sweeps that retry failures.

`deliver_due` is the one job: the web process runs it for the messages its request just committed (or, with a
queue, enqueues it for `learnpm worker`), the `learnpm mail deliver` command, the thread of `learnpm serve` and
the worker's scheduler run it for everything due. Each message is
claimed in a commit of its own, handed to the mail server, and marked sent in another commit right after the
server accepted it. A sender that dies between the two leaves a claim that runs out (its lease), and the message is
sent again: at least once, never lost, the repeat recognisable by its Message-ID.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from learnpm.clock import utcnow
from learnpm.mail.core.retry import describe, is_permanent, is_unreachable
from learnpm.mail.queries import QUEUED_KEY, claim_next, forget_old_sent, mark_failed, mark_sent
from learnpm.mail.transport import Postman, Transport

log = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    """What one delivery run did."""

    sent: int = 0
    failed: int = 0  # attempts that failed this run (the messages wait for a retry, or were given up on)
    stopped_by: str = ""  # the failure that ended the run early: the mail server could not be reached

    def __str__(self) -> str:
        words = f"Sent {self.sent}, failed {self.failed}."
        return f"{words} Stopped: {self.stopped_by}" if self.stopped_by else words


def deliver_due(session_factory: sessionmaker[Session], now: datetime, transport: Transport | None = None,
                message_ids: Collection[str] | None = None, limit: int = 1000) -> DeliveryReport:
    """Send the messages due at `now` (only those of `message_ids`, when given), one claim at a time."""
    transport = transport or Transport.from_config(current_app.config, current_app.instance_path)
    report, started = DeliveryReport(), utcnow()

    def clock() -> datetime:
        """Return `now` moved on by the time this run has taken, so that a long run's leases start when claimed."""
        return now + (utcnow() - started)

    with session_factory() as session, Postman(transport) as postman:
        for _ in range(limit):
            mail = claim_next(session, clock(), message_ids)
            if mail is None:
                break
            session.commit()  # the claim is seen by every other sender before the server is called
            try:
                postman.send(mail)
            except Exception as error:  # noqa: BLE001  (whatever went wrong, the message waits for a retry)
                log.warning("Could not send %s to %s: %s", mail.message_id, mail.recipient, describe(error))
                mark_failed(mail, clock(), describe(error), permanent=is_permanent(error))
                session.commit()
                report.failed += 1
                if is_unreachable(error):
                    report.stopped_by = describe(error)
                    break
                continue
            mark_sent(mail, clock())
            session.commit()
            report.sent += 1
        if message_ids is None:
            forget_old_sent(session, now)
            session.commit()
    return report


def init_app(app: Flask) -> None:
    """Deliver what a session queued as soon as it commits; forget it when it rolls back."""
    factory = app.extensions["learnpm.sessionmaker"]
    event.listen(factory, "after_commit", _deliver_queued)
    event.listen(factory, "after_soft_rollback", _drop_queued)


def _deliver_queued(session: Session) -> None:
    """Try the messages this commit queued at once; what fails stays in the outbox for the next sweep."""
    message_ids = session.info.pop(QUEUED_KEY, None)
    if not message_ids:
        return
    from learnpm.jobs.runner import enqueue, uses_queue
    from learnpm.jobs.tasks import deliver_mail

    try:
        if uses_queue(current_app):
            enqueue(current_app, deliver_mail, list(message_ids))  # a worker sends them; the request goes on
        else:
            deliver_due(current_app.extensions["learnpm.sessionmaker"], utcnow(), message_ids=message_ids)
    except Exception:  # the change is committed and the mail is safe in the outbox: the request must not fail
        log.exception("Delivery after commit failed; the messages stay queued for the next delivery run")


def _drop_queued(session: Session, previous_transaction: SessionTransaction) -> None:
    """Forget the messages of a transaction that was rolled back (their rows went with it)."""
    if previous_transaction.parent is None:
        session.info.pop(QUEUED_KEY, None)


def deliver_forever(app: Flask, every: float, stop: threading.Event,
                    on_report: Callable[[DeliveryReport], None] | None = None) -> None:
    """Run a delivery of everything due every `every` seconds until `stop` is set; report the runs that did work."""
    while not stop.wait(every):
        with app.app_context():
            try:
                report = deliver_due(app.extensions["learnpm.sessionmaker"], utcnow())
            except Exception:  # a database that is briefly away must not end the loop
                log.exception("The delivery run failed; trying again in %s s", every)
                continue
        if report.sent or report.failed:
            log.info("Mail delivery: %s", report)
            if on_report is not None:
                on_report(report)


def start_delivery_thread(app: Flask) -> threading.Event | None:
    """Retry failed mail from a background thread of this process; return the event that stops it."""
    every = float(app.config["MAIL_RETRY_SECONDS"])
    if every <= 0:
        return None
    stop = threading.Event()
    threading.Thread(target=deliver_forever, args=(app, every, stop), name="learnpm-mail", daemon=True).start()
    return stop
