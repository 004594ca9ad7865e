"""Notifications: a review waiting, a review done and a verifier's answer, in the site, by mail and as a digest."""

from __future__ import annotations

import email
import re
from datetime import timedelta
from pathlib import Path

import pytest

from learnpm.cli import cli
from learnpm.clock import utcnow
from learnpm.db import get_session
from learnpm.mail.queries import queue_mail
from learnpm.notifications.models import Notification, NotificationSettings
from tests.functional.support import add_project, answer, ask_review, ask_verification, mailed_link
from tests.support import csrf_token


@pytest.fixture
def outbox(app) -> Path:
    return Path(app.instance_path) / "outbox"


def mails_to(outbox: Path, address: str) -> list[email.message.Message]:
    found = [email.message_from_bytes(path.read_bytes()) for path in sorted(outbox.glob("*.eml"))]
    return [message for message in found if message["To"] == address]


def unread_badge(client) -> str | None:
    header = client.get("/notifications/").get_data(as_text=True).split("</header>")[0]
    match = re.search(r'class="count-badge">.*?(\d+)', header)
    return match[1] if match else None


def test_a_review_tells_the_mentor_then_the_learner_in_the_site_and_by_mail(
        client, logged_in, mentor, answered, outbox):
    play_id, task, answer_row, _link = answered
    review_url = ask_review(client, play_id, answer_row.id, mentor.user.id).headers["Location"]

    assert unread_badge(mentor) == "1"
    page = mentor.get("/notifications/").get_data(as_text=True)
    assert "Test User sent their written answer in" in page and "for review." in page
    [mail] = mails_to(outbox, "mentor@example.org")
    assert mail["Subject"].startswith("Review waiting: Test User sent their written answer")
    assert "http://localhost" + review_url in mail.get_payload(decode=True).decode()

    notification_url = re.search(r'href="(/notifications/\d+)"', page)[1]
    opened = mentor.get(notification_url)
    assert opened.status_code == 302 and opened.headers["Location"] == review_url
    assert unread_badge(mentor) is None  # opening it marks it read

    review_id = review_url.rsplit("/", 1)[1]
    mentor.post(f"/reviews/{review_id}/feedback", data={
        "csrf_token": csrf_token(mentor, review_url), "decision": "changes_requested",
        **{f"score_{c.id}": "1" for c in task.rubric}})
    assert unread_badge(client) == "1"
    assert "Meg Mentor asked for changes to your written answer in" in client.get("/notifications/").get_data(
        as_text=True)
    [done] = mails_to(outbox, logged_in.email)
    assert done["Subject"].startswith("Review done: Meg Mentor asked for changes")


def test_a_verifiers_answer_tells_the_learner(app, client, logged_in, outbox):
    project_id = add_project(client)
    ask_verification(client, project_id)
    answer(app.test_client(), mailed_link(outbox), answer="disputed", comment="She left in March.")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "answered “Disputed” for your project “Spring adoption day”" in page
    [mail] = mails_to(outbox, logged_in.email)
    assert f"/experience/projects/{project_id}" in mail.get_payload(decode=True).decode()


def test_with_mail_turned_off_notifications_stay_on_the_site(app, client, logged_in, outbox):
    response = client.post("/notifications/settings", data={"csrf_token": csrf_token(client, "/notifications/")})
    assert response.status_code == 302
    assert "no mail; notifications stay here on the site" in client.get("/notifications/").get_data(as_text=True)
    project_id = add_project(client)
    ask_verification(client, project_id)
    answer(app.test_client(), mailed_link(outbox), answer="verified")
    assert mails_to(outbox, logged_in.email) == []
    assert unread_badge(client) == "1"


def test_mark_all_read_and_nobody_opens_anothers_notification(app, client, logged_in, make_user, session):
    session.add_all([Notification(user_id=logged_in.id, kind="review_done", text=f"Item {i}.", path="/reviews/")
                     for i in range(3)])
    session.commit()
    page = client.get("/notifications/").get_data(as_text=True)
    assert "3 unread." in page and unread_badge(client) == "3"
    other = app.test_client()
    stranger = make_user("stranger@example.org")
    from tests.support import AuthActions
    AuthActions(other).login(stranger.email)
    first = re.search(r'href="(/notifications/\d+)"', page)[1]
    assert other.get(first).status_code == 404
    assert unread_badge(client) == "3"  # the stranger's attempt marked nothing read
    client.post("/notifications/read", data={"csrf_token": csrf_token(client, "/notifications/")})
    page = client.get("/notifications/").get_data(as_text=True)
    assert "All read." in page and unread_badge(client) is None


def test_an_empty_list_says_what_will_arrive(client, logged_in):
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Nothing yet." in page and "Mark all as read" not in page


