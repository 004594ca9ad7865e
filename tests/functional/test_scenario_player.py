"""What the player shows as a day goes on: the play's own order of choices, the mode, where the learner is."""

from __future__ import annotations

import re

import pytest

from learnpm.scenarios.core.play.order import choice_order
from learnpm.scenarios.models import Play
from tests.functional.support import (
    GOOD_MESSAGE,
    SCENARIO_ID,
    accept,
    choose,
    invite,
    link_id,
    reach_the_write_task,
    share_answers,
    start,
    write_and_score,
)
from tests.support import csrf_token


def shown_choices(client, play_id: int) -> list[str]:
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    return re.findall(r'name="choice" value="([^"]+)"', page)


def numbered(client, play_id: int) -> list[str]:
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    return re.findall(r'<span class="choice-number">(\d)</span>', page)


def seeded(monkeypatch, *seeds: str) -> None:
    """Make the next plays start with these seeds, in turn."""
    queue = list(seeds)
    monkeypatch.setattr("learnpm.scenarios.queries.new_seed", lambda: queue.pop(0))


def test_the_card_lists_the_choices_in_the_plays_order_and_a_reload_keeps_it(client, logged_in, session, scenario):
    play_id = start(client)
    seed = session.get(Play, play_id).seed
    expected = [c.id for c in choice_order(scenario.nodes["standup"], seed)]
    assert shown_choices(client, play_id) == expected
    assert shown_choices(client, play_id) == expected  # a reload
    assert numbered(client, play_id) == ["1", "2", "3"]
    choose(client, play_id, "log-ticket")
    expected = [c.id for c in choice_order(scenario.nodes["vendor_call"], seed)]
    assert shown_choices(client, play_id) == expected


def test_two_plays_of_one_day_show_different_orders(client, logged_in, session, scenario, monkeypatch):
    seeded(monkeypatch, "0", "1")
    first, second = start(client), start(client)
    assert (session.get(Play, first).seed, session.get(Play, second).seed) == ("0", "1")
    assert shown_choices(client, first) != shown_choices(client, second)


def test_a_retried_decision_keeps_its_parents_order(client, logged_in, session, scenario):
    play_id = start(client)
    before = shown_choices(client, play_id)
    choose(client, play_id, "log-ticket")
    token = csrf_token(client, f"/plays/{play_id}/debrief")
    retry_id = int(client.post(f"/plays/{play_id}/retry/0", data={"csrf_token": token}).headers["Location"].rsplit("/", 1)[1])
    assert session.get(Play, retry_id).seed == session.get(Play, play_id).seed
    assert shown_choices(client, retry_id) == before


def test_the_debrief_shows_the_options_in_the_order_seen(client, logged_in, session, scenario):
    play_id = start(client)
    choose(client, play_id, "log-ticket")
    seed = session.get(Play, play_id).seed
    page = client.get(f"/plays/{play_id}/debrief").get_data(as_text=True)
    listed = re.search(r'<ol class="options-shown">(.*?)</ol>', page, re.S)[1]
    positions = [listed.index(c.text) for c in choice_order(scenario.nodes["standup"], seed)]
    assert positions == sorted(positions)


def start_in(client, mode: str):
    token = csrf_token(client, f"/scenarios/{SCENARIO_ID}")
    return client.post(f"/scenarios/{SCENARIO_ID}/start", data={"csrf_token": token, "mode": mode})


def play_id_of(response) -> int:
    return int(re.search(r"/plays/(\d+)$", response.headers["Location"])[1])


VERDICTS = ("Poor choice", "Best choice", "Waiting spends the hours", "A seasoned PM would rather")


def test_the_intro_offers_both_ways_to_play_and_the_attempt_keeps_the_one_chosen(client, logged_in, session, scenario):
    intro = client.get(f"/scenarios/{SCENARIO_ID}").get_data(as_text=True)
    assert "How do you want to play?" in intro and "Coached" in intro and "On the job" in intro
    assert re.search(r'<input[^>]*checked[^>]*value="coached"|<input[^>]*value="coached"[^>]*checked', intro)
    play_id = play_id_of(start_in(client, "on_the_job"))
    assert session.get(Play, play_id).mode == "on_the_job"
    assert session.get(Play, start(client)).mode == "coached"  # a form without a mode: the way it always was


