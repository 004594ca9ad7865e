"""Play a scenario: immutable play states, moved on by choices and written messages. Deterministic."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal

from learnpm.scenarios.core.content.scenario import (
    END,
    RESUME,
    AnyNode,
    Carried,
    Ending,
    Event,
    Node,
    Outcome,
    Scenario,
    WriteTask,
)
from learnpm.scenarios.core.play.writing import is_strong, score_problem

__all__ = ["is_strong", "score_problem"]  # how a message is judged, where callers of the engine expect it

METER_MIN, METER_MAX = 0, 100
MOVE_KINDS = ("choice", "write")  # the steps a learner makes; a wait is time passing, an event the world moving
WAIT_MINUTES = 15  # how far the clock moves when a timed decision runs out, unless an event falls due sooner


class PlayError(ValueError):
    """A move the current play does not allow."""


class ChoiceError(PlayError):
    """A choice that is unknown, not on the current node, or made where a text is expected."""


class WriteError(PlayError):
    """A text or self-score that does not fit the write task; the message can be shown at the field."""


class SaveError(PlayError):
    """Saved play data that does not fit the scenario (tampered, truncated or from elsewhere)."""


class StaleSaveError(SaveError):
    """A save made against an earlier version of the scenario's structure."""


@dataclass(frozen=True)
class Step:
    """One thing that happened: a choice, a written message (its text, never the learner's self-scores), a timed
    decision left to run out, or an event firing."""

    kind: Literal["choice", "write", "wait", "event"]
    node_id: str | None  # where it happened; for an event, the node it showed (or None)
    clock_before: int
    clock_after: int
    meters_after: Mapping[str, int]
    choice_id: str | None = None
    strong: bool | None = None
    event_index: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class PlayState:
    """Where a learner is in a scenario; every move returns a new state."""

    scenario_id: str
    digest: str
    node_id: str
    clock: int
    meters: Mapping[str, int]
    flags: frozenset[str]
    fired_events: tuple[int, ...]  # events already due, in order, whether their `when` held or not
    resume_to: str | None  # where `next: resume` goes: a node id or END
    history: tuple[Step, ...]
    ending_id: str | None
    carried: Carried | None = None  # what the day before, in a week, left this day to start from

    @property
    def finished(self) -> bool:
        """Return whether the day has reached an ending."""
        return self.ending_id is not None


def start(scenario: Scenario, carried: Carried | None = None) -> PlayState:
    """Begin a play at the start of the day (events due at that time fire first).

    In a week, `carried` holds the meters and flags the day before ended with; the day starts from them.
    """
    meters = {key: meter.start for key, meter in scenario.meters.items()}
    if carried is not None:
        meters |= {key: value for key, value in carried.meters.items() if key in meters}
    state = PlayState(
        scenario_id=scenario.id,
        digest=scenario.digest,
        node_id=scenario.start,
        clock=scenario.day_start,
        meters=MappingProxyType(meters),
        flags=frozenset(carried.flags & frozenset(scenario.flags)) if carried else frozenset(),
        fired_events=(),
        resume_to=None,
        history=(),
        ending_id=None,
        carried=carried,
    )
    return _advance(scenario, state, scenario.start)


def current_node(scenario: Scenario, state: PlayState) -> AnyNode:
    """Return the node the learner sees now (an ending once the play is finished)."""
    _check_belongs(scenario, state)
    return scenario.nodes[state.node_id]


def choose(scenario: Scenario, state: PlayState, choice_id: str) -> PlayState:
    """Take a choice at the current decision and move on."""
    node = _node_in_play(scenario, state)
    if not isinstance(node, Node):
        raise ChoiceError(f"'{node.id}' asks for a written message, not a choice")
    choice = node.choice(choice_id)
    if choice is None:
        raise ChoiceError(_misplaced_choice(scenario, node, choice_id))
    moved = _apply(state, choice.outcome, choice.minutes)
    step = Step("choice", node.id, state.clock, moved.clock, moved.meters, choice_id=choice.id)
    return _advance(scenario, replace(moved, history=(*moved.history, step)), _target(moved, choice.next))


def submit_write(scenario: Scenario, state: PlayState, text: str, self_scores: Mapping[str, int]) -> PlayState:
    """Hand in a written message with the learner's own rubric scores, then move on.

    The self-scores are checked for shape and kept by the caller as self-assessment: only the text moves the story.
    """
    task = _write_in_play(scenario, state)
    fault = score_problem(task, self_scores)
    if fault is not None:
        raise WriteError(f"Rubric: {fault}.")
    return hand_in(scenario, state, text)


def hand_in(scenario: Scenario, state: PlayState, text: str) -> PlayState:
    """Hand in a written message without self-scores (replays and simulated plays), then move on."""
    task = _write_in_play(scenario, state)
    fault = task.word_limit_problem(text)
    if fault is not None:
        raise WriteError(f"Your message has {fault}.")
    strong = is_strong(task, text)
    moved = _apply(state, task.strong if strong else task.weak, task.minutes)
    step = Step("write", task.id, state.clock, moved.clock, moved.meters, strong=strong, text=text)
    return _advance(scenario, replace(moved, history=(*moved.history, step)), _target(moved, task.next))


