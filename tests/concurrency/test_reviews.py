"""A review moves one state at a time, however many tabs send the same step at once."""

from __future__ import annotations

import re
from functools import partial

from sqlalchemy import func, select

from learnpm.mentoring.models import MentorLink
from learnpm.reviews.models import Review, ReviewFeedback, ReviewRevision
from learnpm.reviews.rubrics import description_rubric
from tests.concurrency.support import Visitor, add_project, at_once, server_errors, statuses
from tests.functional.support import PROJECT

AT_ONCE = 5
SCORES = {f"score_{criterion.id}": "2" for criterion in description_rubric().criteria}


def mentored(session, learner: Visitor, mentor: Visitor) -> None:
    session.add(MentorLink(learner_id=learner.user.id, mentor_id=mentor.user.id, can_see_experience=True))
    session.commit()


def count(session, model, *where) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model).where(*where))


def send(learner: Visitor, project_id: int, mentor: Visitor, token: str | None = None):
    return partial(learner.clone().post, f"/reviews/projects/{project_id}", {"mentor": mentor.user.id, **SCORES},
                   token or learner.token(f"/reviews/projects/{project_id}"))


def sent(session, member) -> tuple[Visitor, Visitor, int, str]:
    """Return a learner, their mentor, the project and the address of its review, waiting for the mentor."""
    learner, mentor = member(), member("mentor")
    mentored(session, learner, mentor)
    project_id = add_project(learner)
    reply = send(learner, project_id, mentor)()
    assert reply.status == 302
    return learner, mentor, project_id, reply.location


def decide(mentor: Visitor, review_url: str, decision: str, token: str):
    return partial(mentor.clone().post, f"{review_url}/feedback", {"decision": decision, **SCORES}, token)


def test_a_description_sent_from_several_tabs_at_once_makes_one_review(member, session):
    learner, mentor = member(), member("mentor")
    mentored(session, learner, mentor)
    project_id = add_project(learner)
    token = learner.token(f"/reviews/projects/{project_id}")
    replies = at_once([send(learner, project_id, mentor, token)] * AT_ONCE)
    assert not server_errors(replies)
    assert count(session, Review) == 1
    assert statuses(replies) == [302] * AT_ONCE


def test_learners_sending_to_one_mentor_at_once_all_reach_them(member, session):
    mentor = member("mentor")
    learners = [member() for _ in range(AT_ONCE)]
    for learner in learners:
        mentored(session, learner, mentor)
    sends = [send(learner, add_project(learner), mentor) for learner in learners]
    replies = at_once(sends)
    assert not server_errors(replies)
    assert count(session, Review, Review.mentor_id == mentor.user.id) == AT_ONCE


def test_a_mentor_deciding_from_several_tabs_at_once_decides_once(member, session):
    learner, mentor, _, review_url = sent(session, member)
    token = mentor.token(review_url)
    decisions = ["signed_off", "changes_requested"] * AT_ONCE
    replies = at_once([decide(mentor, review_url, decision, token) for decision in decisions[:AT_ONCE]])
    assert not server_errors(replies)
    assert count(session, ReviewFeedback) == 1
    assert statuses(replies) == [302] * AT_ONCE


def test_a_mentor_opening_a_review_while_deciding_it_does_not_reopen_it(member, session):
    learner, mentor, _, review_url = sent(session, member)
    token = mentor.token(review_url)  # opening the page moves the review to "in review"
    review = session.scalar(select(Review))
    for _ in range(3):
        review.state = "submitted"
        session.commit()
        replies = at_once([decide(mentor, review_url, "signed_off", token)]
                          + [partial(mentor.clone().get, review_url)] * (AT_ONCE - 1))
        assert not server_errors(replies)
        session.refresh(review)
        assert review.state == "signed_off"


def test_a_revision_sent_from_several_tabs_at_once_is_one_revision(member, session):
    learner, mentor, project_id, review_url = sent(session, member)
    assert decide(mentor, review_url, "changes_requested", mentor.token(review_url))().status == 302
    edit = f"/experience/projects/{project_id}/edit"
    assert learner.post(edit, {**PROJECT, "outcome": "27 adoptions against a goal of 25."}).status == 302
    token = learner.token(review_url)
    review_id = re.search(r"/reviews/(\d+)$", review_url)[1]
    replies = at_once([partial(learner.clone().post, f"/reviews/{review_id}/revise", SCORES, token)] * AT_ONCE)
    assert not server_errors(replies)
    assert count(session, ReviewRevision) == 2
