"""Where the learner is: the decision's number, about how many the day has, and the time left today."""

from __future__ import annotations

from dataclasses import replace

import pytest

from learnpm.scenarios.core.play import position as where
from learnpm.scenarios.core.play.position import Position, position, remaining_moves, shortest_to_an_ending, time_left

from ._support import play, sandbox

BEST_DAY = ("log-ticket", "ask-owner-and-date", "mock-service", "answer-now", "strong",
            "negotiate-dates", "log-with-owner", "reset-expectations", "next-steps")  # fmt: skip


def test_the_first_card_is_decision_one_of_a_typical_day() -> None:
    at_start = position(sandbox(), play(sandbox()))
    assert at_start.number == 1
    assert len(BEST_DAY) <= at_start.about <= len(BEST_DAY) + 3  # a random day loops on the vendor call a little


def test_each_move_counts_one_and_the_estimate_never_falls_below_it() -> None:
    for made in range(len(BEST_DAY)):
        here = position(sandbox(), play(sandbox(), *BEST_DAY[:made]))
        assert here.number == made + 1 and here.about >= here.number
    assert position(sandbox(), play(sandbox(), *BEST_DAY[:8])) == Position(9, 9)  # the wrap-up is the last one


def test_the_estimate_is_computed_once_per_version_of_the_scenario(monkeypatch) -> None:
    calls = []
    real = where._estimate
    monkeypatch.setattr(where, "_estimate", lambda scenario: calls.append(scenario.digest) or real(scenario))
    changed = replace(sandbox(), digest="another version")
    for _ in range(3):
        remaining_moves(sandbox())
        remaining_moves(changed)
    assert calls.count("another version") == 1 and calls.count(sandbox().digest) <= 1


def test_a_node_random_play_never_reached_falls_back_to_the_shortest_path() -> None:
    assert shortest_to_an_ending(sandbox(), "wrap_up") == 1
    assert shortest_to_an_ending(sandbox(), "standup") == 8  # writing counts as a move; the interrupt is not on the graph


@pytest.mark.parametrize(
    ("clock", "says"),
    [("08:30", "5 h 30 min left today"), ("11:20", "2 h 40 min left today"), ("13:00", "1 h left today"),
     ("13:15", "45 min left today"), ("14:00", "The working day is over"), ("15:10", "The working day is over")],
)
def test_time_left_today(clock: str, says: str) -> None:
    hours, minutes = map(int, clock.split(":"))
    assert time_left(sandbox(), replace(play(sandbox()), clock=60 * hours + minutes)) == says
