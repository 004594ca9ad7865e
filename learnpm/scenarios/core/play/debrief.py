"""The debrief of a play: the path with its feedback, the best path, the meters over the day. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass

from learnpm.scenarios.core.content.scenario import Choice, Ending, Node, Scenario, Signal, WriteTask
from learnpm.scenarios.core.play import engine
from learnpm.scenarios.core.play.engine import PlayState
from learnpm.scenarios.core.play.order import choice_order
from learnpm.scenarios.core.play.writing import sample_text, signal_checks

MAX_IDEAL_MOVES = 200
BEST_DAYS_KEPT = 512  # loaded scenarios whose best day is kept; far more than the content holds


@dataclass(frozen=True)
class PathEntry:
    """One move of the learner's day, next to what a seasoned PM would have done there."""

    move: int
    clock: int
    node: Node | WriteTask
    chosen: Choice | None
    best: tuple[Choice, ...]
    strong: bool | None
    options: tuple[Choice, ...] = ()  # the decision's choices in the order the play showed them
    text: str | None = None  # the message written, for a write task
    checks: tuple[tuple[Signal, bool], ...] = ()  # each of the task's checks, and whether the text passed it

    @property
    def missed_checks(self) -> int:
        """Return how many of the task's checks the text did not pass."""
        return sum(1 for _, passed in self.checks if not passed)


@dataclass(frozen=True)
class MeterPoint:
    """The meters at a moment of the day."""

    clock: int
    meters: dict[str, int]
    label: str


def path(scenario: Scenario, state: PlayState, seed: str | None = None) -> list[PathEntry]:
    """Return each move of the play with the choice made, the best choices, and the options in the play's order
    (in file order without a seed)."""
    moves = (step for step in state.history if step.kind in engine.MOVE_KINDS)
    return [_path_entry(scenario, step, number, seed) for number, step in enumerate(moves)]


def _path_entry(scenario: Scenario, step: engine.Step, number: int, seed: str | None) -> PathEntry:
    """Return one move of the play beside what a seasoned PM would have done there."""
    node = scenario.nodes[step.node_id or ""]
    assert isinstance(node, Node | WriteTask)
    chosen = node.choice(step.choice_id or "") if isinstance(node, Node) else None
    best = tuple(c for c in node.choices if c.quality == "best") if isinstance(node, Node) else ()
    checks = signal_checks(node, step.text or "") if isinstance(node, WriteTask) else ()
    return PathEntry(number, step.clock_before, node, chosen, best, step.strong, _options(node, seed), step.text,
                     checks)


def _options(node: Node | WriteTask, seed: str | None) -> tuple[Choice, ...]:
    if not isinstance(node, Node):
        return ()
    return node.choices if seed is None else choice_order(node, seed)


def meter_points(scenario: Scenario, state: PlayState) -> list[MeterPoint]:
    """Return the meters at the start and after every step, for the chart of the day."""
    points = [MeterPoint(scenario.day_start, {k: m.start for k, m in scenario.meters.items()}, "Start")]
    for step in state.history:
        label = {"event": "Event", "wait": "Time ran out"}.get(step.kind) or _node_label(scenario, step.node_id)
        points.append(MeterPoint(step.clock_after, dict(step.meters_after), label))
    return points


def _node_label(scenario: Scenario, node_id: str | None) -> str:
    """Return a short label for a node: who it came from, or its id."""
    node = scenario.nodes.get(node_id or "")
    sender = getattr(node, "sender", None)
    return sender or (node_id or "").replace("_", " ")


@dataclass(frozen=True)
class BestDay:
    """The day played a seasoned PM's way: its state at the end and each of its moves."""

    state: PlayState
    path: tuple[PathEntry, ...]


_best_days: dict[int, tuple[Scenario, BestDay]] = {}


def best_day(scenario: Scenario) -> BestDay:
    """Return the scenario's best day, worked out once per loaded scenario.

    Every debrief shows it and the catalogue counts its moves. A scenario is immutable, and content loaded again is a
    new object, so the day is kept by the object's identity (the object is kept with it, so the identity cannot be
    reused while the day is kept)."""
    known = _best_days.get(id(scenario))
    if known is not None and known[0] is scenario:
        return known[1]
    state = ideal_play(scenario)
    day = BestDay(state, tuple(path(scenario, state)))
    if len(_best_days) >= BEST_DAYS_KEPT:
        _best_days.clear()
    _best_days[id(scenario)] = (scenario, day)
    return day


def ideal_play(scenario: Scenario) -> PlayState:
    """Play the day taking a best choice everywhere and handing in the model answer of every message."""
    state = engine.start(scenario)
    for _ in range(MAX_IDEAL_MOVES):
        node = engine.current_node(scenario, state)
        if isinstance(node, Ending):
            return state
        if isinstance(node, WriteTask):
            state = engine.hand_in(scenario, state, sample_text(node, strong=True))
        else:
            state = engine.choose(scenario, state, _preferred(node).id)
    return state


def _preferred(node: Node) -> Choice:
    """Return the first best choice, else the first acceptable one, else the first."""
    for quality in ("best", "acceptable"):
        for choice in node.choices:
            if choice.quality == quality:
                return choice
    return node.choices[0]


def replay_moves(scenario: Scenario, state: PlayState, keep: int) -> PlayState:
    """Return the play as it stood before move number `keep` (0-based), to try that decision again."""
    rebuilt, made = engine.start(scenario), 0
    for step in state.history:
        if step.kind in engine.MOVE_KINDS and made == keep:
            break
        if step.kind == "choice":
            rebuilt = engine.choose(scenario, rebuilt, step.choice_id or "")
        elif step.kind == "write":
            rebuilt = engine.hand_in(scenario, rebuilt, step.text or "")
        elif step.kind == "wait":
            rebuilt = engine.wait(scenario, rebuilt)
        made += step.kind in engine.MOVE_KINDS
    return rebuilt


@dataclass(frozen=True)
class MoveFeedback:
    """What the learner sees right after a move: the explanation, the meter changes, what interrupted."""

    entry: PathEntry
    meter_changes: dict[str, int]
    events_after: int


def last_move(scenario: Scenario, state: PlayState) -> MoveFeedback | None:
    """Return the feedback on the play's latest move, or None before the first one and after a wait.

    Only the last move is looked at, so the feedback costs the same at the third move and the thirtieth."""
    moves = [index for index, step in enumerate(state.history) if step.kind != "event"]
    if not moves or state.history[moves[-1]].kind == "wait":
        return None  # no move yet, or the time ran out on the last decision: there is no move to explain
    last_index = moves[-1]
    number = sum(1 for step in state.history if step.kind in engine.MOVE_KINDS) - 1
    before = state.history[last_index - 1].meters_after if last_index else {k: m.start for k, m in scenario.meters.items()}
    changes = {name: state.meters[name] - before[name] for name in scenario.meters if state.meters[name] != before[name]}
    entry = _path_entry(scenario, state.history[last_index], number, None)
    return MoveFeedback(entry, changes, len(state.history) - 1 - last_index)
