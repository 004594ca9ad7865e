"""Where a learner is in a day: the decision they are at, about how many a day takes, and the time left.

The estimate of what is still to come is the median, over seeded random playthroughs, of the moves that followed
a visit to the node; it depends on the scenario's structure alone, so it is computed once per digest.
"""

from __future__ import annotations

import random
import statistics
import threading
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass

from learnpm.scenarios.core.content.scenario import END, RESUME, Ending, Node, Scenario, WriteTask
from learnpm.scenarios.core.play import engine
from learnpm.scenarios.core.play.engine import PlayState
from learnpm.scenarios.core.play.writing import sample_text

RUNS = 60
MAX_MOVES = 200  # far beyond a real day; a playthrough never runs longer
_lock = threading.Lock()
_remaining: dict[tuple[str, str], Mapping[str, int]] = {}


@dataclass(frozen=True)
class Position:
    """The decision the learner is at, and about how many the whole day takes."""

    number: int
    about: int


def position(scenario: Scenario, state: PlayState) -> Position:
    """Return the number of the current decision and the estimated number in the whole day."""
    made = sum(1 for step in state.history if step.kind in engine.MOVE_KINDS)
    to_come = remaining_moves(scenario).get(state.node_id)
    if to_come is None:
        to_come = shortest_to_an_ending(scenario, state.node_id)
    return Position(made + 1, max(made + 1, made + to_come))


def time_left(scenario: Scenario, state: PlayState) -> str:
    """Return the time left in the working day, as "2 h 40 min left today"."""
    minutes = max(0, scenario.day_end - state.clock)
    hours, rest = divmod(minutes, 60)
    if not minutes:
        return "The working day is over"
    parts = ([f"{hours} h"] if hours else []) + ([f"{rest} min"] if rest else [])
    return f"{' '.join(parts)} left today"


def remaining_moves(scenario: Scenario) -> Mapping[str, int]:
    """Return, per node, the median number of moves from a visit to it to the end of the day (that one included)."""
    key = (scenario.id, scenario.digest)
    if key not in _remaining:
        estimate = _estimate(scenario)
        with _lock:
            _remaining[key] = estimate
    return _remaining[key]


def _estimate(scenario: Scenario) -> Mapping[str, int]:
    counts: dict[str, list[int]] = defaultdict(list)
    for run in range(RUNS):
        visited = _random_day(scenario, random.Random(f"{scenario.digest}:{run}"))
        for index, node_id in enumerate(visited):
            counts[node_id].append(len(visited) - index)
    return {node_id: round(statistics.median(values)) for node_id, values in counts.items()}


def _random_day(scenario: Scenario, rng: random.Random) -> list[str]:
    """Play the day with random choices and messages; return the node of every move."""
    state, visited = engine.start(scenario), []
    while not state.finished and len(visited) < MAX_MOVES:
        node = engine.current_node(scenario, state)
        visited.append(node.id)
        if isinstance(node, WriteTask):
            state = engine.hand_in(scenario, state, sample_text(node, strong=rng.random() < 0.5))
        else:
            assert isinstance(node, Node)
            state = engine.choose(scenario, state, rng.choice(node.choices).id)
    return visited


def shortest_to_an_ending(scenario: Scenario, node_id: str) -> int:
    """Return the fewest moves from this node to an ending, following the graph (the node's own move included)."""
    seen, queue = {node_id}, deque([(node_id, 0)])
    while queue:
        current, moves = queue.popleft()
        node = scenario.nodes.get(current)
        if node is None or isinstance(node, Ending):
            return moves
        targets = [c.next for c in node.choices] if isinstance(node, Node) else [node.next]
        for target in targets:
            if target in (END, RESUME):
                return moves + 1
            if target not in seen:
                seen.add(target)
                queue.append((target, moves + 1))
    return 1
