"""Timed decisions: when one runs out, the clock moves on, what fell due fires, and the same decision comes back."""

from __future__ import annotations

import json

import pytest

from learnpm.scenarios.core.play import debrief, engine, saves
from learnpm.scenarios.core.play.engine import ChoiceError
from learnpm.scenarios.core.play.position import position

from ._support import play, sandbox


def test_a_wait_moves_the_clock_by_a_quarter_hour_and_the_decision_comes_back() -> None:
    state = play(sandbox())  # 08:30, at the stand-up
    after = engine.wait(sandbox(), state)
    assert (after.node_id, after.clock) == ("standup", 8 * 60 + 45)
    assert after.meters == state.meters and after.flags == state.flags
    assert after.history[-1].kind == "wait" and position(sandbox(), after).number == 1  # a wait is not a decision


def test_an_event_due_sooner_stops_the_wait_and_interrupts() -> None:
    state = play(sandbox(), "log-ticket", "ask-owner-and-date")  # 09:00, the sponsor pings at 09:15
    after = engine.wait(sandbox(), state)
    assert (after.clock, after.node_id, after.resume_to) == (9 * 60 + 15, "sponsor_ping", "team_plan")
    back = engine.choose(sandbox(), after, "answer-now")
    assert back.node_id == "team_plan"  # the same decision comes back after the interrupt


def test_waiting_at_an_interrupt_keeps_its_place() -> None:
    state = engine.wait(sandbox(), play(sandbox(), "log-ticket", "ask-owner-and-date"))
    later = engine.wait(sandbox(), state)
    assert (later.node_id, later.resume_to, later.clock) == ("sponsor_ping", "team_plan", state.clock + 15)
    assert engine.choose(sandbox(), later, "answer-now").node_id == "team_plan"


def test_the_day_ends_without_the_learner_once_the_working_day_is_over() -> None:
    state = play(sandbox())
    for _ in range(40):
        if state.finished:
            break
        state = engine.wait(sandbox(), state)
    assert state.finished and state.clock > sandbox().day_end
    assert state.ending_id != "good_day" and 1 in state.fired_events  # the 11:30 slip hit while nobody acted


def test_a_write_task_is_never_timed() -> None:
    state = play(sandbox(), "log-ticket", "ask-owner-and-date", "mock-service", "answer-now")
    with pytest.raises(ChoiceError):
        engine.wait(sandbox(), state)


def test_waits_are_saved_replayed_and_kept_by_a_retry() -> None:
    state = play(sandbox(), "log-ticket")
    state = engine.wait(sandbox(), engine.wait(sandbox(), state))
    state = engine.choose(sandbox(), state, "ask-owner-and-date")
    data = json.loads(json.dumps(saves.to_dict(state)))
    assert saves.from_dict(sandbox(), data) == state
    assert [entry.node.id for entry in debrief.path(sandbox(), state)] == ["standup", "vendor_call"]
    before_second = debrief.replay_moves(sandbox(), state, 1)
    assert (before_second.node_id, before_second.clock) == ("vendor_call", 9 * 60 + 10)  # 08:40 and two waits
    data["history"] = [step for step in data["history"] if step["kind"] != "wait"]
    with pytest.raises(engine.SaveError):
        saves.from_dict(sandbox(), data)  # the clock no longer matches without its waits
