"""Mail through a real SMTP server: sent at once when it is up, kept and retried when it is down, each exactly once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from learnpm.cli import cli
from learnpm.clock import aware, utcnow
from learnpm.mail.delivery import deliver_due
from learnpm.mail.models import OutgoingMail
from tests.functional.support import add_project, answer, ask_verification
from tests.support import post_form


@pytest.fixture
def app_config(smtp):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_USE_TLS": False}


def deliver(app, now):
    """Run the delivery job as cron or a worker would, at `now`."""
    with app.app_context():
        return deliver_due(app.extensions["learnpm.sessionmaker"], now)


def mail_status(app) -> str:
    result = app.test_cli_runner().invoke(cli, ["mail", "status"])
    assert result.exit_code == 0, result.output
    return result.output


def outbox_rows(session):
    session.expire_all()
    return session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()


def confirm_link(row: OutgoingMail, smtp) -> str:
    """Return the verifier's link: from the outbox while the mail waits, else from the mail as it arrived."""
    sent = [message.get_content() for message in smtp.received if message["Message-ID"] == row.message_id]
    return re.search(r"http://localhost(/confirm/[\w-]+)", row.body or sent[0])[1]


def make_three_mails(app, client, learner, session, smtp):
    """A verification request, the verifier's answer (a notification to the learner) and a password reset."""
    ask_verification(client, add_project(client))
    [request_mail] = outbox_rows(session)
    answer(app.test_client(), confirm_link(request_mail, smtp), answer="verified")
    post_form(app.test_client(), "/forgot-password", {"email": learner.email})
    return outbox_rows(session)


def test_with_the_server_up_each_mail_leaves_with_its_request_and_never_again(app, client, logged_in, session, smtp):
    rows = make_three_mails(app, client, logged_in, session, smtp)

    assert [row.recipient for row in rows] == ["maria@example.org", logged_in.email, logged_in.email]
    assert smtp.times_received() == {row.message_id: 1 for row in rows}
    assert all(row.sent_at is not None and row.attempts == 1 and row.body == "" for row in rows)
    assert deliver(app, utcnow() + timedelta(days=1)).sent == 0
    assert len(smtp.received) == 3


def test_mail_queued_while_the_server_is_down_arrives_exactly_once_when_it_is_back(
        app, client, logged_in, session, smtp):
    smtp.stop()
    before = utcnow()
    rows = make_three_mails(app, client, logged_in, session, smtp)

    assert len(rows) == 3 and smtp.received == []
    for row in rows:  # each request tried its own mail once, and kept it for a retry a minute later
        assert row.sent_at is None and row.failed_at is None and row.attempts == 1
        assert "ConnectionRefusedError" in row.last_error
        assert before + timedelta(minutes=1) <= aware(row.next_attempt_at) <= utcnow() + timedelta(minutes=1)
    subjects = {row.subject for row in rows}
    assert {"Reset your learnpm password", "Please confirm Test User's project"} <= subjects
    status = mail_status(app)
    assert "waiting: 0, retrying: 3, sent: 0, failed: 0" in status and "last error: ConnectionRefusedError" in status

    smtp.start()
    nothing_due_yet = deliver(app, utcnow())
    assert nothing_due_yet.sent == 0 and smtp.received == []
    report = deliver(app, utcnow() + timedelta(minutes=2))

    assert report.sent == 3
    assert smtp.times_received() == {row.message_id: 1 for row in rows}
    assert {message["Subject"] for message in smtp.received} == subjects
    assert all(row.sent_at is not None and row.attempts == 2 for row in outbox_rows(session))
    later = app.test_cli_runner().invoke(cli, ["mail", "deliver", "--once"])
    assert later.exit_code == 0 and "Sent 0, failed 0." in later.output
    assert deliver(app, utcnow() + timedelta(days=1)).sent == 0
    assert len(smtp.received) == 3


def test_a_run_stops_at_a_server_that_is_down_and_leaves_the_rest_untouched(app, session, smtp, make_user):
    smtp.stop()
    for address in ("a@example.org", "b@example.org"):
        post_form(app.test_client(), "/forgot-password", {"email": make_user(address).email})
    for row in outbox_rows(session):
        row.next_attempt_at = row.next_attempt_at - timedelta(minutes=5)
    session.commit()

    report = deliver(app, utcnow())

    assert report.sent == 0 and report.failed == 1 and "ConnectionRefusedError" in report.stopped_by
    assert sorted(row.attempts for row in outbox_rows(session)) == [1, 2]


def test_an_address_the_server_refuses_for_good_fails_at_once_and_the_others_still_leave(
        app, session, smtp, make_user):
    smtp.refused.add("gone@example.org")
    for address in ("gone@example.org", "here@example.org"):
        post_form(app.test_client(), "/forgot-password", {"email": make_user(address).email})

    gone, here = outbox_rows(session)
    assert gone.failed_at is not None and gone.attempts == 1 and "550" in gone.last_error
    assert here.sent_at is not None
    assert [message["To"] for message in smtp.received] == ["here@example.org"]
    status = mail_status(app)
    assert "failed: 1" in status and "gone@example.org" in status and "given up" in status
