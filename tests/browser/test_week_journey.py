"""A learner plays a project week in the browser: Monday's choice is still there on Friday."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from learnpm.scenarios.core.content.loader import load_library
from learnpm.scenarios.core.content.scenario import Node, WriteTask
from learnpm.scenarios.models import Play
from tests.browser.support import assert_accessible
from tests.unit.scenarios.tells_days import content_folder, week_days, write_week

pytestmark = pytest.mark.browser
NOTE = "The demo is at risk; please decide by Friday who owns the fix."


@pytest.fixture
def library(tmp_path, monkeypatch):
    monday, friday, week = week_days()
    folder = content_folder(tmp_path / "content", monday, friday)
    write_week(folder, week)
    monkeypatch.setenv("LEARNPM_CONTENT_DIR", str(folder))
    return load_library(folder)


def current(app, library):
    with app.extensions["learnpm.sessionmaker"]() as session:
        play = session.query(Play).order_by(Play.id.desc()).first()
        return library.scenarios[play.scenario_id].nodes[play.node_id], play.moves


def play_the_day(page: Page, app, library, first: str) -> None:
    """Click through a day: `first` at its first decision, then the best choice; write the note when asked."""
    for _ in range(40):
        node, moves = current(app, library)
        if isinstance(node, WriteTask):
            page.get_by_label("Your message").fill(NOTE)
            page.get_by_role("button", name="Next: score my message").click()
            for criterion in node.rubric:
                page.get_by_role("group", name=criterion.criterion).get_by_role("radio").last.check()
            page.get_by_role("button", name=re.compile("^Score it")).click()
        elif isinstance(node, Node):
            choice = node.choice(first) if moves == 0 else next(c for c in node.choices if c.quality == "best")
            page.get_by_role("button", name=re.compile(re.escape(choice.text))).click()
            expect(page.get_by_text(f"You chose: “{choice.text}”")).to_be_visible()
        else:
            return
    pytest.fail("the day did not end")


def test_a_learner_plays_a_week_and_monday_s_promise_shapes_friday(page: Page, live_server, app, make_user,
                                                                   library):
    user = make_user("week@example.org")
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("a quiet harbour at dawn")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/scenarios/")
    expect(page.get_by_role("heading", name="Project weeks")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="A promise kept").click()
    expect(page.get_by_role("heading", name="The days")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start the week").click()

    play_the_day(page, app, library, first="best-1")
    expect(page.get_by_text("The day is over")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Go on to Day week-friday").click()
    expect(page.get_by_text("A promise kept · day 2 of 2")).to_be_visible()
    play_the_day(page, app, library, first="best-1")
    expect(page.get_by_text("The date you promised on Monday held.")).to_be_visible()

    page.get_by_role("link", name="See how your week went").click()
    expect(page.get_by_role("heading", name="How your week went")).to_be_visible()
    expect(page.locator(".carried-facts")).to_contain_text("Promised, from Day week-monday: it shaped Day week-friday")
    assert_accessible(page)
