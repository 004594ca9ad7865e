"""Finding moves in a debrief: by their words, or only the choices that were not the best, or the messages written."""

from __future__ import annotations

import re

import pytest

from learnpm.scenarios.core.content.scenario import Node, WriteTask
from tests.functional.support import choose, current_node, start, write_and_score

MOCK = "Ask Priya to stand up a mock of the vendor API so testing can go on."
CALL_BACK = "Say you will call back in half an hour for better news."


def play_a_day(client, session, scenario) -> int:
    """Play to the end: the best choice everywhere but once, at the vendor's call, answered with "call back"."""
    play_id, called_back = start(client), False
    for _ in range(60):
        node = current_node(session, scenario, play_id)
        if isinstance(node, WriteTask):
            write_and_score(client, play_id, node)
        elif isinstance(node, Node):
            pick = next((c for c in node.choices if c.text == CALL_BACK and not called_back), None) or next(
                c for c in node.choices if c.quality == "best")
            called_back = called_back or pick.text == CALL_BACK
            assert choose(client, play_id, pick.id).status_code == 302
        else:
            return play_id
    pytest.fail("the play did not reach an ending")


def moves_shown(page: str) -> list[str]:
    section = page.split('id="path-title"', 1)[1].split('id="compare-title"', 1)[0]
    return re.findall(r'<li class="panel path-entry"', section)


def test_a_find_keeps_the_moves_holding_its_words_whatever_their_case(client, logged_in, session, scenario):
    play_id = play_a_day(client, session, scenario)
    whole = client.get(f"/plays/{play_id}/debrief").get_data(as_text=True)
    total = len(moves_shown(whole))
    page = client.get(f"/plays/{play_id}/debrief?find=PRIYA+móck").get_data(as_text=True)
    assert len(moves_shown(page)) == 1 and MOCK in page.split('id="compare-title"')[0]
    assert f"1 of {total} moves holding “PRIYA móck”." in page
    assert MOCK in page.split('id="compare-title"')[1]  # the comparison still holds the whole day


def test_the_missed_choices_and_the_written_messages_can_be_shown_alone(client, logged_in, session, scenario):
    play_id = play_a_day(client, session, scenario)
    missed = client.get(f"/plays/{play_id}/debrief?show=missed").get_data(as_text=True)
    assert len(moves_shown(missed)) == 1 and CALL_BACK in missed.split('id="compare-title"')[0]
    written = client.get(f"/plays/{play_id}/debrief?show=written").get_data(as_text=True)
    assert len(moves_shown(written)) == 1 and "You wrote" in written


def test_a_find_without_a_match_says_so_and_offers_every_move(client, logged_in, session, scenario):
    play_id = play_a_day(client, session, scenario)
    page = client.get(f"/plays/{play_id}/debrief?find=zeppelin").get_data(as_text=True)
    assert moves_shown(page) == [] and "No move matches “zeppelin”." in page
    assert f'href="/plays/{play_id}/debrief#path-title">Show every move</a>' in page


@pytest.mark.parametrize("query", ["show=everything", "find=" + "%" * 400, "find=%00&show=", "show[]=missed"])
def test_odd_finds_show_every_move(client, logged_in, session, scenario, query):
    play_id = play_a_day(client, session, scenario)
    total = len(moves_shown(client.get(f"/plays/{play_id}/debrief").get_data(as_text=True)))
    response = client.get(f"/plays/{play_id}/debrief?{query}")
    assert response.status_code == 200
    assert len(moves_shown(response.get_data(as_text=True))) in (total, 0)
