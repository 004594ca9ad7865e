"""The schedule: jobs that no user's action starts, each run once per period however many schedulers look at it.

Every `learnpm serve` worker (embedded mode) or every `learnpm worker` (queue mode) runs a scheduler. Two of them
are normal, not a mistake to guard against with luck: a run is claimed by a row in the database (job, period) before
it starts, and the work commits together with the record that it is done. A scheduler that dies mid-run leaves a
claim that runs out, and the next one does the work again, which is safe because nothing of the first was kept.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from flask import Flask

from learnpm.clock import utcnow
from learnpm.jobs.core.schedule import ScheduledJob
from learnpm.jobs.queries import claim_run, finish_run, forget_old_runs
from learnpm.jobs.runner import run_or_enqueue
from learnpm.jobs.tasks import deliver_mail, run_scheduled

log = logging.getLogger(__name__)

# Hourly: each subscriber's digest is due a week after their last (notifications.core), so an hourly look sends
# it within the hour it falls due, and never twice.
DIGEST = ScheduledJob("notifications.digest", timedelta(hours=1))
# Kept PDFs of documents prepared in the background are deleted a day after they were ready.
CLEANUP = ScheduledJob("documents.cleanup", timedelta(hours=1))
# A learner whose verifier has not answered for the resend delay is told they may send a reminder, once per send.
REMINDERS = ScheduledJob("verification.reminders", timedelta(hours=1))
SCHEDULE = (DIGEST, CLEANUP, REMINDERS)


def send_weekly_digests(app: Flask, start: datetime) -> str:
    """Queue the digests that are due, and record the run as done in the same commit."""
    from learnpm.notifications.queries import send_digests

    with app.extensions["learnpm.sessionmaker"]() as session:
        now = utcnow()
        sent = send_digests(session, now, app.config["BASE_URL"] or "http://localhost:5000/")
        outcome = f"Sent {sent} digest{'s' if sent != 1 else ''}."
        finish_run(session, DIGEST.name, start, now, outcome)
        session.commit()
    return outcome


def forget_expired_documents(app: Flask, start: datetime) -> str:
    """Delete the prepared PDFs past their keeping time, and record the run as done in the same commit."""
    from learnpm.documents.issued_files import forget_expired

    with app.extensions["learnpm.sessionmaker"]() as session:
        now = utcnow()
        outcome = f"Deleted {forget_expired(session, now)} prepared document(s)."
        finish_run(session, CLEANUP.name, start, now, outcome)
        session.commit()
    return outcome


def remind_waiting_learners(app: Flask, start: datetime) -> str:
    """Tell the learners whose verifiers have not answered, and record the run as done in the same commit."""
    from learnpm.verification.reminders import remind_learners

    base = app.config["BASE_URL"] or "http://localhost:5000/"
    with app.test_request_context(base_url=base), app.extensions["learnpm.sessionmaker"]() as session:
        now = utcnow()
        outcome = f"Reminded {remind_learners(session, now)} learner(s)."
        finish_run(session, REMINDERS.name, start, now, outcome)
        session.commit()
    return outcome


SCHEDULED_WORK = {DIGEST.name: send_weekly_digests, CLEANUP.name: forget_expired_documents,
                  REMINDERS.name: remind_waiting_learners}


def tick(app: Flask, now: datetime, sweep_mail: bool = False) -> list[str]:
    """Start every scheduled job whose run for this period this scheduler claims; return their names."""
    started = []
    if sweep_mail:  # queue mode: what Redis or a dead worker lost is found here
        run_or_enqueue(app, deliver_mail)
        _sweep_lost_documents(app, now)
    for job in SCHEDULE:
        with app.extensions["learnpm.sessionmaker"]() as session:
            start = claim_run(session, job, now)
            forget_old_runs(session, now)
            session.commit()  # the claim is seen by every other scheduler before the work starts
        if start is not None:
            run_or_enqueue(app, run_scheduled, job.name, start.isoformat())
            started.append(job.name)
    return started


def _sweep_lost_documents(app: Flask, now: datetime) -> None:
    """Start again, once, the documents whose job was lost; report the ones that cannot be."""
    from learnpm.documents.lost_jobs import sweep_lost_documents

    if started := sweep_lost_documents(app, now):
        log.warning("Started again %s document(s) whose job was lost", started)


def schedule_forever(app: Flask, every: float, stop: threading.Event, sweep_mail: bool = False) -> None:
    """Look at the schedule now and every `every` seconds until `stop` is set."""
    while True:
        with app.app_context():
            try:
                for name in tick(app, utcnow(), sweep_mail):
                    log.info("Scheduled job started: %s", name)
            except Exception:  # a database or Redis briefly away must not end the schedule
                log.exception("The schedule could not be run; trying again in %s s", every)
        if stop.wait(every):
            return


def start_schedule_thread(app: Flask) -> threading.Event | None:
    """Run the schedule from a background thread of this process; return the event that stops it."""
    every = float(app.config["SCHEDULE_SECONDS"])
    if every <= 0:
        return None
    stop = threading.Event()
    threading.Thread(target=schedule_forever, args=(app, every, stop), name="learnpm-schedule", daemon=True).start()
    return stop
