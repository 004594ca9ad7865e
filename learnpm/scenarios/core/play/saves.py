"""Saving a play and coming back to it: JSON-safe data, rebuilt by replaying its steps. Deterministic."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from learnpm.scenarios.core.content.scenario import Carried, Scenario
from learnpm.scenarios.core.play.engine import (
    METER_MAX,
    METER_MIN,
    PlayError,
    PlayState,
    SaveError,
    StaleSaveError,
    Step,
    choose,
    hand_in,
    start,
    wait,
)

SAVE_FORMAT = 1
MAX_SAVED_STEPS = 1000  # far beyond any real day; refuses saves built to make replay slow


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
    """Return the carried start of a saved day of a week, refusing anything that is not meters and flags."""
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
            elif kind == "wait":
                state = wait(scenario, state)
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
