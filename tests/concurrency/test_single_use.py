"""Codes and links that work once, and limits on them, hold when several requests use them at the same moment."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import func, select

from learnpm.mentoring.models import MentorLink, MentorSettings
from learnpm.notifications.models import Notification
from learnpm.verification.models import AuditEvent, VerificationRequest
from tests.concurrency.support import Visitor, add_project, at_once, server_errors, statuses

AT_ONCE = 5


def invitation_code(learner: Visitor) -> str:
    reply = learner.post("/mentoring/invitations", {}, learner.token("/mentoring/"))
    assert reply.status == 201
    return re.search(r'class="invitation-code"[^>]*>([A-Z0-9-]+)<', reply.text)[1]


def accept(mentor: Visitor, code: str, token: str):
    return partial(mentor.clone().post, "/mentoring/join", {"code": code}, token)


def count(session, *where) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).where(*where))


def test_a_code_given_to_several_mentors_links_only_the_first(member, session):
    code = invitation_code(member())
    mentors = [member("mentor") for _ in range(AT_ONCE)]
    replies = at_once([accept(mentor, code, mentor.token("/mentoring/join")) for mentor in mentors])
    assert not server_errors(replies)
    assert count(session, MentorLink.id.is_not(None)) == 1
    assert statuses(replies) == [302] + [422] * (AT_ONCE - 1)
    assert all("already been used" in r.text for r in replies if r.status == 422)


def test_a_mentor_accepting_many_codes_at_once_takes_no_more_mentees_than_set(member, session):
    mentor = member("mentor")
    session.add(MentorSettings(mentor_id=mentor.user.id, capacity=2))
    session.commit()
    codes = [invitation_code(member()) for _ in range(AT_ONCE)]
    token = mentor.token("/mentoring/join")
    replies = at_once([accept(mentor, code, token) for code in codes])
    assert not server_errors(replies)
    assert count(session, MentorLink.mentor_id == mentor.user.id) == 2
    assert statuses(replies) == [302] * 2 + [422] * (AT_ONCE - 2)
    assert all("reached the number of mentees" in r.text for r in replies if r.status == 422)


def test_a_mentor_saving_a_capacity_from_several_tabs_gets_it_saved(member, session):
    mentor = member("mentor")
    token = mentor.token("/mentoring/")
    replies = at_once([partial(mentor.clone().post, "/mentoring/capacity", {"capacity": "3"}, token)] * AT_ONCE)
    assert not server_errors(replies)
    assert statuses(replies) == [302] * AT_ONCE
    session.expire_all()
    assert session.get(MentorSettings, mentor.user.id).capacity == 3


def mails(app) -> list[Path]:
    return sorted((Path(app.instance_path) / "outbox").glob("*.eml"))


def sent_for_verification(learner: Visitor, app) -> tuple[int, str]:
    """Log a project and send it to its verifier; return the project and the link mailed."""
    project_id = add_project(learner)
    page = f"/experience/projects/{project_id}"
    assert learner.post(f"{page}/verification", {}, learner.token(page)).status == 302
    return project_id, re.search(r"http://[^/\s]+(/confirm/[\w-]+)", mails(app)[-1].read_text())[1]


def test_a_verifier_answering_from_two_tabs_at_once_answers_once(app, member, visitor, session):
    learner = member()
    _, link = sent_for_verification(learner, app)
    verifier = visitor()
    token = verifier.token(link)
    forms = [{"answer": answer, "adjusted_figure": "June, not May", "comment": answer}
             for answer in ("verified", "disputed", "adjusted", "verified", "disputed")]
    answers = [partial(verifier.clone().post, link, form, token) for form in forms]
    replies = at_once(answers)
    assert not server_errors(replies)
    assert count(session, AuditEvent.action.startswith("answered")) == 1
    assert count(session, Notification.user_id == learner.user.id) == 1
    assert statuses(replies) == [200] + [410] * (len(answers) - 1)
    assert all("already" in r.text for r in replies if r.status == 410)


def test_reminders_sent_from_several_tabs_at_once_mail_the_verifier_once(app, member, session):
    learner = member()
    project_id, _ = sent_for_verification(learner, app)
    request = session.scalar(select(VerificationRequest))
    request.last_sent_at -= timedelta(days=4)  # a reminder is allowed three days after the last mail
    session.commit()
    page = f"/experience/projects/{project_id}"
    token = learner.token(page)
    replies = at_once([partial(learner.clone().post, f"/experience/verification/{request.id}/resend", {}, token)]
                      * AT_ONCE)
    assert not server_errors(replies)
    assert len(mails(app)) == 2  # the request and one reminder
    session.expire_all()
    assert session.get(VerificationRequest, request.id).sent_count == 2


def test_asking_from_several_tabs_at_once_leaves_one_link_that_works(app, member, session):
    learner = member()
    project_id = add_project(learner)
    page = f"/experience/projects/{project_id}"
    token = learner.token(page)
    replies = at_once([partial(learner.clone().post, f"{page}/verification", {}, token)] * AT_ONCE)
    assert not server_errors(replies)
    assert count(session, VerificationRequest.voided_at.is_(None)) == 1
