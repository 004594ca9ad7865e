"""The outbox against a real database and SMTP server: what a rollback leaves, leases, giving up, retrying."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from learnpm.cli import cli
from learnpm.clock import aware, utcnow
from learnpm.db import get_session
from learnpm.mail.core.retry import KEEP_SENT, LEASE, MAX_ATTEMPTS
from learnpm.mail.delivery import deliver_due, start_delivery_thread
from learnpm.mail.models import OutgoingMail
from learnpm.mail.queries import claim_next, queue_mail


@pytest.fixture
def app_config(smtp):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_USE_TLS": False}


def deliver(app, now):
    with app.app_context():
        return deliver_due(app.extensions["learnpm.sessionmaker"], now)


def rows(session):
    session.expire_all()
    return session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()


def queue(app, *recipients):
    """Queue a message to each address in one committed request."""
    with app.app_context():
        for address in recipients:
            queue_mail(get_session(), address, f"Hello {address}", f"A body for {address}")
        get_session().commit()


def test_a_rolled_back_change_leaves_no_mail(app, session, smtp):
    with app.app_context():
        queue_mail(get_session(), "lost@example.org", "Lost", "never sent")
        get_session().rollback()
        queue_mail(get_session(), "kept@example.org", "Kept", "sent")
        get_session().commit()
    assert [row.recipient for row in rows(session)] == ["kept@example.org"]
    assert [message["To"] for message in smtp.received] == ["kept@example.org"]
    assert deliver(app, utcnow() + timedelta(days=1)).sent == 0


def test_a_sent_message_keeps_its_record_but_not_its_body(app, session, smtp):
    queue(app, "someone@example.org")
    [row] = rows(session)
    assert row.sent_at is not None and row.body == "" and row.subject == "Hello someone@example.org"
    [message] = smtp.received
    assert message["Message-ID"] == row.message_id and message.get_content().strip() == "A body for someone@example.org"


def test_a_claim_whose_sender_vanished_is_taken_again_once_its_lease_runs_out(app, session, smtp):
    smtp.stop()
    queue(app, "someone@example.org")
    smtp.start()
    now = utcnow() + timedelta(minutes=2)
    claimed = claim_next(session, now)  # a sender claims it, then dies before it sends
    session.commit()
    assert claimed is not None and claimed.attempts == 2
    assert deliver(app, now + LEASE - timedelta(seconds=1)).sent == 0  # still someone else's
    assert deliver(app, now + LEASE).sent == 1
    assert smtp.times_received() == {claimed.message_id: 1}
    assert rows(session)[0].attempts == 3


def test_after_the_last_attempt_the_message_is_kept_as_failed_and_can_be_put_back(app, session, smtp):
    smtp.stop()
    queue(app, "patient@example.org")
    now = utcnow()
    for _ in range(MAX_ATTEMPTS + 3):
        [row] = rows(session)
        now = max(now, aware(row.next_attempt_at))
        deliver(app, now)
    [row] = rows(session)
    assert row.attempts == MAX_ATTEMPTS and row.failed_at is not None and row.sent_at is None
    assert "ConnectionRefusedError" in row.last_error and row.body  # kept whole, to be sent by hand or retried
    runner = app.test_cli_runner()
    status = runner.invoke(cli, ["mail", "status"]).output
    assert "failed: 1" in status and "patient@example.org" in status and "given up" in status

    smtp.start()
    retried = runner.invoke(cli, ["mail", "retry"])
    assert retried.exit_code == 0 and "1 failed message back in line." in retried.output
    assert "Sent 1, failed 0." in retried.output
    assert smtp.times_received() == {row.message_id: 1}


def test_records_of_mail_sent_long_ago_are_forgotten(app, session, smtp):
    queue(app, "old@example.org")
    deliver(app, utcnow() + KEEP_SENT - timedelta(hours=1))
    assert len(rows(session)) == 1
    deliver(app, utcnow() + KEEP_SENT + timedelta(hours=1))
    assert rows(session) == []


def test_the_thread_of_a_served_site_retries_what_could_not_leave(app, session, smtp):
    smtp.stop()
    queue(app, "later@example.org")
    [row] = rows(session)
    row.next_attempt_at = utcnow()  # as if the minute of waiting had gone by
    session.commit()
    smtp.start()
    app.config["MAIL_RETRY_SECONDS"] = 0.05
    stop = start_delivery_thread(app)
    try:
        for _ in range(200):
            if smtp.received:
                break
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in threading.enumerate():  # a run under way finishes with its session closed, before the test ends
            if thread.name == "learnpm-mail":
                thread.join(timeout=30)
    assert smtp.times_received() == {row.message_id: 1}
    assert rows(session)[0].sent_at is not None


def test_no_thread_when_retries_are_left_to_the_command(app):
    app.config["MAIL_RETRY_SECONDS"] = 0
    assert start_delivery_thread(app) is None


def test_a_subject_with_a_line_break_in_it_arrives_on_one_line(app, session, smtp):
    with app.app_context():
        queue_mail(get_session(), "someone@example.org", "Please confirm Ann\r\nBcc: victim@example.org's project",
                   "body")
        get_session().commit()
    [message] = smtp.received
    assert message["Subject"] == "Please confirm Ann Bcc: victim@example.org's project"
    assert message["Bcc"] is None and rows(session)[0].sent_at is not None
