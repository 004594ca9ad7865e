"""Play a scenario every way (bounded) and at random (seeded) to see what learners can actually reach."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from learnpm.scenarios.core.content.scenario import Event, Node, Quality, Scenario, WriteTask
from learnpm.scenarios.core.play.engine import PlayError, PlayState, choose, current_node, hand_in, start
from learnpm.scenarios.core.play.writing import sample_text

DEFAULT_RUNS = 1000
DEFAULT_SEED = 2024
MAX_STATES = 20_000  # distinct play states explored before the enumeration gives up
GUIDED_LEAN = 0.8
MAX_STEPS = 500  # a play longer than this is stuck
StateKey = tuple[object, ...]


@dataclass(frozen=True)
class Simulation:
    """What exhaustive (bounded) and random play of one scenario found."""

    scenario_id: str
    path_count: int  # complete playthroughs; a lower bound when not exhaustive
    exhaustive: bool
    runs: int
    seed: int
    endings_by_runs: Mapping[str, int]  # ending id -> random runs that reached it
    endings_by_paths: frozenset[str]  # by the enumeration and by learners leaning to one quality
    meter_ranges: Mapping[str, tuple[int, int]]
    minutes: tuple[int, int, int]  # min, median, max minutes from the start of the day (random runs)
    fewest_decisions: int | None  # on any explored path
    overtime_runs: int  # random runs the end of the working day cut short
    never_avoided: tuple[int, ...]  # indices of deadline events that fired on every path explored
    failures: tuple[str, ...]

    @property
    def endings_reached(self) -> frozenset[str]:
        """Return the endings some playthrough reached."""
        return self.endings_by_paths | frozenset(self.endings_by_runs)


def is_deadline(event: Event) -> bool:
    """Return whether an event is a deadline: a penalty that fires unless the learner acted in time."""
    return event.when is not None and any(change < 0 for change in event.outcome.effects.values())


Move = tuple[str, bool]  # a choice id, or ("", strong?) for a written message scored strong or weak


def moves(scenario: Scenario, state: PlayState) -> list[Move]:
    """Return the moves open at the current node: each choice, or a strong and a weak written message."""
    node = current_node(scenario, state)
    if isinstance(node, Node):
        return [(choice.id, False) for choice in node.choices]
    if isinstance(node, WriteTask):
        return [("", True), ("", False)]
    return []


def play(scenario: Scenario, state: PlayState, move: Move) -> PlayState:
    """Make one move through the public engine (a message: the model answer, or filler of the fewest words)."""
    choice_id, strong = move
    node = current_node(scenario, state)
    if not isinstance(node, WriteTask):
        return choose(scenario, state, choice_id)
    return hand_in(scenario, state, sample_text(node, strong))


@dataclass
class _Findings:
    """What the playthroughs saw so far."""

    scenario: Scenario
    ranges: dict[str, tuple[int, int]] = field(default_factory=dict)
    avoided: set[int] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)

    def see(self, before: PlayState | None, state: PlayState) -> None:
        """Record meters, and the conditional events a move let pass without firing."""
        for name, value in state.meters.items():
            low, high = self.ranges.get(name, (value, value))
            self.ranges[name] = (min(low, value), max(high, value))
        new_steps = state.history[len(before.history) :] if before else state.history
        fired = {step.event_index for step in new_steps if step.kind == "event"}
        due = set(state.fired_events) - set(before.fired_events if before else ())
        self.avoided |= due - fired
        if state.finished:
            self.avoided |= {event.index for event in self.scenario.events} - set(state.fired_events)
        self._check_claims(state)

    def _check_claims(self, state: PlayState) -> None:
        """Fail when a node is shown without a flag its text relies on: that path makes the text untrue."""
        node = self.scenario.nodes[state.node_id]
        missing = sorted(node.relies_on - state.flags)
        if missing:
            path = " → ".join(step.choice_id or step.kind for step in state.history if step.kind != "event")
            self.fail(f"'{node.id}' relies on {', '.join(missing)}, but a playthrough reaches it without: "
                      f"{path or 'at the start'}")

    def fail(self, message: str) -> None:
        if message not in self.failures:
            self.failures.append(message)


class _Explorer:
    """Count complete paths depth first, sharing the count of play states reached more than once."""

    def __init__(self, scenario: Scenario, findings: _Findings, max_states: int) -> None:
        self.scenario = scenario
        self.findings = findings
        self.max_states = max_states
        self.memo: dict[StateKey, tuple[int, int | None]] = {}
        self.on_path: set[StateKey] = set()
        self.endings: set[str] = set()
        self.exhaustive = True

    def explore(self, state: PlayState, depth: int = 0) -> tuple[int, int | None]:
        """Return the number of complete paths from a state and the fewest decisions on them."""
        key = _key(state)
        if key in self.memo:
            return self.memo[key]
        if state.finished:
            self.endings.add(state.ending_id or "")
            return 1, 0
        if key in self.on_path or depth > MAX_STEPS or len(self.memo) >= self.max_states:
            self._give_up(key, state, depth)
            return 0, None
        self.on_path.add(key)
        result = self._explore_moves(state, depth)
        self.on_path.discard(key)
        self.memo[key] = result
        return result

    def _explore_moves(self, state: PlayState, depth: int) -> tuple[int, int | None]:
        paths, fewest = 0, None
        decision = isinstance(current_node(self.scenario, state), Node)
        for move in moves(self.scenario, state):
            try:
                after = play(self.scenario, state, move)
            except PlayError as error:
                self.findings.fail(f"at '{state.node_id}': {error}")
                continue
            self.findings.see(state, after)
            count, decisions = self.explore(after, depth + 1)
            paths += count
            if decisions is not None:
                decisions += decision
                fewest = decisions if fewest is None else min(fewest, decisions)
        return paths, fewest

    def _give_up(self, key: StateKey, state: PlayState, depth: int) -> None:
        self.exhaustive = False
        if key in self.on_path:
            self.findings.fail(f"a play can return to '{state.node_id}' with nothing changed and loop forever")
        elif depth > MAX_STEPS:
            self.findings.fail(f"a play passes {MAX_STEPS} steps without ending (at '{state.node_id}')")


def _key(state: PlayState) -> StateKey:
    meters = tuple(sorted(state.meters.items()))
    return (state.node_id, state.clock, meters, state.flags, frozenset(state.fired_events), state.resume_to)


def _pick(scenario: Scenario, state: PlayState, rng: random.Random, leaning: Quality | None) -> Move:
    """Pick a move at random; a leaning learner takes choices of that quality four times in five."""
    options = moves(scenario, state)
    node = current_node(scenario, state)
    if leaning is None or rng.random() >= GUIDED_LEAN:
        return rng.choice(options)
    if isinstance(node, WriteTask):
        return ("", leaning != "poor")
    leaning_ids = [choice.id for choice in node.choices if choice.quality == leaning] if isinstance(node, Node) else []
    return (rng.choice(leaning_ids), False) if leaning_ids else rng.choice(options)


def _random_run(
    scenario: Scenario, rng: random.Random, findings: _Findings, leaning: Quality | None = None
) -> PlayState | None:
    state = start(scenario)
    findings.see(None, state)
    for _ in range(MAX_STEPS):
        if state.finished:
            return state
        before = state
        try:
            state = play(scenario, state, _pick(scenario, state, rng, leaning))
        except PlayError as error:
            findings.fail(f"at '{state.node_id}': {error}")
            return None
        findings.see(before, state)
    findings.fail(f"a random play did not end within {MAX_STEPS} steps")
    return None


def _guided_endings(scenario: Scenario, rng: random.Random, findings: _Findings, runs: int) -> frozenset[str]:
    """Play learners who lean to best, acceptable or poor choices: extreme endings are rare at random."""
    leanings: tuple[Quality, ...] = ("best", "acceptable", "poor")
    finals = [_random_run(scenario, rng, findings, leaning) for leaning in leanings for _ in range(runs)]
    return frozenset(state.ending_id for state in finals if state is not None and state.ending_id)


def simulate(
    scenario: Scenario, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED, max_states: int = MAX_STATES
) -> Simulation:
    """Enumerate paths (bounded) and play seeded random runs; deterministic for a given seed."""
    findings = _Findings(scenario)
    explorer = _Explorer(scenario, findings, max_states)
    first = start(scenario)
    findings.see(None, first)
    path_count, fewest = explorer.explore(first)
    rng = random.Random(seed)
    finals = [state for state in (_random_run(scenario, rng, findings) for _ in range(runs)) if state]
    guided = _guided_endings(scenario, rng, findings, runs // 4)
    played = [state.clock - scenario.day_start for state in finals] or [0]
    deadlines = [event.index for event in scenario.events if is_deadline(event)]
    return Simulation(
        scenario_id=scenario.id,
        path_count=path_count,
        exhaustive=explorer.exhaustive,
        runs=runs,
        seed=seed,
        endings_by_runs=MappingProxyType(dict(Counter(state.ending_id or "" for state in finals))),
        endings_by_paths=frozenset(explorer.endings) | guided,
        meter_ranges=MappingProxyType(dict(findings.ranges)),
        minutes=(min(played), int(statistics.median_low(played)), max(played)),
        fewest_decisions=fewest,
        overtime_runs=sum(1 for state in finals if state.clock > scenario.day_end),
        never_avoided=tuple(index for index in deadlines if index not in findings.avoided),
        failures=tuple(findings.failures),
    )
