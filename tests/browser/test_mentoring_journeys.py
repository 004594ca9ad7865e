"""A mentor reviews a learner's written answer, and a supervisor verifies a project from the mailed link."""

from __future__ import annotations

import re
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from learnpm.scenarios.core.content.loader import load_library
from learnpm.scenarios.core.content.scenario import Node, Scenario, WriteTask
from tests.browser.support import assert_accessible, fill_login
from tests.functional.support import add_project, choose, current_node, start, write_and_score
from tests.support import AuthActions

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
SELF_LEVEL = 1  # the learner's own score on every criterion: the middle level
MENTOR_LEVELS = (2, 0, 1)  # the mentor's levels, criterion by criterion
OVERALL = "Clear and calm. Lead with the ask next time."
VERIFIER_COMMENT = "Vera ran the whole adoption day; I was there."


@pytest.fixture
def scenario(monkeypatch: pytest.MonkeyPatch) -> Scenario:
    monkeypatch.setenv("LEARNPM_CONTENT_DIR", str(FIXTURES))
    return load_library(FIXTURES).scenarios["vendor-sandbox-down"]


def log_in_from_home(page: Page, base: str, email: str, name: str) -> None:
    page.goto(base + "/login")
    fill_login(page, email)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {name}")


def play_a_day_writing_a_message(app: Flask, session, scenario: Scenario, email: str) -> WriteTask:
    """Play the scenario to its end through the site, scoring the message at the middle level."""
    client = app.test_client()
    AuthActions(client).login(email)
    play_id = start(client)
    task = None
    for _ in range(60):
        node = current_node(session, scenario, play_id)
        if isinstance(node, WriteTask):
            write_and_score(client, play_id, node, level=SELF_LEVEL)
            task = node
        elif isinstance(node, Node):
            choose(client, play_id, next(c for c in node.choices if c.quality == "best").id)
        else:
            break
    assert task is not None, "the day had no write task"
    return task


def nav(page: Page, label: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=label, exact=True).click()


def score_criterion_by_keyboard(page: Page, criterion: str, level: int, comment: str) -> None:
    """Pick a level with the arrow keys and type a comment, as a keyboard user would."""
    group = page.get_by_role("group", name=criterion)
    radios = group.get_by_role("radio")
    radios.first.focus()
    page.keyboard.press("Space")
    for _ in range(level):
        page.keyboard.press("ArrowDown")
    expect(radios.nth(level)).to_be_checked()
    page.keyboard.press("Tab")
    expect(group.get_by_label(f"Comment on “{criterion}”")).to_be_focused()
    page.keyboard.type(comment)


