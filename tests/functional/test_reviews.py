"""A mentor reviews a written answer with the learner's own rubric; the learner revises until it is signed off."""

from __future__ import annotations

import re

from learnpm.reviews.models import Review
from tests.functional.support import ask_review
from tests.support import AuthActions, csrf_token

REVISED = ("Dana, the vendor sandbox is down and Thursday's demo is at risk. Sam at the vendor owns the fix and "
           "promised it by Wednesday 12:00. Options: demo on our mock service, or move the demo a week. "
           "Please choose by tomorrow 10:00 so the team can prepare.")


def test_review_round_trip_from_changes_requested_to_signed_off(client, mentor, answered, session):
    play_id, task, answer, _link = answered
    debrief = client.get(f"/plays/{play_id}/debrief").get_data(as_text=True)
    assert "Ask for a review by" in debrief and "Meg Mentor" in debrief
    review_url = ask_review(client, play_id, answer.id, mentor.user.id).headers["Location"]
    assert "Waiting for your mentor" in client.get(review_url).get_data(as_text=True)

    assert "Sent to you, not opened yet" in mentor.get("/reviews/").get_data(as_text=True)
    page = mentor.get(review_url).get_data(as_text=True)
    assert "Your review" in page and task.rubric[0].criterion in page
    assert "You are reviewing it" in page and "Your mentor" not in page
    assert "Your mentor is reviewing it" in client.get(review_url).get_data(as_text=True)
    review_id = int(review_url.rsplit("/", 1)[1])
    scores = {f"score_{c.id}": "0" for c in task.rubric}
    mentor.post(f"/reviews/{review_id}/feedback", data={
        "csrf_token": csrf_token(mentor, review_url), "decision": "changes_requested",
        f"comment_{task.rubric[0].id}": "Lead with the impact.", "overall": "Good start.", **scores})
    learner_view = client.get(review_url).get_data(as_text=True)
    assert "Changes requested" in learner_view and "Lead with the impact." in learner_view
    own_level, mentor_level = task.rubric[0].levels[1], task.rubric[0].levels[0]
    assert own_level in learner_view and mentor_level in learner_view  # both scores, side by side

    client.post(f"/reviews/{review_id}/revise", data={
        "csrf_token": csrf_token(client, review_url), "text": REVISED, **{f"score_{c.id}": "2" for c in task.rubric}})
    page = mentor.get(review_url).get_data(as_text=True)
    assert "revision 2 of 2" in page and "<ins>" in page and "<del>" in page
    mentor.post(f"/reviews/{review_id}/feedback", data={
        "csrf_token": csrf_token(mentor, review_url), "decision": "signed_off",
        **{f"score_{c.id}": "2" for c in task.rubric}})
    assert "Signed off" in client.get(review_url).get_data(as_text=True)
    review = session.get(Review, review_id)
    session.refresh(review)
    assert [r.number for r in review.revisions] == [1, 2] and len(review.feedback) == 2


def test_a_mentor_without_the_answers_permission_or_a_stranger_gets_a_404(app, client, mentor, answered, make_user):
    play_id, _task, answer, link = answered
    review_url = ask_review(client, play_id, answer.id, mentor.user.id).headers["Location"]
    page = client.get("/mentoring/").get_data(as_text=True)
    token = re.search(rf'name="link{link}-csrf_token" type="hidden" value="([^"]+)"', page)[1]
    client.post(f"/mentoring/links/{link}/permissions", data={f"link{link}-csrf_token": token})
    assert mentor.get(review_url).status_code == 404
    stranger = app.test_client()
    AuthActions(stranger).login(make_user("s@example.org").email)
    assert stranger.get(review_url).status_code == 404


def test_a_stale_decision_or_a_revision_over_the_limit_changes_nothing(client, mentor, answered, session):
    play_id, task, answer, _link = answered
    review_url = ask_review(client, play_id, answer.id, mentor.user.id).headers["Location"]
    review_id = int(review_url.rsplit("/", 1)[1])
    early = client.post(f"/reviews/{review_id}/revise", data={"csrf_token": csrf_token(client, review_url),
                                                               "text": REVISED}, follow_redirects=True)
    assert "not waiting for changes" in early.get_data(as_text=True)
    scores = {f"score_{c.id}": "1" for c in task.rubric}
    mentor.post(f"/reviews/{review_id}/feedback", data={"csrf_token": csrf_token(mentor, review_url),
                                                        "decision": "changes_requested", **scores})
    too_long = client.post(f"/reviews/{review_id}/revise", data={
        "csrf_token": csrf_token(client, review_url), "text": "word " * (task.max_words + 1), **scores})
    assert too_long.status_code == 422 and "write between" in too_long.get_data(as_text=True)
    session.expire_all()
    assert len(session.get(Review, review_id).revisions) == 1


def test_the_mentors_queue_puts_what_waits_longest_first_and_names_the_work(client, mentor, answered, session):
    from datetime import timedelta

    from learnpm.clock import utcnow
    from learnpm.reviews.models import ReviewRevision

    play_id, _task, answer_row, _link = answered
    ask_review(client, play_id, answer_row.id, mentor.user.id)
    first = session.query(Review).one()
    now = utcnow()
    older = Review(learner_id=first.learner_id, mentor_id=first.mentor_id, answer_id=answer_row.id,
                   state="in_review", created_at=now - timedelta(days=9), updated_at=now - timedelta(days=9))
    done = Review(learner_id=first.learner_id, mentor_id=first.mentor_id, answer_id=answer_row.id,
                  state="signed_off", created_at=now - timedelta(days=20), updated_at=now - timedelta(hours=1))
    for review in (older, done):
        review.revisions.append(ReviewRevision(number=1, text="A message.", self_scores={}, created_at=now))
    first.updated_at = now - timedelta(days=3)
    session.add_all([older, done])
    session.commit()

    page = mentor.get("/reviews/").get_data(as_text=True)
    queue = page.split('id="queue-title"')[1].split("</table>")[0]
    rows = re.findall(r'<tr><td[^>]*><a href="/reviews/(\d+)">([^<]+)</a></td>.*?</tr>', queue)
    assert [int(review_id) for review_id, _ in rows] == [older.id, first.id, done.id]
    assert all(label.startswith("Written answer in “") for _, label in rows)
    assert ">9 days<" in queue and ">3 days<" in queue and "updated " in queue
