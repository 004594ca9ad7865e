"""A project week through the site: each day starts where the day before left off, and the week tells its story."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from learnpm.scenarios.core.content.loader import load_library
from learnpm.scenarios.core.content.scenario import Node, WriteTask
from learnpm.scenarios.core.play import saves
from learnpm.scenarios.models import Play
from tests.functional.support import choose, write_and_score
from tests.support import AuthActions, csrf_token
from tests.unit.scenarios.tells_days import content_folder, week_days, write_week

NOTE = "The demo is at risk; please decide by Friday who owns the fix."


@pytest.fixture
def week_content(tmp_path, monkeypatch):
    monday, friday, week = week_days()
    folder = content_folder(tmp_path / "content", monday, friday)
    write_week(folder, week)
    monkeypatch.setenv("LEARNPM_CONTENT_DIR", str(folder))
    return load_library(folder)


def play_day(client, session, library, play_id: int, first: str) -> Play:
    """Play a day to its end: `first` at the first decision, then the best choice everywhere."""
    for _ in range(40):
        session.expire_all()
        play = session.get(Play, play_id)
        node = library.scenarios[play.scenario_id].nodes[play.node_id]
        if isinstance(node, WriteTask):
            write_and_score(client, play_id, node, text=NOTE)
        elif isinstance(node, Node):
            wanted = first if play.moves == 0 else next(c.id for c in node.choices if c.quality == "best")
            assert choose(client, play_id, wanted).status_code == 302
        else:
            return play
    pytest.fail("the day did not end")


def start_week(client) -> int:
    token = csrf_token(client, "/scenarios/weeks/promise-week")
    response = client.post("/scenarios/weeks/promise-week/start", data={"csrf_token": token, "mode": "coached"})
    assert response.status_code == 302
    return int(re.search(r"/plays/(\d+)$", response.headers["Location"])[1])


def next_day(client, play_id: int):
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    action = re.search(r'action="(/scenarios/weeks/runs/\d+/next)"', page)[1]
    return client.post(action, data={"csrf_token": csrf_token(client, f"/plays/{play_id}")})


def test_the_catalogue_and_the_week_page_show_the_week_and_its_days(client, logged_in, week_content):
    catalogue = client.get("/scenarios/").get_data(as_text=True)
    assert "Project weeks" in catalogue and "A promise kept" in catalogue
    page = client.get("/scenarios/weeks/promise-week").get_data(as_text=True)
    assert "Day week-monday" in page and "Day week-friday" in page and "Start the week" in page
    assert client.get("/scenarios/weeks/no-such-week").status_code == 404


def test_monday_s_choice_is_still_there_on_friday(client, logged_in, session, week_content):
    monday = play_day(client, session, week_content, start_week(client), first="best-1")
    assert monday.week_day == 1 and "Go on to Day week-friday" in client.get(f"/plays/{monday.id}").get_data(as_text=True)
    response = next_day(client, monday.id)
    friday_id = int(re.search(r"/plays/(\d+)$", response.headers["Location"])[1])
    session.expire_all()
    friday_start = saves.from_dict(week_content.scenarios["week-friday"], session.get(Play, friday_id).state)
    monday_end = saves.from_dict(week_content.scenarios["week-monday"], monday.state)
    assert friday_start.carried.meters == {"trust": monday_end.meters["trust"]}
    assert "promised" in friday_start.flags
    friday = play_day(client, session, week_content, friday_id, first="best-1")
    assert friday.ending_id == "promise_kept"
    story = client.get(f"/scenarios/weeks/runs/{friday.week_run_id}").get_data(as_text=True)
    assert "How your week went" in story and "Promised</strong>, from Day week-monday" in story
    assert "it shaped Day week-friday" in story


def test_without_monday_s_promise_friday_cannot_end_with_it(client, logged_in, session, week_content):
    monday = play_day(client, session, week_content, start_week(client), first="acceptable-1")
    friday_id = int(re.search(r"/plays/(\d+)$", next_day(client, monday.id).headers["Location"])[1])
    friday = play_day(client, session, week_content, friday_id, first="best-1")
    assert friday.ending_id != "promise_kept"
    story = client.get(f"/scenarios/weeks/runs/{friday.week_run_id}").get_data(as_text=True)
    assert "Nothing you did has carried over yet" in story


def test_the_next_day_waits_for_the_day_before_and_a_stranger_gets_404(app, client, logged_in, session,
                                                                       week_content, make_user):
    monday_id = start_week(client)
    run_id = session.scalar(select(Play.week_run_id).where(Play.id == monday_id))
    token = csrf_token(client, f"/scenarios/weeks/runs/{run_id}")
    refused = client.post(f"/scenarios/weeks/runs/{run_id}/next", data={"csrf_token": token})
    assert refused.status_code == 302 and session.scalar(select(Play.id).where(Play.week_day == 2)) is None
    stranger = app.test_client()
    AuthActions(stranger).login(make_user("stranger@example.org").email)
    assert stranger.get(f"/scenarios/weeks/runs/{run_id}").status_code == 404