def test_a_mentor_accepts_an_invitation_and_reviews_an_answer_the_learner_then_reads(
        page: Page, second_page: Page, live_server: str, app: Flask, session, make_user, scenario: Scenario):
    learner = make_user("lena@example.org", name="Lena Learner")
    make_user("meg@example.org", roles=("mentor",), name="Meg Mentor")
    task = play_a_day_writing_a_message(app, session, scenario, learner.email)
    mentor = second_page

    # The learner invites a mentor and reads the code and the link off the page.
    log_in_from_home(page, live_server, learner.email, "Lena Learner")
    nav(page, "Mentoring")
    expect(page.get_by_text("No mentor yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Invite a mentor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your invitation code")
    assert_accessible(page)
    code = page.get_by_label("Invitation code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code), code
    link = page.locator("code").inner_text().strip()
    assert link.startswith(f"{live_server}/mentoring/join")

    # The mentor opens the link, logs in on the way, and types the code as it was read to them on the phone.
    mentor.goto(link)
    expect(mentor.get_by_text("Please log in to see that page.")).to_be_visible()
    assert_accessible(mentor)
    fill_login(mentor, "meg@example.org")
    expect(mentor.get_by_role("heading", level=1)).to_have_text("Accept a mentee's invitation")
    assert_accessible(mentor)
    mentor.get_by_label("Invitation code").fill("")
    mentor.get_by_label("Invitation code").focus()
    mentor.keyboard.type(code.lower().replace("-", " "))  # case and spacing do not matter
    mentor.keyboard.press("Enter")
    expect(mentor.get_by_text("You now mentor Lena Learner. They choose what you can see.")).to_be_visible()
    assert_accessible(mentor)

    # The learner lets the mentor read written answers, which is not shared until they say so.
    page.get_by_role("link", name="mentoring page").click()
    answers = page.get_by_role("group", name="Meg Mentor may see:").get_by_label("Written answers in scenarios")
    expect(answers).not_to_be_checked()
    answers.check()
    page.get_by_role("button", name="Save what Meg Mentor sees").click()
    expect(page.get_by_text("Saved what Meg Mentor can see.")).to_be_visible()
    expect(answers).to_be_checked()
    assert_accessible(page)

    # From the debrief, the learner sends the message for review.
    nav(page, "Progress")
    page.get_by_role("link", name="Debrief").click()
    expect(page.get_by_role("heading", name="Your day, move by move")).to_be_visible()
    expect(page.get_by_label("Ask for a review by").locator("option:checked")).to_have_text("Meg Mentor")
    assert_accessible(page)
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_text("Sent for review.")).to_be_visible()
    expect(page.get_by_text("Waiting for your mentor")).to_be_visible()
    assert_accessible(page)

    # The mentor is told in the header, reads the notification, then finds the review in the queue.
    mentor.reload()
    mentor.get_by_role("link", name=re.compile(r"^Notifications\W+1 unread")).click()
    expect(mentor.locator(".notification-list li.unread")).to_contain_text("Lena Learner sent their written answer in")
    assert_accessible(mentor)
    nav(mentor, "Reviews")
    queue = mentor.get_by_role("region", name="What your mentees sent you")
    expect(queue.get_by_role("row", name=re.compile("Lena Learner"))).to_contain_text("Sent to you, not opened yet")
    assert_accessible(mentor)
    queue.get_by_role("link", name=re.compile(r"^Written answer in")).click()
    expect(mentor.get_by_role("heading", name="Your review")).to_be_visible()
    expect(mentor.get_by_text("You are reviewing it")).to_be_visible()
    assert_accessible(mentor)

    # Signing off without a level names every criterion left out, and the page stays accessible.
    mentor.get_by_role("button", name="Sign it off").last.click()
    summary = mentor.get_by_role("alert")
    expect(summary).to_contain_text("Please fix these to continue")
    for criterion in task.rubric:
        expect(summary.get_by_role("link", name=f"{criterion.criterion}: Choose a level.")).to_be_visible()
    assert_accessible(mentor)

    # Every criterion gets a level and a comment, then an overall comment and the sign-off.
    comments = {c.id: f"On {c.criterion.lower()}: see my note." for c in task.rubric}
    for criterion, level in zip(task.rubric, MENTOR_LEVELS, strict=True):
        score_criterion_by_keyboard(mentor, criterion.criterion, level, comments[criterion.id])
    mentor.get_by_label("Overall comment").fill(OVERALL)
    assert_accessible(mentor)
    mentor.get_by_role("button", name="Sign it off").last.click()
    expect(mentor.get_by_text("Review sent: signed off.")).to_be_visible()
    expect(mentor.get_by_role("heading", name="Your review")).to_have_count(0)
    assert_accessible(mentor)

    # The learner reads the mentor's levels and comments beside their own self-scores.
    nav(page, "Reviews")
    page.get_by_role("link", name=re.compile(r"^Notifications\W+1 unread")).click()
    expect(page.locator(".notification-list li.unread")).to_contain_text(
        "Meg Mentor signed off your written answer in")
    assert_accessible(page)
    nav(page, "Reviews")
    mine = page.get_by_role("region", name="Your work under review")
    expect(mine.get_by_role("row", name=re.compile("Meg Mentor"))).to_contain_text("Signed off")
    assert_accessible(page)
    mine.get_by_role("link", name=re.compile(r"^Written answer in")).click()
    expect(page.locator(".lead")).to_contain_text("Signed off")
    scores = page.get_by_role("region", name="Scores on the rubric")
    for criterion, level in zip(task.rubric, MENTOR_LEVELS, strict=True):
        row = scores.get_by_role("row").filter(has=page.get_by_role("cell", name=criterion.criterion, exact=True))
        expect(row.get_by_role("cell")).to_have_text([
            criterion.criterion, criterion.levels[SELF_LEVEL], criterion.levels[level], comments[criterion.id]])
    expect(scores).to_contain_text(f"Overall: {OVERALL}")
    expect(page.get_by_role("heading", name="Revise your message")).to_have_count(0)
    assert_accessible(page)


def test_the_invitation_link_opens_the_join_form_with_the_code_filled_in(
        page: Page, second_page: Page, live_server: str, make_user):
    make_user("lena@example.org", name="Lena Learner")
    make_user("meg@example.org", roles=("mentor",), name="Meg Mentor")
    log_in_from_home(page, live_server, "lena@example.org", "Lena Learner")
    nav(page, "Mentoring")
    page.get_by_role("button", name="Invite a mentor").click()
    code = page.get_by_label("Invitation code").inner_text().strip()
    link = page.locator("code").inner_text().strip()
    log_in_from_home(second_page, live_server, "meg@example.org", "Meg Mentor")
    second_page.goto(link)
    expect(second_page.get_by_label("Invitation code")).to_have_value(code, timeout=2_000)


def newest_mail(app: Flask) -> Message:
    outbox = Path(app.instance_path) / "outbox"
    return message_from_bytes(sorted(outbox.glob("*.eml"))[-1].read_bytes())


def test_a_supervisor_verifies_a_project_from_the_mailed_link_without_an_account(
        page: Page, second_page: Page, live_server: str, app: Flask, make_user):
    volunteer = make_user("vera@example.org", name="Vera Volunteer")
    client = app.test_client()
    AuthActions(client).login(volunteer.email)
    add_project(client, verifier_name="", verifier_email="", verifier_relationship="")

    # The volunteer names the supervisor and their email, then asks them to verify the project.
    log_in_from_home(page, live_server, volunteer.email, "Vera Volunteer")
    nav(page, "Experience")
    page.get_by_role("link", name="Spring adoption day").first.click()
    expect(page.get_by_text("Name your verifier and their email")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Edit the project").click()
    verifier = page.get_by_role("group", name="Who can confirm it")
    verifier.get_by_label("Name", exact=True).fill("Maria Okafor")
    verifier.get_by_label("Email", exact=True).fill("maria@example.org")
    verifier.get_by_label("Relationship to you").fill("Shelter director")
    page.get_by_role("button", name="Save the project").click()
    expect(page.get_by_text("Project saved.")).to_be_visible()
    page.get_by_role("button", name="Ask Maria Okafor to verify it").click()
    expect(page.get_by_text("Sent to Maria Okafor (maria@example.org).")).to_be_visible()
    expect(page.get_by_role("region", name="Verification")).to_contain_text("Sent, not opened yet")
    assert_accessible(page)

    # The mail in the outbox carries the one-time link.
    mail = newest_mail(app)
    assert mail["To"] == "maria@example.org"
    assert mail["Subject"] == "Please confirm Vera Volunteer's project"
    link = re.search(r"(http://\S+/confirm/[\w-]+)", mail.get_payload(decode=True).decode())[1]
    assert link.startswith(live_server + "/confirm/")

    # The supervisor, with no account, opens it, reads the project and verifies it.
    supervisor = second_page
    supervisor.goto(link)
    expect(supervisor.get_by_role("heading", level=1)).to_have_text("Please confirm Vera Volunteer's project")
    expect(supervisor.get_by_text("Riverside Animal Shelter")).to_be_visible()
    expect(supervisor.get_by_role("button", name="Log out")).to_have_count(0)
    assert_accessible(supervisor)
    supervisor.get_by_role("group", name="Your answer").get_by_label("Verified", exact=True).check()
    supervisor.get_by_label("Comment (optional)").fill(VERIFIER_COMMENT)
    supervisor.get_by_role("button", name="Send my answer").click()
    expect(supervisor.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(supervisor.get_by_text("Your answer, “Verified”, is recorded")).to_be_visible()
    assert_accessible(supervisor)

    # The volunteer's project now shows it as verified, with the comment, and the log says who did it.
    page.reload()
    verification = page.get_by_role("region", name="Verification")
    expect(verification.locator("strong")).to_have_text("Verified")
    expect(verification).to_contain_text(VERIFIER_COMMENT)
    expect(verification.get_by_role("button", name="Ask Maria Okafor to verify it")).to_have_count(0)
    assert_accessible(page)
    nav(page, "Mentoring")
    page.get_by_role("link", name="Who looked at what").click()
    expect(page.get_by_text("answered “Verified” for “Spring adoption day”")).to_be_visible()
    assert_accessible(page)
    # The project page showed the answer the notification announced: it no longer asks for attention.
    notifications = page.get_by_role("link", name="Notifications", exact=True)
    expect(notifications).to_be_visible()  # nothing unread
    notifications.click()
    expect(page.get_by_role("link", name=re.compile("answered “Verified” for your project “Spring adoption day”"))
           ).to_be_visible()

    # The same link a second time explains that it was already used.
    response = supervisor.goto(link)
    assert response is not None and response.status == 410
    expect(supervisor.get_by_role("heading", level=1)).to_have_text("This request is already answered")
    expect(supervisor.get_by_text("each link works once")).to_be_visible()
    expect(supervisor.get_by_role("button", name="Send my answer")).to_have_count(0)
    assert_accessible(supervisor)
