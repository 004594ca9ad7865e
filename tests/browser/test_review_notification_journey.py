"""A mentor's notification of work to review clears once the review is sent, and the learner is told in turn."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from learnpm.scenarios.core.content.loader import load_library
from learnpm.scenarios.core.content.scenario import Node, Scenario, WriteTask
from learnpm.scenarios.models import WriteAnswer
from tests.browser.support import assert_accessible, log_in
from tests.functional.support import (
    accept,
    ask_review,
    choose,
    current_node,
    invite,
    link_id,
    share_answers,
    start,
    write_and_score,
)
from tests.support import AuthActions

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
UNREAD = re.compile(r"^Notifications\W+1 unread")


@pytest.fixture
def scenario(monkeypatch: pytest.MonkeyPatch) -> Scenario:
    monkeypatch.setenv("LEARNPM_CONTENT_DIR", str(FIXTURES))
    return load_library(FIXTURES).scenarios["vendor-sandbox-down"]


def send_an_answer_for_review(app: Flask, session, scenario: Scenario, learner_email: str, mentor) -> WriteTask:
    """Link the learner to the mentor, play the day to its end writing the message, and send it for review."""
    learner, mentor_client = app.test_client(), app.test_client()
    AuthActions(learner).login(learner_email)
    AuthActions(mentor_client).login(mentor.email)
    share_answers(learner, link_id(accept(mentor_client, invite(learner))))
    play_id, task = start(learner), None
    for _ in range(60):
        node = current_node(session, scenario, play_id)
        if isinstance(node, WriteTask):
            write_and_score(learner, play_id, node, level=1)
            task = node
        elif isinstance(node, Node):
            choose(learner, play_id, next(c for c in node.choices if c.quality == "best").id)
        else:
            break
    assert task is not None, "the day had no write task"
    answer_id = session.query(WriteAnswer.id).scalar()
    assert ask_review(learner, play_id, answer_id, mentor.id).status_code == 302
    return task


def notifications_link(page: Page):
    return page.get_by_role("link", name=re.compile(r"^Notifications"))


def test_the_mentors_notification_clears_when_the_review_is_sent_from_the_top_of_the_form(
        page: Page, phone: Page, live_server: str, app: Flask, session, make_user, scenario: Scenario):
    learner = make_user("lena@example.org", name="Lena Learner")
    mentor_user = make_user("meg@example.org", roles=("mentor",), name="Meg Mentor")
    task = send_an_answer_for_review(app, session, scenario, learner.email, mentor_user)
    mentor = phone

    # The header tells the mentor that something waits; the queue leads to it without opening the notification.
    log_in(mentor, live_server, mentor_user.email)
    expect(notifications_link(mentor)).to_have_accessible_name(UNREAD)
    mentor.goto(live_server + "/reviews/")
    queue = mentor.get_by_role("region", name="What your mentees sent you")
    queue.get_by_role("link", name=re.compile(r"^Written answer in")).click()
    expect(mentor.get_by_role("heading", name="Your review")).to_be_visible()

    # The long form offers its way to send before the rubric as well as after it.
    sends = mentor.get_by_role("group", name="Send the review")
    expect(sends).to_have_count(2)
    first_criterion = mentor.get_by_role("group", name=task.rubric[0].criterion)
    assert sends.first.bounding_box()["y"] < first_criterion.bounding_box()["y"]
    assert sends.last.bounding_box()["y"] > mentor.get_by_label("Overall comment").bounding_box()["y"]
    assert_accessible(mentor)

    for criterion in task.rubric:
        mentor.get_by_role("group", name=criterion.criterion).get_by_role("radio").last.check()
    mentor.get_by_label("Overall comment").fill("Clear ask, owner named, date given.")
    sends.first.get_by_role("button", name="Sign it off").click()
    expect(mentor.get_by_text("Review sent: signed off.")).to_be_visible()

    # Sending the review did what the notification asked: the badge no longer counts it.
    expect(notifications_link(mentor)).to_have_accessible_name("Notifications")
    mentor.goto(live_server + "/notifications/")
    expect(mentor.locator(".notification-list li.unread")).to_have_count(0)
    expect(mentor.locator(".notification-list")).to_contain_text("Lena Learner sent their written answer in")
    assert_accessible(mentor)

    # The learner's side now has its own notification, which leads to the mentor's scores and then clears.
    log_in(page, live_server, learner.email)
    notifications_link(page).click()
    mine = page.locator(".notification-list li.unread")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Meg Mentor signed off your written answer in")
    mine.get_by_role("link").first.click()
    expect(page.locator(".lead")).to_contain_text("Signed off")
    expect(notifications_link(page)).to_have_accessible_name("Notifications")
