"""Play a scenario: immutable play states, moved on by choices and written messages. Deterministic."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Literal

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
SAVE_FORMAT = 1
MAX_SAVED_STEPS = 1000  # far beyond any real day; refuses saves built to make replay slow


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
    """One thing that happened: a choice, a written message (its text, never the learner's self-scores) or an event
    firing."""

    kind: Literal["choice", "write", "event"]
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


def to_dict(state: PlayState) -> dict[str, Any]:
    """Return the state as JSON-safe data, for saving and coming back later."""
    return {
        "format": SAVE_FORMAT,
        "scenario": state.scenario_id,
        "digest": state.digest,
        "node": state.node_id,
        "clock": state.clock,
        "meters": dict(state.meters),
        "flags": sorted(state.flags),
        "fired_events": list(state.fired_events),
        "resume_to": state.resume_to,
        "ending": state.ending_id,
        "history": [_step_to_dict(step) for step in state.history],
    } | ({"carried": {"meters": dict(state.carried.meters), "flags": sorted(state.carried.flags)}}
         if state.carried is not None else {})


def _step_to_dict(step: Step) -> dict[str, Any]:
    saved = {
        "kind": step.kind,
        "node": step.node_id,
        "clock_before": step.clock_before,
        "clock_after": step.clock_after,
        "meters": dict(step.meters_after),
        "choice": step.choice_id,
        "strong": step.strong,
        "event": step.event_index,
    }
    return {**saved, "text": step.text} if step.kind == "write" else saved


def from_dict(scenario: Scenario, data: Any) -> PlayState:
    """Rebuild a saved play by replaying its steps; refuse data the replay does not reproduce exactly."""
    if not isinstance(data, Mapping) or data.get("format") != SAVE_FORMAT:
        raise SaveError("not a saved play this version can read")
    if data.get("scenario") != scenario.id:
        raise SaveError(f"this save belongs to '{data.get('scenario')}', not '{scenario.id}'")
    if data.get("digest") != scenario.digest:
        raise StaleSaveError(f"'{scenario.id}' has changed since this play was saved; start it again")
    history = data.get("history")
    if not isinstance(history, list) or len(history) > MAX_SAVED_STEPS:
        raise SaveError("the saved history is missing or too long")
    data = {**data, "history": [_without_empty_scores(step) for step in history]}
    state = _replay(scenario, data["history"], _saved_carried(data.get("carried")))
    replayed = to_dict(state)
    for key in sorted(replayed.keys() | data.keys()):
        if key not in data or key not in replayed or replayed[key] != data[key]:
            raise SaveError(f"saved '{key}' does not match what the saved steps lead to")
    return state


def _saved_carried(data: Any) -> Carried | None:
    """Return the carried start of a saved play, refusing anything that is not meters and flags."""
    if data is None:
        return None
    meters, flags = (data.get("meters"), data.get("flags")) if isinstance(data, Mapping) else (None, None)
    if not isinstance(meters, Mapping) or not isinstance(flags, list):
        raise SaveError("the saved start of this day is not meters and flags")
    if not all(isinstance(k, str) and type(v) is int and METER_MIN <= v <= METER_MAX for k, v in meters.items()):
        raise SaveError("a saved meter is not a whole number from 0 to 100")
    if not all(isinstance(flag, str) for flag in flags):
        raise SaveError("a saved flag is not a name")
    return Carried(MappingProxyType(dict(meters)), frozenset(flags))


def _replay(scenario: Scenario, history: list[Any], carried: Carried | None = None) -> PlayState:
    state = start(scenario, carried)
    for number, step in enumerate(history, start=1):
        kind = step.get("kind") if isinstance(step, Mapping) else None
        try:
            if kind == "choice":
                state = choose(scenario, state, str(step.get("choice")))
            elif kind == "write":
                state = hand_in(scenario, state, _saved_text(step))
            elif kind != "event":  # events are not moves: the replay fires them itself
                raise SaveError(f"unknown kind of step {kind!r}")
        except StaleSaveError:
            raise
        except PlayError as error:
            raise SaveError(f"saved step {number} does not fit '{scenario.id}': {error}") from None
    return state


def _without_empty_scores(step: Any) -> Any:
    """Drop the empty "scores" of a step saved before self-scores left the play's state (they were always None
    outside write steps, and a write step of then has no text, so it is stale anyway)."""
    if isinstance(step, Mapping) and "scores" in step and step["scores"] is None and step.get("kind") != "write":
        return {key: value for key, value in step.items() if key != "scores"}
    return step


def _saved_text(step: Mapping[str, Any]) -> str:
    text = step.get("text")
    if "text" not in step and "scores" in step:
        raise StaleSaveError("this play was saved before written messages were kept with it; start it again")
    if not isinstance(text, str):
        raise SaveError("a saved write step has no text")
    return text
