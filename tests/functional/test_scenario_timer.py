"""The optional timer: off by default, one decision at a time, never on a message, and it can be turned off."""

from __future__ import annotations

import re

from learnpm.scenarios.models import Play
from tests.functional.support import SCENARIO_ID, choose, reach_the_write_task, start
from tests.support import csrf_token


def start_timed(client) -> int:
    token = csrf_token(client, f"/scenarios/{SCENARIO_ID}")
    response = client.post(f"/scenarios/{SCENARIO_ID}/start", data={"csrf_token": token, "mode": "coached",
                                                                    "timed": "y"})
    return int(re.search(r"/plays/(\d+)$", response.headers["Location"])[1])


def wait(client, play_id: int, **changes):
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    form = {"csrf_token": csrf_token(client, f"/plays/{play_id}"),
            "move": re.search(r'name="move" value="(\d+)"', page)[1],
            "clock": (re.search(r'name="clock" value="(\d+)"', page) or ["", "0"])[1], **changes}
    return client.post(f"/plays/{play_id}/wait", data=form, follow_redirects=True)


def test_days_are_untimed_unless_the_learner_asks(client, logged_in, session, scenario):
    intro = client.get(f"/scenarios/{SCENARIO_ID}").get_data(as_text=True)
    assert "Timed: make each decision within 90 seconds" in intro
    assert not re.search(r'<input[^>]*name="timed"[^>]*checked', intro)
    untimed = start(client)
    assert session.get(Play, untimed).decision_seconds is None
    assert 'id="timer"' not in client.get(f"/plays/{untimed}").get_data(as_text=True)
    timed = start_timed(client)
    assert session.get(Play, timed).decision_seconds == 90
    page = client.get(f"/plays/{timed}").get_data(as_text=True)
    assert 'data-seconds="90"' in page and "Give me more time" in page and "Turn the timer off" in page
    assert re.search(r'<section class="timer" id="timer"[^>]*hidden', page)  # without JavaScript, no timer


def test_a_decision_that_runs_out_moves_the_day_on_and_comes_back(client, logged_in, session, scenario):
    play_id = start_timed(client)
    page = wait(client, play_id).get_data(as_text=True)
    assert "Time ran out on that decision: the day moved on to 08:45 without you." in page
    assert "Priya, tech lead" in page and "5 h 15 min left today" in page and "Decision 1 of about" in page
    play_id = start_timed(client)
    choose(client, play_id, "log-ticket")
    choose(client, play_id, "ask-owner-and-date")  # 09:00; the sponsor pings at 09:15
    page = wait(client, play_id).get_data(as_text=True)
    assert "moved on to 09:15" in page and "Dana, sponsor" in page  # the interrupt wins


def test_a_stale_or_replayed_wait_changes_nothing(client, logged_in, session, scenario):
    play_id = start_timed(client)
    token = csrf_token(client, f"/plays/{play_id}")
    form = {"csrf_token": token, "move": 0, "clock": 8 * 60 + 30}
    client.post(f"/plays/{play_id}/wait", data=form)
    session.expire_all()
    after_first = session.get(Play, play_id).state
    replay = client.post(f"/plays/{play_id}/wait", data=form, follow_redirects=True)
    assert "out of date" in replay.get_data(as_text=True)
    for bad in ({"clock": "soon"}, {"move": "7"}, {"move": ""}):
        assert "out of date" in client.post(f"/plays/{play_id}/wait", data={**form, "clock": 525, **bad},
                                            follow_redirects=True).get_data(as_text=True)
    session.expire_all()
    assert session.get(Play, play_id).state == after_first


def test_an_untimed_day_or_a_message_never_runs_out(client, logged_in, session, scenario):
    play_id = start(client)
    assert "out of date" in wait(client, play_id, clock=510).get_data(as_text=True)
    timed = start_timed(client)
    reach_the_write_task(client, session, scenario, timed)
    page = client.get(f"/plays/{timed}").get_data(as_text=True)
    assert 'id="timer"' not in page
    session.expire_all()
    before = session.get(Play, timed).state
    assert "Only decisions are timed" in wait(client, timed, clock=before["clock"]).get_data(as_text=True)
    session.expire_all()
    assert session.get(Play, timed).state == before


def test_the_timer_can_be_turned_off_for_the_rest_of_the_day(client, logged_in, session, scenario):
    play_id = start_timed(client)
    page = client.post(f"/plays/{play_id}/timer-off", data={"csrf_token": csrf_token(client, f"/plays/{play_id}"),
                                                            "move": 0}, follow_redirects=True).get_data(as_text=True)
    assert "The timer is off for the rest of this day" in page and 'id="timer"' not in page
    session.expire_all()
    assert session.get(Play, play_id).decision_seconds is None