def test_the_weekly_digest_goes_to_those_who_asked_once_a_week(app, client, logged_in, make_user, session, outbox):
    quiet = make_user("quiet@example.org")
    now = utcnow()
    session.add_all([
        NotificationSettings(user_id=logged_in.id, email_each=False, weekly_digest=True),
        Notification(user_id=logged_in.id, kind="review_done", text="Meg signed off your answer.",
                     path="/reviews/7", created_at=now - timedelta(days=1)),
        Notification(user_id=logged_in.id, kind="review_done", text="Already read.", path="/reviews/8",
                     created_at=now - timedelta(days=1), read_at=now),
        Notification(user_id=quiet.id, kind="review_done", text="Not subscribed.", path="/reviews/9"),
    ])
    session.commit()
    runner = app.test_cli_runner()
    assert "Sent 1 digest." in runner.invoke(cli, ["notify", "digest"]).output
    [digest] = mails_to(outbox, logged_in.email)
    body = digest.get_payload(decode=True).decode()
    assert digest["Subject"] == "Your week on learnpm: 1 waiting for you"
    assert "Meg signed off your answer." in body and "Already read." not in body
    assert mails_to(outbox, "quiet@example.org") == []
    assert "Sent 0 digests." in runner.invoke(cli, ["notify", "digest"]).output  # not twice in a week

    settings = session.get(NotificationSettings, logged_in.id)
    session.refresh(settings)
    settings.last_digest_at = settings.last_digest_at - timedelta(days=7)  # a week goes by
    for old in session.query(Notification).filter(Notification.user_id == logged_in.id):
        old.created_at = old.created_at - timedelta(days=7)
    session.add(Notification(user_id=logged_in.id, kind="verification_answered", text="Maria verified it.",
                             path="/experience/"))
    session.commit()
    assert "Sent 1 digest." in runner.invoke(cli, ["notify", "digest"]).output
    body = mails_to(outbox, logged_in.email)[-1].get_payload(decode=True).decode()
    assert "Maria verified it." in body and "Meg signed off" not in body  # only what came since the last one


def test_mail_about_changes_that_were_rolled_back_is_never_sent(app, outbox, make_user):
    user_id = make_user("someone@example.org").id
    with app.app_context():
        session = get_session()
        session.add(Notification(user_id=user_id, kind="review_waiting", text="Lost.", path="/reviews/"))
        queue_mail(session, "someone@example.org", "Review waiting", "body")
        session.rollback()
        session.commit()
        assert session.query(Notification).count() == 0
        session.add(Notification(user_id=user_id, kind="review_done", text="Kept.", path="/reviews/"))
        queue_mail(session, "someone@example.org", "Review done", "body")
        session.commit()
    assert [m["Subject"] for m in mails_to(outbox, "someone@example.org")] == ["Review done"]


def test_a_notification_clears_once_what_it_announced_is_handled(client, logged_in, mentor, answered):
    play_id, task, answer_row, _link = answered
    review_url = ask_review(client, play_id, answer_row.id, mentor.user.id).headers["Location"]
    assert unread_badge(mentor) == "1"

    mentor.get(review_url)  # reading the work is not yet handling it
    assert unread_badge(mentor) == "1"
    mentor.post(review_url + "/feedback", data={
        "csrf_token": csrf_token(mentor, review_url), "decision": "signed_off",
        **{f"score_{c.id}": "2" for c in task.rubric}})
    assert unread_badge(mentor) is None  # the review is done: nothing waits any more

    assert unread_badge(client) == "1"
    client.get(review_url)  # the learner sees the mentor's answer where it is, not through the notification
    assert unread_badge(client) is None


def test_a_verifiers_answer_clears_once_the_learner_opens_the_project(app, client, logged_in, outbox):
    project_id = add_project(client)
    ask_verification(client, project_id)
    answer(app.test_client(), mailed_link(outbox), answer="verified")
    assert unread_badge(client) == "1"
    client.get("/experience/")
    assert unread_badge(client) == "1"
    client.get(f"/experience/projects/{project_id}")
    assert unread_badge(client) is None


def test_the_page_that_handles_a_notification_shows_the_badge_without_it(client, logged_in, mentor, answered):
    play_id, task, answer_row, _link = answered
    review_url = ask_review(client, play_id, answer_row.id, mentor.user.id).headers["Location"]
    mentor.post(review_url + "/feedback", data={
        "csrf_token": csrf_token(mentor, review_url), "decision": "changes_requested",
        **{f"score_{c.id}": "1" for c in task.rubric}})
    assert unread_badge(client) == "1"
    header = client.get(review_url).get_data(as_text=True).split("</header>")[0]
    assert "count-badge" not in header  # counted when the user was loaded, then again once this page resolved it
