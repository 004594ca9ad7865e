"""A learner plays a whole day with the keyboard alone, writes and scores a message, and reads the debrief."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from learnpm.scenarios.core.content.loader import load_library
from learnpm.scenarios.core.content.scenario import Node, WriteTask
from learnpm.scenarios.models import Play
from tests.browser.support import assert_accessible

pytestmark = pytest.mark.browser
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
MESSAGE = (
    "Dana, the vendor sandbox has been down since last night and two developers cannot test. "
    "Thursday's demo is at risk unless the fix lands by Wednesday noon. Sam at the vendor owns the fix "
    "and I have logged a priority ticket. Options: demo on our mock service, or move the demo by a week. "
    "Please tell me which you prefer by tomorrow 10:00."
)


@pytest.fixture
def scenario(monkeypatch):
    monkeypatch.setenv("LEARNPM_CONTENT_DIR", str(FIXTURES))
    return load_library(FIXTURES).scenarios["vendor-sandbox-down"]


def tab_to(page: Page, target: Locator, limit: int = 120) -> None:
    """Press Tab until `target` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"Tab never reached {target}")


def log_in_with_keyboard(page: Page, base: str, email: str, password: str) -> None:
    page.goto(base + "/login")
    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def current_node(app, scenario):
    with app.extensions["learnpm.sessionmaker"]() as session:
        play = session.query(Play).order_by(Play.id.desc()).first()
        return scenario.nodes[play.node_id]


def write_and_score_with_keyboard(page: Page, task: WriteTask) -> None:
    box = page.get_by_label("Your message")
    tab_to(page, box)
    page.keyboard.type(MESSAGE)
    expect(page.locator("#word-count")).to_contain_text("within the limits")
    assert_accessible(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Score your own message")).to_be_visible()
    assert_accessible(page)
    for criterion in task.rubric:
        group = page.get_by_role("group", name=criterion.criterion)
        tab_to(page, group.get_by_role("radio").first)
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        expect(group.get_by_role("radio").last).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Score it and see the model answer"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The model answer")).to_be_visible()


def test_a_learner_plays_a_day_by_keyboard_and_reads_the_debrief(page: Page, live_server, app, make_user, scenario):
    user = make_user("keys@example.org")
    log_in_with_keyboard(page, live_server, user.email, "a quiet harbour at dawn")

    tab_to(page, page.get_by_role("link", name="Scenarios"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Day-in-the-life scenarios")
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name=scenario.title))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your role today")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Start the day"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("What do you do?")).to_be_visible()
    assert_accessible(page)

    wrote = False
    for _ in range(40):
        node = current_node(app, scenario)
        if isinstance(node, WriteTask):
            write_and_score_with_keyboard(page, node)
            wrote = True
        elif isinstance(node, Node):
            choice = next(c for c in node.choices if c.quality == "best")
            tab_to(page, page.get_by_role("button", name=choice.text))
            page.keyboard.press("Enter")
            expect(page.get_by_text(f"You chose: “{choice.text}”")).to_be_visible()
        else:
            break
    assert wrote, "the day had no write task"
    expect(page.get_by_text("The day is over")).to_be_visible()
    assert_accessible(page)

    tab_to(page, page.get_by_role("link", name="Read the debrief"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your day, move by move")).to_be_visible()
    expect(page.locator("svg.chart")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server + "/scenarios/progress")
    expect(page.get_by_role("heading", name="Score per competency, across all attempts")).to_be_visible()
    assert_accessible(page)


def test_mentor_pages_of_a_scenario_are_accessible(page: Page, live_server, make_user, scenario):
    mentor = make_user("mentor-a11y@example.org", roles=("learner", "mentor"))
    log_in_with_keyboard(page, live_server, mentor.email, "a quiet harbour at dawn")
    page.goto(f"{live_server}/scenarios/{scenario.id}/analytics")
    expect(page.get_by_role("heading", level=1)).to_contain_text("How learners play")
    assert_accessible(page)
    page.goto(f"{live_server}/scenarios/{scenario.id}/map")
    expect(page.get_by_role("img", name="Graph of the scenario's nodes and choices")).to_be_visible()
    assert_accessible(page)
    for path in ("/mentoring/", "/mentoring/join", "/dashboard"):
        page.goto(live_server + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)


VERDICTS = ("Best choice", "Acceptable", "Poor choice", "A seasoned PM would rather")


def choice_values(page: Page) -> list[str]:
    """Return the ids of the choices on the card, in the order shown."""
    return page.locator("form.choices button.choice").evaluate_all("buttons => buttons.map(b => b.value)")


def start_on_the_job_with_keyboard(page: Page, base: str, scenario) -> None:
    page.goto(f"{base}/scenarios/{scenario.id}")
    expect(page.get_by_role("group", name="How do you want to play?")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("radio", name="Coached"))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="On the job")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Start the day"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("What do you do?")).to_be_visible()


def write_and_send_with_keyboard(page: Page, task: WriteTask) -> None:
    tab_to(page, page.get_by_label("Your message"))
    page.keyboard.type(MESSAGE)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Score your own message")).to_be_visible()
    for criterion in task.rubric:
        group = page.get_by_role("group", name=criterion.criterion)
        tab_to(page, group.get_by_role("radio").first)
        page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Score it and send it"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your message is sent")).to_be_visible()


