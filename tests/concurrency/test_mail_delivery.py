"""Several senders working through one outbox at once: each message reaches the mail server exactly once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.mail.delivery import DeliveryReport, deliver_due
from learnpm.mail.models import OutgoingMail
from learnpm.mail.queries import queue_mail

SENDERS, MESSAGES = 4, 40


@pytest.fixture
def app_config(smtp):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_USE_TLS": False}


def test_senders_racing_over_the_outbox_send_each_message_once(app, session, smtp):
    smtp.stop()  # the commit's own attempt fails: every message waits for the sweeps
    with app.app_context():
        for number in range(MESSAGES):
            queue_mail(get_session(), f"reader{number}@example.org", f"Message {number}", "body")
        get_session().commit()
    smtp.delay = 0.01
    smtp.start()
    start, now, reports = threading.Barrier(SENDERS), utcnow() + timedelta(minutes=2), []

    def sender() -> None:
        with app.app_context():
            start.wait()
            reports.append(deliver_due(app.extensions["learnpm.sessionmaker"], now))

    threads = [threading.Thread(target=sender) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(reports) == SENDERS and all(isinstance(report, DeliveryReport) for report in reports)
    assert sum(report.sent for report in reports) == MESSAGES
    assert sum(1 for report in reports if report.sent) > 1  # the work was shared, not done by one sender
    ids = session.scalars(select(OutgoingMail.message_id)).all()
    assert smtp.times_received() == dict.fromkeys(ids, 1)
    assert session.scalar(select(func.count()).where(OutgoingMail.sent_at.is_(None))) == 0