def wait(scenario: Scenario, state: PlayState) -> PlayState:
    """Let a timed decision run out: the clock moves to the next event due (15 minutes at most), what fell due
    fires, and the same decision comes back, unless an interrupt comes first or the working day is over."""
    node = _node_in_play(scenario, state)
    if not isinstance(node, Node):
        raise ChoiceError(f"'{node.id}' asks for a written message, and only decisions are timed")
    due = [event.at for event in scenario.events if event.index not in state.fired_events and event.at > state.clock]
    clock = min([state.clock + WAIT_MINUTES, *due])
    step = Step("wait", node.id, state.clock, clock, state.meters)
    moved = replace(state, clock=clock, history=(*state.history, step))
    if state.resume_to is not None and clock <= scenario.day_end:
        return moved  # an interrupt keeps its place: what fell due fires after the learner's next move
    return _advance(scenario, moved, node.id if state.resume_to is None else END)


def ending_for(scenario: Scenario, meters: Mapping[str, int], flags: frozenset[str], clock: int) -> Ending:
    """Return the first ending, in file order, whose `when` holds."""
    for ending in scenario.endings:
        if ending.when is None or ending.when.evaluate(meters, flags, clock):
            return ending
    raise PlayError(f"no ending of '{scenario.id}' fits; the last ending needs no `when`")


def _check_belongs(scenario: Scenario, state: PlayState) -> None:
    if state.scenario_id != scenario.id or state.node_id not in scenario.nodes:
        raise PlayError(f"this play belongs to '{state.scenario_id}', not '{scenario.id}'")


def _node_in_play(scenario: Scenario, state: PlayState) -> AnyNode:
    node = current_node(scenario, state)
    if state.finished:
        raise PlayError(f"the day is over: it ended with '{state.ending_id}'")
    return node


def _write_in_play(scenario: Scenario, state: PlayState) -> WriteTask:
    node = _node_in_play(scenario, state)
    if not isinstance(node, WriteTask):
        raise WriteError(f"'{node.id}' asks for a choice, not a written message")
    return node


def _misplaced_choice(scenario: Scenario, node: Node, choice_id: str) -> str:
    for other in scenario.decisions:
        if other.choice(choice_id) is not None:
            return f"choice '{choice_id}' belongs to '{other.id}', not to the current node '{node.id}'"
    return f"'{node.id}' has no choice '{choice_id}' (it has: {', '.join(c.id for c in node.choices)})"


def _apply(state: PlayState, outcome: Outcome, minutes: int) -> PlayState:
    """Apply effects (clamped to 0..100), set then clear flags, and move the clock."""
    meters = {
        name: max(METER_MIN, min(METER_MAX, value + outcome.effects.get(name, 0)))
        for name, value in state.meters.items()
    }
    flags = (state.flags | set(outcome.set_flags)) - set(outcome.clear_flags)
    return replace(state, meters=MappingProxyType(meters), flags=flags, clock=state.clock + minutes)


def _target(state: PlayState, next_id: str) -> str:
    if next_id != RESUME:
        return next_id
    if state.resume_to is None:
        raise PlayError("nothing to resume: this node was not shown by an event")
    return state.resume_to


def _advance(scenario: Scenario, state: PlayState, target: str) -> PlayState:
    """Fire the events that fell due, then show an interrupt, the target or the ending."""
    if state.clock > scenario.day_end and not isinstance(scenario.nodes.get(target), Ending):
        target = END  # the working day is over: the day ends with what the learner has done
    for event in scenario.events_in_time_order:
        if event.at > state.clock:
            break
        if event.index in state.fired_events:
            continue
        state, shown = _fire(state, event)
        if shown is not None and isinstance(scenario.nodes.get(shown), Ending):
            return _arrive(scenario, state, shown)
        if shown is not None:
            return replace(state, node_id=shown, resume_to=target)
    return _arrive(scenario, state, target)


def _fire(state: PlayState, event: Event) -> tuple[PlayState, str | None]:
    """Mark an event as due and apply it if its `when` holds; return the state and the node it shows."""
    state = replace(state, fired_events=(*state.fired_events, event.index))
    if event.when is not None and not event.when.evaluate(state.meters, state.flags, state.clock):
        return state, None
    state = _apply(state, event.outcome, 0)
    step = Step("event", event.node, state.clock, state.clock, state.meters, event_index=event.index)
    return replace(state, history=(*state.history, step)), event.node


def _arrive(scenario: Scenario, state: PlayState, target: str) -> PlayState:
    if target == END:
        target = ending_for(scenario, state.meters, state.flags, state.clock).id
    ending_id = target if isinstance(scenario.nodes[target], Ending) else None
    return replace(state, node_id=target, resume_to=None, ending_id=ending_id)
