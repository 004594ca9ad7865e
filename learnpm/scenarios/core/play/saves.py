"""Saving a play and coming back to it: JSON-safe data, rebuilt by replaying its steps. Deterministic.

A save sealed with a key comes back without a replay: the seal (an HMAC over the saved data, the scenario's
digest and the engine's version) proves it is what this engine wrote for this scenario, so a move costs the same
at the thirtieth step as at the third. A save whose seal does not hold (an older save, another engine version,
data changed since) is replayed step by step and refused unless the replay reproduces it exactly.
"""

from __future__ import annotations

import hashlib
import hmac
import json
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
# Bump when the engine moves a play differently from the same steps: every sealed save is then replayed once.
ENGINE_VERSION = 1
MAX_SAVED_STEPS = 1000  # far beyond any real day; refuses saves built to make replay slow


def to_dict(state: PlayState, key: bytes | None = None) -> dict[str, Any]:
    """Return the state as JSON-safe data, for saving and coming back later; sealed when a key is given."""
    data = _unsealed(state)
    return data | {"seal": seal_of(data, state.digest, key)} if key else data


def seal_of(data: Mapping[str, Any], digest: str, key: bytes) -> str:
    """Return the seal of saved data (without its seal) for a scenario of this digest."""
    payload = json.dumps([ENGINE_VERSION, digest, {k: v for k, v in data.items() if k != "seal"}],
                         sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def _unsealed(state: PlayState) -> dict[str, Any]:
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


def from_dict(scenario: Scenario, data: Any, key: bytes | None = None) -> PlayState:
    """Rebuild a saved play: straight from a save whose seal holds, else by replaying its steps, refusing data the
    replay does not reproduce exactly."""
    if not isinstance(data, Mapping) or data.get("format") != SAVE_FORMAT:
        raise SaveError("not a saved play this version can read")
    if data.get("scenario") != scenario.id:
        raise SaveError(f"this save belongs to '{data.get('scenario')}', not '{scenario.id}'")
    if data.get("digest") != scenario.digest:
        raise StaleSaveError(f"'{scenario.id}' has changed since this play was saved; start it again")
    history = data.get("history")
    if not isinstance(history, list) or len(history) > MAX_SAVED_STEPS:
        raise SaveError("the saved history is missing or too long")
    seal = data.get("seal")
    if key and isinstance(seal, str) and hmac.compare_digest(seal, seal_of(data, scenario.digest, key)):
        return _restored(scenario, data)
    data = {k: v for k, v in data.items() if k != "seal"} | {"history": [_without_empty_scores(s) for s in history]}
    state = _replay(scenario, data["history"], _saved_carried(data.get("carried")))
    replayed = _unsealed(state)
    for name in sorted(replayed.keys() | data.keys()):
        if name not in data or name not in replayed or replayed[name] != data[name]:
            raise SaveError(f"saved '{name}' does not match what the saved steps lead to")
    return state


def _restored(scenario: Scenario, data: Mapping[str, Any]) -> PlayState:
    """Return the state a sealed save holds, as the engine left it."""
    return PlayState(
        scenario_id=scenario.id, digest=scenario.digest, node_id=data["node"], clock=data["clock"],
        meters=MappingProxyType(dict(data["meters"])), flags=frozenset(data["flags"]),
        fired_events=tuple(data["fired_events"]), resume_to=data["resume_to"],
        history=tuple(_step_of(step) for step in data["history"]), ending_id=data["ending"],
        carried=_saved_carried(data.get("carried")),
    )


def _step_of(saved: Mapping[str, Any]) -> Step:
    return Step(saved["kind"], saved["node"], saved["clock_before"], saved["clock_after"],
                MappingProxyType(dict(saved["meters"])), choice_id=saved["choice"], strong=saved["strong"],
                event_index=saved["event"], text=saved.get("text"))


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
