"""Saving a play and coming back: a faithful round trip, and refusal of data that does not fit."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnpm.scenarios.core.content.scenario import WriteTask
from learnpm.scenarios.core.play import engine, saves
from learnpm.scenarios.core.play.engine import PlayState, SaveError, StaleSaveError
from learnpm.scenarios.core.play.saves import MAX_SAVED_STEPS

from ._support import event, play, sandbox, with_events

BEST_DAY = (
    "log-ticket", "ask-owner-and-date", "mock-service", "answer-now", "strong",
    "negotiate-dates", "log-with-owner", "reset-expectations", "next-steps",
)  # fmt: skip
SAVE_POINTS = {
    "at the start": (),
    "mid-morning": BEST_DAY[:2],
    "during an interrupt": BEST_DAY[:3],
    "after a written message": BEST_DAY[:5],
    "at an ending": BEST_DAY,
}


def through_json(state: PlayState) -> Any:
    return json.loads(json.dumps(saves.to_dict(state)))


@pytest.mark.parametrize("moves", SAVE_POINTS.values(), ids=SAVE_POINTS.keys())
def test_a_saved_play_comes_back_exactly(moves: tuple[str, ...]) -> None:
    state = play(sandbox(), *moves)
    assert saves.from_dict(sandbox(), through_json(state)) == state


def test_a_restored_play_carries_on_like_the_original() -> None:
    original = play(sandbox(), *BEST_DAY[:3])
    restored = saves.from_dict(sandbox(), through_json(original))
    assert restored.resume_to == original.resume_to == "sponsor_email"
    moves = BEST_DAY[3:6]
    assert play_on(restored, moves) == play_on(original, moves)


def play_on(state: PlayState, moves: tuple[str, ...]) -> PlayState:
    for move in moves:
        if move == "strong":
            state = engine.hand_in(sandbox(), state, sandbox().nodes["sponsor_email"].model_answer)
        else:
            state = engine.choose(sandbox(), state, move)
    return state


def set_key(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.__setitem__(key, value)


TAMPERING: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "another node": (set_key("node", "demo_prep"), "saved 'node' does not match"),
    "a node that does not exist": (set_key("node", "backdoor"), "saved 'node' does not match"),
    "a jump to a good ending": (set_key("ending", "good_day"), "saved 'ending' does not match"),
    "raised meters": (lambda data: data["meters"].__setitem__("trust", 100), "saved 'meters' does not match"),
    "an unknown flag": (lambda data: data["flags"].append("root"), "saved 'flags' does not match"),
    "a declared flag never set": (lambda data: data["flags"].append("sponsor_told"), "saved 'flags'"),
    "an earlier clock": (set_key("clock", 510), "saved 'clock' does not match"),
    "events forgotten": (set_key("fired_events", []), "saved 'fired_events' does not match"),
    "a changed digest": (set_key("digest", "0" * 16), "has changed since this play was saved"),
    "another scenario": (set_key("scenario", "other-day"), "belongs to 'other-day'"),
    "another format": (set_key("format", 99), "not a saved play"),
    "an extra key": (set_key("admin", True), "saved 'admin' does not match"),
    "a missing key": (lambda data: data.pop("resume_to"), "saved 'resume_to' does not match"),
    "a choice from another node": (
        lambda data: data["history"][0].__setitem__("choice", "mock-service"),
        "saved step 1 does not fit",
    ),
    "an unknown kind of step": (lambda data: data["history"][0].__setitem__("kind", "cheat"), "unknown kind"),
    "a dropped step": (lambda data: data["history"].pop(1), "saved step 2 does not fit"),
    "a weak message marked strong": (
        lambda data: data["history"][-1].update(text=" ".join(["soon"] * 45)),
        "does not match what the saved steps lead to",
    ),
    "an outcome flipped": (lambda data: data["history"][-1].update(strong=False), "saved 'history' does not match"),
    "a message over the word limit": (
        lambda data: data["history"][-1].update(text="word " * 151),
        "does not fit 'vendor-sandbox-down': Your message has 151 words",
    ),
    "a message that is not text": (lambda data: data["history"][-1].update(text=["by", "today"]), "has no text"),
    "self-scores slipped into the state": (
        lambda data: data["history"][-1].update(scores={"bluf": 2}), "saved 'history' does not match"),
    "no history": (lambda data: data.pop("history"), "history is missing"),
    "an endless history": (set_key("history", [{}] * (MAX_SAVED_STEPS + 1)), "too long"),
}


@pytest.mark.parametrize(("tamper", "says"), TAMPERING.values(), ids=TAMPERING.keys())
def test_tampered_saves_are_refused(tamper: Callable[[dict[str, Any]], None], says: str) -> None:
    data = through_json(play(sandbox(), *BEST_DAY[:5]))
    tamper(data)
    with pytest.raises(SaveError) as caught:
        saves.from_dict(sandbox(), data)
    assert says in str(caught.value)


@pytest.mark.parametrize("data", [None, [], "state", 42])
def test_data_that_is_not_a_save_is_refused(data: Any) -> None:
    with pytest.raises(SaveError):
        saves.from_dict(sandbox(), data)


def test_structural_changes_make_a_save_stale_but_prose_changes_do_not() -> None:
    data = through_json(play(sandbox(), *BEST_DAY[:2]))
    retitled = replace(sandbox(), title="A calmer title", summary="New words.")
    assert saves.from_dict(retitled, data).node_id == "team_plan"
    restructured = with_events(sandbox(), event("12:00", effects={"trust": -5}))
    rebuilt = replace(restructured, digest="a different structure")
    with pytest.raises(StaleSaveError):
        saves.from_dict(rebuilt, data)


def saved_the_old_way(data: Any) -> Any:
    """Return a save as written before messages were kept in it: steps with "scores", write steps without text."""
    for step in data["history"]:
        text = step.pop("text", None)
        step["scores"] = {"bluf": 2, "ask": 2, "options": 2} if text is not None else None
    return data


def test_an_old_save_of_choices_alone_still_comes_back() -> None:
    state = play(sandbox(), *BEST_DAY[:3])
    assert saves.from_dict(sandbox(), saved_the_old_way(through_json(state))) == state


def test_an_old_save_with_a_message_but_not_its_text_is_stale() -> None:
    data = saved_the_old_way(through_json(play(sandbox(), *BEST_DAY[:5])))
    with pytest.raises(StaleSaveError) as caught:
        saves.from_dict(sandbox(), data)
    assert "before written messages were kept" in str(caught.value)


def test_a_saved_message_keeps_its_text() -> None:
    data = through_json(play(sandbox(), *BEST_DAY[:5]))
    write = next(step for step in data["history"] if step["kind"] == "write")
    assert write["text"] == sandbox().nodes["sponsor_email"].model_answer and write["strong"] is True
    assert "scores" not in write


KEY = b"a key of the tests"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=9), max_size=40))
def test_a_sealed_save_comes_back_as_its_replay_would(picks: list[int]) -> None:
    state = _random_play(sandbox(), picks)
    data = json.loads(json.dumps(saves.to_dict(state, KEY)))  # as the database gives it back
    unsealed = {key: value for key, value in data.items() if key != "seal"}
    assert saves.from_dict(sandbox(), data, KEY) == saves.from_dict(sandbox(), unsealed) == state


def test_a_sealed_save_changed_afterwards_is_replayed_and_refused() -> None:
    data = saves.to_dict(_random_play(sandbox(), [0, 1, 2]), KEY)
    data["meters"]["trust"] = 100
    with pytest.raises(SaveError, match="saved 'meters' does not match"):
        saves.from_dict(sandbox(), data, KEY)


def test_a_seal_made_with_another_key_or_engine_version_is_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    state = _random_play(sandbox(), [1, 0])
    data = saves.to_dict(state, b"someone else's key")
    assert saves.seal_of(data, state.digest, KEY) != data["seal"]
    monkeypatch.setattr(saves, "ENGINE_VERSION", saves.ENGINE_VERSION + 1)
    assert saves.seal_of(data, state.digest, b"someone else's key") != data["seal"]
    assert saves.from_dict(sandbox(), data, KEY) == state  # replayed, and still the same play


def _random_play(scenario, picks: list[int]):
    """Play `scenario` taking the picks-th choice (modulo) at each decision and the model answer at each task."""
    state = engine.start(scenario)
    for pick in picks:
        if state.finished:
            break
        node = engine.current_node(scenario, state)
        if isinstance(node, WriteTask):
            state = engine.hand_in(scenario, state, node.model_answer)
        else:
            state = engine.choose(scenario, state, node.choices[pick % len(node.choices)].id)
    return state
