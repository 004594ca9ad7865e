"""Mentoring with consent: invitations, what a mentor may see, and how a learner takes it back."""

from __future__ import annotations

import re
from datetime import timedelta

from learnpm.mentoring.models import Invitation
from learnpm.mentoring.queries import set_capacity
from tests.functional.support import accept, add_project, invite, link_id, pdf_text, share
from tests.support import AuthActions, csrf_token, post_form


def test_a_mentor_accepts_a_code_and_sees_only_what_is_shared(client, logged_in, mentor):
    add_project(client)
    code = invite(client)
    response = accept(mentor, code.lower().replace("-", " "))  # read over the phone: case and spacing do not matter
    assert response.status_code == 302
    mentee_url = f"/mentoring/mentees/{link_id(response)}"
    page = mentor.get(mentee_url).get_data(as_text=True)
    assert 'id="progress-title"' in page and 'id="experience-title"' not in page  # experience is not shared yet

    form_page = client.get("/mentoring/").get_data(as_text=True)
    prefix = re.search(r'name="(link\d+)-csrf_token"', form_page)[1]
    client.post(f"/mentoring/links/{prefix[4:]}/permissions", data={
        f"{prefix}-csrf_token": re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"', form_page)[1],
        f"{prefix}-can_see_experience": "y"})
    page = mentor.get(mentee_url).get_data(as_text=True)
    assert "4 of 60 months" in page and 'id="progress-title"' not in page


def test_a_code_works_once(client, logged_in, mentor, make_user, app):
    code = invite(client)
    assert accept(mentor, code).status_code == 302
    second = app.test_client()
    AuthActions(second).login(make_user("second@example.org", roles=("mentor",)).email)
    refused = accept(second, code)
    assert refused.status_code == 422 and "already been used" in refused.get_data(as_text=True)


def test_an_expired_or_unknown_code_is_refused(client, logged_in, mentor, session):
    code = invite(client)
    invitation = session.query(Invitation).one()
    invitation.expires_at = invitation.created_at - timedelta(seconds=1)
    session.commit()
    assert "has expired" in accept(mentor, code).get_data(as_text=True)
    assert "does not match an invitation" in accept(mentor, "ZZZZZ-ZZZZZ").get_data(as_text=True)


def test_a_learner_cannot_accept_their_own_code(app, make_user):
    both = app.test_client()
    AuthActions(both).login(make_user("both@example.org", roles=("learner", "mentor")).email)
    code = invite(both)
    assert "your own invitation" in accept(both, code).get_data(as_text=True)


def test_a_full_mentor_is_told_so(client, logged_in, mentor, app, session, make_user):
    with app.app_context():
        set_capacity(session, mentor.user, 1)
        session.commit()
    accept(mentor, invite(client))
    other = app.test_client()
    AuthActions(other).login(make_user("l2@example.org").email)
    assert "number of mentees you set" in accept(mentor, invite(other)).get_data(as_text=True)


def test_revoking_makes_everything_a_404_for_the_mentor(client, logged_in, mentor):
    response = accept(mentor, invite(client))
    mentee_url = f"/mentoring/mentees/{link_id(response)}"
    assert mentor.get(mentee_url).status_code == 200
    client.post(f"/mentoring/links/{link_id(response)}/revoke", data={"csrf_token": csrf_token(client, "/mentoring/")})
    assert mentor.get(mentee_url).status_code == 404


def test_without_a_link_a_learner_is_a_404_and_learners_cannot_use_mentor_pages(client, logged_in, mentor, app, make_user):
    response = accept(mentor, invite(client))
    stranger = app.test_client()
    AuthActions(stranger).login(make_user("stranger@example.org", roles=("mentor",)).email)
    assert stranger.get(f"/mentoring/mentees/{link_id(response)}").status_code == 404
    assert client.get("/mentoring/join").status_code == 403
    token = csrf_token(stranger, "/mentoring/")
    assert stranger.post(f"/mentoring/links/{link_id(response)}/revoke", data={"csrf_token": token}).status_code == 404


def test_a_mentor_downloads_a_mentees_readiness_report_only_while_documents_are_shared(client, logged_in, mentor):
    add_project(client)
    mentee_url = f"/mentoring/mentees/{link_id(accept(mentor, invite(client)))}"
    download = f"{mentee_url}/documents/readiness"
    assert "Download the readiness report" not in mentor.get(mentee_url).get_data(as_text=True)
    assert mentor.post(download, data={"csrf_token": csrf_token(mentor, mentee_url)}).status_code == 404

    share(client, "can_see_documents")
    page = mentor.get(mentee_url).get_data(as_text=True)
    assert "Download the readiness report" in page and "Download the hours transcript" in page
    response = mentor.post(download, data={"csrf_token": csrf_token(mentor, mentee_url)})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Readiness report" in text and logged_in.display_name in text
    assert mentor.post(f"{mentee_url}/documents/pdu", data={"csrf_token": csrf_token(mentor, mentee_url)}
                       ).status_code == 404  # only the reports meant for mentors
    assert "downloaded your readiness report" in client.get("/mentoring/activity").get_data(as_text=True)

    share(client)  # the learner takes documents back
    assert mentor.post(download, data={"csrf_token": csrf_token(mentor, mentee_url)}).status_code == 404


def test_a_learner_holds_a_few_open_invitations_and_can_withdraw_them(client, logged_in, mentor):
    codes = [invite(client) for _ in range(5)]
    refused = client.post("/mentoring/invitations", data={"csrf_token": csrf_token(client, "/mentoring/")},
                          follow_redirects=True)
    assert "You have 5 invitations waiting to be used" in refused.get_data(as_text=True)
    response = post_form(client, "/mentoring/invitations/withdraw", {}, form_page="/mentoring/", follow_redirects=True)
    assert "Withdrawn: 5 invitations" in response.get_data(as_text=True)
    joined = post_form(mentor, "/mentoring/join", {"code": codes[0]})
    assert "does not match an invitation" in joined.get_data(as_text=True)
    assert invite(client)
