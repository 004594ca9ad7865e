"""Verification mail cannot be turned into a mail cannon: asking again is a reminder, and mail is capped per learner
and per verifier address, with a clear message on the project page."""

from __future__ import annotations

from datetime import timedelta

from learnpm.verification.models import VerificationRequest
from tests.functional.support import add_project, ask_verification, post
from tests.support import AuthActions, mails_in


def ask(client, project_id: int) -> str:
    """Ask for verification and return the project page the learner lands on."""
    response = ask_verification(client, project_id)
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_fifteen_requests_for_one_project_send_one_mail(client, logged_in, session, outbox):
    project_id = add_project(client)
    pages = [ask(client, project_id) for _ in range(15)]

    assert len(mails_in(outbox)) == 1
    assert "Sent to Maria Okafor (maria@example.org)." in pages[0]
    assert all("You can send a reminder in 3 days" in page for page in pages[1:])
    assert session.query(VerificationRequest).count() == 1  # asking again neither voids the link nor makes another


def test_asking_again_after_three_days_is_a_reminder_and_stops_after_three_sends(client, logged_in, session, outbox):
    project_id = add_project(client)
    ask(client, project_id)
    request = session.query(VerificationRequest).one()
    for _ in range(4):
        request.last_sent_at = request.last_sent_at - timedelta(days=4)
        session.commit()
        page = ask(client, project_id)
        session.expire_all()
    assert "sent 3 times already; ask your verifier directly" in page
    assert request.sent_count == 3 and len(mails_in(outbox)) == 3
    assert session.query(VerificationRequest).count() == 1


def test_a_learner_sends_at_most_five_requests_an_hour_whatever_the_addresses(client, logged_in, session, outbox):
    projects = [add_project(client, title=f"Project {n}", verifier_email=f"verifier{n}@example.org") for n in range(7)]
    pages = [ask(client, project_id) for project_id in projects]

    assert [mail["To"] for mail in mails_in(outbox)] == [f"verifier{n}@example.org" for n in range(5)]
    assert all("Sent to Maria Okafor" in page for page in pages[:5])
    for page in pages[5:]:
        assert "You have sent as many verification requests as learnpm allows in a while (5 per hour)." in page
        assert "Try again in 60 minutes." in page or "Try again in 59 minutes." in page
    assert session.query(VerificationRequest).count() == 5  # nothing half-made for the refused ones


def test_one_address_gets_at_most_three_a_day_from_anyone_reminders_included(app, client, logged_in, session, outbox,
                                                                             make_user):
    first, second = add_project(client, title="First"), add_project(client, title="Second")
    ask(client, first)
    ask(client, second)
    request = session.query(VerificationRequest).filter_by(project_id=first).one()
    request.last_sent_at = request.last_sent_at - timedelta(days=4)
    session.commit()
    post(client, f"/experience/verification/{request.id}/resend", {}, page=f"/experience/projects/{first}")
    assert len(mails_in(outbox)) == 3

    stranger = app.test_client()
    AuthActions(stranger).login(make_user("stranger@example.org").email)
    page = ask(stranger, add_project(stranger, title="Someone else's"))
    assert ("maria@example.org has been sent as many verification requests as learnpm allows (3 per day). "
            "Try again in about 24 hours, or ask them directly.") in page
    assert len(mails_in(outbox)) == 3
