"""What the player shows as a day goes on: the play's own order of choices, the mode, where the learner is."""

from __future__ import annotations

import re

from learnpm.scenarios.core.play.order import choice_order
from learnpm.scenarios.models import Play
from tests.functional.support import choose, start
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
