"""Every shipped scenario, played any which way, reaches an ending within a bounded number of moves; the moves
scored as they are saved, a few at a time, are the day's moves scored at its end."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnpm.scenarios.core.content.loader import load_competencies, load_scenario, scenario_files
from learnpm.scenarios.core.content.scenario import Node, Scenario, WriteTask
from learnpm.scenarios.core.play import engine
from learnpm.scenarios.core.play.scoring import move_scores

from ._support import CONTENT, FIXTURES

MAX_MOVES = 200  # a real day takes 10 to 40 moves; far beyond that, a learner would be stuck
LONGEST_MOVE = 240  # minutes; the schema's limit for one choice or write task


def shipped_or_fixture_scenarios() -> tuple[Path, ...]:
    """Return the content's scenario files, or the fixtures' when the content has none yet."""
    return scenario_files(CONTENT) or scenario_files(FIXTURES)


def content_root(path: Path) -> Path:
    return path.parent.parent


@functools.cache
def loaded(path: Path) -> Scenario:
    """Load a scenario once for all of Hypothesis's examples."""
    return load_scenario(path)


@pytest.mark.parametrize("path", shipped_or_fixture_scenarios(), ids=lambda path: path.stem)
def test_the_scenario_passes_every_static_check(path: Path) -> None:
    competencies = load_competencies(content_root(path) / "competencies.yaml")
    load_scenario(path, frozenset(competencies))  # raises ContentError listing every error


@pytest.mark.parametrize("path", shipped_or_fixture_scenarios(), ids=lambda path: path.stem)
@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_play_reaches_an_ending(path: Path, data: st.DataObject) -> None:
    scenario = loaded(path)
    state, saved = engine.start(scenario), []
    for _ in range(MAX_MOVES):
        if state.finished:
            break
        node = engine.current_node(scenario, state)
        if isinstance(node, Node):
            state = engine.choose(scenario, state, data.draw(st.sampled_from([c.id for c in node.choices])))
        else:
            assert isinstance(node, WriteTask)
            levels = {c.id: data.draw(st.integers(0, len(c.levels) - 1)) for c in node.rubric}
            state = engine.submit_write(scenario, state, node.model_answer, levels)
        saved += move_scores(scenario, state, after=len(saved))  # as each save stores the moves it adds
    assert state.finished, f"still at '{state.node_id}' after {MAX_MOVES} moves"
    assert saved == move_scores(scenario, state)
    assert state.ending_id in {ending.id for ending in scenario.endings}
    assert state.clock <= scenario.day_end + LONGEST_MOVE
    for step in state.history:
        assert step.clock_after >= step.clock_before
        assert all(0 <= value <= 100 for value in step.meters_after.values())