@pytest.mark.parametrize("mode", ["expert", "", "coached' OR 1=1"])
def test_an_unknown_mode_is_refused_with_a_clear_message(client, logged_in, session, scenario, mode):
    response = start_in(client, mode)
    assert response.status_code == 422
    assert "Choose how you want to play: Coached or On the job." in response.get_data(as_text=True)
    assert session.query(Play).count() == 0


def test_on_the_job_shows_what_happens_but_no_verdict_until_the_debrief(client, logged_in, session, scenario):
    play_id = play_id_of(start_in(client, "on_the_job"))
    choose(client, play_id, "wait-and-see")
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    assert "Priya shrugs. The two developers go back to their inboxes." in page  # the reaction
    assert "Schedule health \u221210" in page and "Sam, vendor account manager" in page  # meters, the next card
    for verdict in VERDICTS:
        assert verdict not in page
    assert "quality-poor" not in page
    debrief = client.get(f"/plays/{play_id}/debrief").get_data(as_text=True)
    assert "Waiting spends the hours" in debrief and "Poor choice" in debrief and "Best here:" in debrief
    assert "Priya shrugs." in debrief and "Best choices all day" in debrief


def test_coached_shows_the_consequence_before_the_verdict(client, logged_in, session, scenario):
    play_id = play_id_of(start_in(client, "coached"))
    choose(client, play_id, "wait-and-see")
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    reaction, changes = page.index("Priya shrugs."), page.index("Schedule health \u221210")
    verdict, feedback = page.index("Poor choice"), page.index("Waiting spends the hours")
    assert reaction < changes < verdict < feedback
    assert "A seasoned PM would rather" in page


def test_a_retry_keeps_the_mode_and_progress_shows_each_attempts_mode(client, logged_in, session, scenario):
    job = play_id_of(start_in(client, "on_the_job"))
    choose(client, job, "log-ticket")
    play_id_of(start_in(client, "coached"))
    token = csrf_token(client, f"/plays/{job}/debrief")
    retry_id = int(client.post(f"/plays/{job}/retry/0", data={"csrf_token": token}).headers["Location"].rsplit("/", 1)[1])
    assert session.get(Play, retry_id).mode == "on_the_job"
    progress = client.get("/scenarios/progress").get_data(as_text=True)
    modes = re.findall(r'<td[^>]*class="mode">([^<]+)</td>', progress)
    assert sorted(modes) == ["Coached", "On the job", "On the job"]


def test_the_mentor_sees_each_attempts_mode(client, logged_in, session, scenario, mentor):
    link = link_id(accept(mentor, invite(client)))
    share_answers(client, link)
    play_id_of(start_in(client, "on_the_job"))
    page = mentor.get(f"/mentoring/mentees/{link}").get_data(as_text=True)
    assert re.findall(r'<td[^>]*class="mode">([^<]+)</td>', page) == ["On the job"]
    assert "/plays/" not in page  # the learner's own links are not the mentor's


def test_the_card_says_which_decision_this_is_and_the_time_left_today(client, logged_in, session, scenario):
    play_id = start(client)
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    first = re.search(r"Decision 1 of about (\d+)", page)
    assert first and int(first[1]) >= 9
    assert "5 h 30 min left today" in page  # 08:30 on a day that ends at 14:00
    choose(client, play_id, "log-ticket")
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    assert re.search(r"Decision 2 of about \d+", page) and "5 h 20 min left today" in page


def test_on_the_job_a_message_shows_its_consequence_and_waits_for_the_debrief(client, logged_in, session, scenario):
    play_id = play_id_of(start_in(client, "on_the_job"))
    task = reach_the_write_task(client, session, scenario, play_id)
    write_and_score(client, play_id, task, text=GOOD_MESSAGE)
    page = client.get(f"/plays/{play_id}").get_data(as_text=True)
    assert "Your message is sent" in page and "Sponsor trust +10" in page
    for coaching in ("The model answer", "Found:", "Missing:", "Self-assessed", "strong message"):
        assert coaching not in page
    debrief = client.get(f"/plays/{play_id}/debrief").get_data(as_text=True)
    assert "The model answer" in debrief and "Found:</strong> A specific ask" in debrief
    assert "passed every check" in debrief and "Self-assessed" in debrief
