"""Paths and small helpers shared by the scenario-core tests (no Flask, no database)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from learnpm.scenarios.core.content.conditions import clock_minutes, parse_condition
from learnpm.scenarios.core.content.loader import load_competencies, load_scenario
from learnpm.scenarios.core.content.scenario import Event, Meter, Outcome, Scenario, WriteTask
from learnpm.scenarios.core.play import engine
from learnpm.scenarios.core.play.engine import PlayState
from learnpm.scenarios.core.play.writing import sample_text

REPOSITORY = Path(__file__).resolve().parents[3]
FIXTURES = REPOSITORY / "tests" / "fixtures" / "scenarios"
VALID_FILE = FIXTURES / "scenarios" / "vendor-sandbox-down.yaml"
BROKEN = FIXTURES / "broken"
CONTENT = REPOSITORY / "content"


@functools.cache
def fixture_competencies() -> frozenset[str]:
    """Return the ids of the fixtures' competency vocabulary."""
    return frozenset(load_competencies(FIXTURES / "competencies.yaml"))


@functools.cache
def sandbox() -> Scenario:
    """Return the valid fixture scenario, loaded through every static check."""
    return load_scenario(VALID_FILE, fixture_competencies())


def top_scores(task: WriteTask) -> dict[str, int]:
    """Score every criterion at its top level."""
    return {criterion.id: len(criterion.levels) - 1 for criterion in task.rubric}


def play(scenario: Scenario, *moves: str) -> PlayState:
    """Play from the start: a choice id per decision; "strong" or "weak" at a write task."""
    state = engine.start(scenario)
    for move in moves:
        state = make_move(scenario, state, move)
    return state


def make_move(scenario: Scenario, state: PlayState, move: str) -> PlayState:
    """Make one move; at a write task hand in the model answer ("strong") or filler that passes no check ("weak"),
    scored at the top of the rubric either way: the self-score changes nothing."""
    node = engine.current_node(scenario, state)
    if not isinstance(node, WriteTask):
        return engine.choose(scenario, state, move)
    return engine.submit_write(scenario, state, sample_text(node, move == "strong"), top_scores(node))


def with_events(scenario: Scenario, *events: Event) -> Scenario:
    """Return the scenario with its events replaced (indices follow the order given)."""
    return replace(scenario, events=tuple(replace(event, index=index) for index, event in enumerate(events)))


def event(
    at: str,
    when: str | None = None,
    node: str | None = None,
    effects: Mapping[str, int] | None = None,
    set_flags: tuple[str, ...] = (),
) -> Event:
    """Build an event the way the loader would."""
    outcome = Outcome(MappingProxyType(dict(effects or {})), set_flags)
    condition = parse_condition(when) if when else None
    return Event(0, clock_minutes(at), condition, node, outcome, None)


def with_meter_starts(scenario: Scenario, **starts: int) -> Scenario:
    """Return the scenario with some meters starting elsewhere."""
    meters = {key: Meter(key, meter.label, starts.get(key, meter.start)) for key, meter in scenario.meters.items()}
    return replace(scenario, meters=MappingProxyType(meters))


def defect_line(path: Path) -> int:
    """Return the line a broken fixture marks with '# defect'."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.rstrip().endswith("# defect"))
