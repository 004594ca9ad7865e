"""Supervisors confirm a project through a one-time link, without an account; the learner sees every step."""

from __future__ import annotations

from datetime import timedelta

import pytest

from learnpm.clock import utcnow
from learnpm.verification.models import AuditEvent, VerificationRequest
from tests.functional.support import (
    PROJECT,
    accept,
    add_project,
    answer,
    ask_verification,
    invite,
    link_id,
    mailed_link,
    post,
)


def test_the_verifier_opens_the_mailed_link_and_verifies(app, client, logged_in, session, outbox):
    project_id = add_project(client)
    ask_verification(client, project_id)
    link = mailed_link(outbox)
    assert "maria@example.org" in sorted(outbox.glob("*.eml"))[-1].read_text()
    verifier = app.test_client()  # no account, no login
    page = verifier.get(link).get_data(as_text=True)
    assert "Please confirm Test User" in page and "Riverside Animal Shelter" in page
    assert "Viewed, not answered yet" in client.get(f"/experience/projects/{project_id}").get_data(as_text=True)
    done = answer(verifier, link, answer="verified", comment="She ran the whole day.")
    assert "Thank you" in done.get_data(as_text=True)
    project_page = client.get(f"/experience/projects/{project_id}").get_data(as_text=True)
    assert "<strong>Verified</strong>" in project_page and "She ran the whole day." in project_page


def test_a_link_works_once(app, client, logged_in, outbox):
    ask_verification(client, add_project(client))
    link = mailed_link(outbox)
    verifier = app.test_client()
    answer(verifier, link, answer="disputed", comment="I was not there.")
    again = verifier.get(link)
    assert again.status_code == 410 and "already answered" in again.get_data(as_text=True)


def test_an_expired_link_is_refused_with_a_clear_page(app, client, logged_in, session, outbox):
    ask_verification(client, add_project(client))
    link = mailed_link(outbox)
    request = session.query(VerificationRequest).one()
    request.expires_at = request.created_at - timedelta(seconds=1)
    session.commit()
    response = app.test_client().get(link)
    assert response.status_code == 410 and "expired" in response.get_data(as_text=True)


def test_editing_the_project_voids_the_link(app, client, logged_in, outbox):
    project_id = add_project(client)
    ask_verification(client, project_id)
    link = mailed_link(outbox)
    edited = post(client, f"/experience/projects/{project_id}/edit", {**PROJECT, "title": "A bigger adoption day"},
                  follow_redirects=True)
    assert "ask them again" in edited.get_data(as_text=True)
    response = app.test_client().get(link)
    assert response.status_code == 410 and "This project has changed" in response.get_data(as_text=True)


@pytest.mark.parametrize("mangle", [lambda t: t[:-6], lambda t: t + "x", lambda t: "forged-token-of-the-right-length-abcdef"])
def test_a_forged_or_truncated_link_is_refused(app, client, logged_in, outbox, mangle):
    ask_verification(client, add_project(client))
    link = mailed_link(outbox)
    token = link.rsplit("/", 1)[1]
    response = app.test_client().get(f"/confirm/{mangle(token)}")
    assert response.status_code == 404 and "not valid" in response.get_data(as_text=True)


def test_an_adjustment_needs_the_right_figure(app, client, logged_in, outbox):
    ask_verification(client, add_project(client))
    link = mailed_link(outbox)
    response = answer(app.test_client(), link, answer="adjusted")
    assert response.status_code == 422 and "Say what should be adjusted." in response.get_data(as_text=True)


def test_reminders_wait_three_days_and_stop_after_three(client, logged_in, session, outbox):
    project_id = add_project(client)
    ask_verification(client, project_id)
    request = session.query(VerificationRequest).one()
    resend = f"/experience/verification/{request.id}/resend"
    early = post(client, resend, {}, page=f"/experience/projects/{project_id}", follow_redirects=True)
    assert "You can send a reminder in 3 days" in early.get_data(as_text=True)
    for expected_count in (2, 3):
        request.last_sent_at = request.last_sent_at - timedelta(days=4)
        session.commit()
        post(client, resend, {}, page=f"/experience/projects/{project_id}")
        session.expire_all()
        assert request.sent_count == expected_count
    request.last_sent_at = request.last_sent_at - timedelta(days=4)
    session.commit()
    late = post(client, resend, {}, page=f"/experience/projects/{project_id}", follow_redirects=True)
    assert "sent 3 times already" in late.get_data(as_text=True)
    assert len(list(outbox.glob("*.eml"))) == 3


def test_the_audit_log_shows_mentor_views_and_verifier_answers(app, client, logged_in, mentor, outbox, session):
    response = accept(mentor, invite(client))
    mentor.get(f"/mentoring/mentees/{link_id(response)}")
    ask_verification(client, add_project(client))
    answer(app.test_client(), mailed_link(outbox), answer="verified")
    page = client.get("/mentoring/activity").get_data(as_text=True)
    assert "Meg Mentor (mentor)" in page and "viewed your scenario progress" in page
    assert "Maria Okafor (verifier)" in page and "answered “Verified”" in page
    event = session.query(AuditEvent).first()
    event.action = "rewritten"
    with pytest.raises(PermissionError):
        session.commit()


def test_a_mentor_coming_back_within_the_hour_is_one_line_of_the_log(client, logged_in, mentor, session, monkeypatch):
    page = f"/mentoring/mentees/{link_id(accept(mentor, invite(client)))}"
    for _ in range(3):
        assert mentor.get(page).status_code == 200

    def views() -> list[AuditEvent]:
        session.expire_all()
        return [event for event in session.query(AuditEvent) if event.action.startswith("viewed your")]

    assert len(views()) == 1
    later = utcnow() + timedelta(hours=1, minutes=1)
    monkeypatch.setattr("learnpm.mentoring.views.utcnow", lambda: later)
    mentor.get(page)
    assert len(views()) == 2
    assert client.get("/mentoring/activity").get_data(as_text=True).count("viewed your scenario progress") == 2
