"""The order of a decision's choices: shuffled per play, the same on every visit of that play."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnpm.scenarios.core.play import debrief
from learnpm.scenarios.core.play.order import choice_order, new_seed

from ._support import play, sandbox

SEEDS = st.text(alphabet="0123456789abcdef", min_size=1, max_size=16)


def orders(seed: str) -> dict[str, tuple[str, ...]]:
    return {node.id: tuple(choice.id for choice in choice_order(node, seed)) for node in sandbox().decisions}


@settings(max_examples=50, deadline=None, database=None)
@given(seed=SEEDS)
def test_the_order_is_a_permutation_fixed_by_the_seed(seed: str) -> None:
    for node in sandbox().decisions:
        shown = choice_order(node, seed)
        assert sorted(c.id for c in shown) == sorted(c.id for c in node.choices)
        assert choice_order(node, seed) == shown  # a reload, a resume: the same order


@pytest.mark.parametrize(("seed", "other"), [("0", "1"), ("a1b2c3d4e5f60718", "a1b2c3d4e5f60719"), ("seed", "Seed")])
def test_two_seeds_give_two_different_days(seed: str, other: str) -> None:
    assert orders(seed) != orders(other)


def test_the_order_depends_on_the_node_too() -> None:
    three_choices = [node for node in sandbox().decisions if len(node.choices) == 3]
    patterns = {tuple(node.choices.index(c) for c in choice_order(node, "0")) for node in three_choices}
    assert len(patterns) > 1, "every decision of the play was shuffled the same way"


def test_fresh_seeds_differ_and_mostly_reorder_the_day() -> None:
    seeds = [new_seed() for _ in range(50)]
    assert len(set(seeds)) == 50
    assert len({tuple(orders(seed).items()) for seed in seeds}) > 40


def test_the_best_choice_is_not_always_shown_first() -> None:
    firsts = {choice_order(sandbox().nodes["standup"], str(seed))[0].quality for seed in range(30)}
    assert firsts == {"best", "poor"}


def test_the_debrief_lists_the_options_in_the_plays_order() -> None:
    state = play(sandbox(), "log-ticket", "ask-owner-and-date")
    entries = debrief.path(sandbox(), state, "7")
    assert [entry.options for entry in entries] == [choice_order(sandbox().nodes[n], "7") for n in ("standup", "vendor_call")]
    assert [o.id for o in debrief.path(sandbox(), state)[0].options] == [c.id for c in sandbox().nodes["standup"].choices]