def test_a_learner_plays_on_the_job_by_keyboard_and_sees_verdicts_only_in_the_debrief(
        page: Page, live_server, app, make_user, scenario):
    user = make_user("on-the-job@example.org")
    log_in_with_keyboard(page, live_server, user.email, "a quiet harbour at dawn")
    start_on_the_job_with_keyboard(page, live_server, scenario)
    assert_accessible(page)
    for _ in range(40):
        node = current_node(app, scenario)
        if isinstance(node, WriteTask):
            write_and_send_with_keyboard(page, node)
        elif isinstance(node, Node):
            expect(page.locator("#choice-keys")).to_be_visible()  # the script offers the keys
            best = next(c for c in node.choices if c.quality == "best")
            page.keyboard.press(str(choice_values(page).index(best.id) + 1))
            expect(page.get_by_text(f"You chose: “{best.text}”")).to_be_visible()
            main = page.locator("main").inner_text()
            assert not [verdict for verdict in VERDICTS if verdict in main], main
            assert best.feedback not in main
        else:
            break
    expect(page.get_by_text("The day is over")).to_be_visible()
    tab_to(page, page.get_by_role("link", name="Read the debrief"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your day, move by move")).to_be_visible()
    expect(page.get_by_text("Best choice").first).to_be_visible()
    expect(page.get_by_role("heading", name="The model answer")).to_be_visible()
    assert_accessible(page)


def test_two_plays_of_one_day_show_the_choices_in_different_orders(page: Page, live_server, make_user, scenario,
                                                                    monkeypatch):
    seeds = ["0", "1"]  # two seeds whose first cards differ
    monkeypatch.setattr("learnpm.scenarios.queries.new_seed", lambda: seeds.pop(0))
    user = make_user("two-plays@example.org")
    log_in_with_keyboard(page, live_server, user.email, "a quiet harbour at dawn")
    orders = []
    for _ in range(2):
        page.goto(f"{live_server}/scenarios/{scenario.id}")
        page.get_by_role("button", name="Start").click()
        expect(page.get_by_text("What do you do?")).to_be_visible()
        orders.append(choice_values(page))
        page.reload()
        assert choice_values(page) == orders[-1]  # a reload keeps the order
    assert sorted(orders[0]) == sorted(orders[1]) and orders[0] != orders[1]


def test_a_timed_decision_can_be_given_more_time_and_still_waits(page: Page, live_server, app, make_user, scenario):
    user = make_user("timed@example.org")
    log_in_with_keyboard(page, live_server, user.email, "a quiet harbour at dawn")
    page.clock.install()
    page.goto(f"{live_server}/scenarios/{scenario.id}")
    page.get_by_label("Timed: make each decision within 90 seconds").check()
    page.get_by_role("button", name="Start the day").click()
    timer = page.get_by_role("timer")
    expect(timer).to_have_text(re.compile(r"^1:[23]\d$"))
    assert_accessible(page)
    page.clock.run_for(60_000)
    expect(timer).to_have_text(re.compile(r"^0:[0-3]\d$"))
    page.get_by_role("button", name="Give me more time").click()
    expect(timer).to_have_text(re.compile(r"^(1:[3-5]\d|2:00)$"))  # 90 seconds more
    page.clock.run_for(60_000)  # past the first 90 seconds
    expect(timer).to_have_text(re.compile(r"^(0:[3-5]\d|1:00)$"))
    expect(page.get_by_text("What do you do?")).to_be_visible()
    assert current_node(app, scenario).id == scenario.start
    with app.extensions["learnpm.sessionmaker"]() as session:
        assert session.query(Play).one().state["clock"] == scenario.day_start  # still waiting at 08:30
    page.clock.run_for(61_000)  # the extra time runs out too: the day moves on without the learner
    expect(page.get_by_text("Time ran out on that decision")).to_be_visible()
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^1:[23]\d$"))  # the same decision, time anew
    page.get_by_role("button", name="Turn the timer off").click()
    expect(page.get_by_text("The timer is off for the rest of this day")).to_be_visible()
    expect(page.get_by_role("timer")).to_have_count(0)
