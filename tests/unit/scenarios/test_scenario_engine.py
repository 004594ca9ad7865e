"""Playing a scenario: effects, events, interrupts, endings, written messages and the end of the day."""

from __future__ import annotations

from dataclasses import replace

import pytest

from learnpm.scenarios.core.content.conditions import clock_minutes
from learnpm.scenarios.core.content.scenario import Ending, Node, WriteTask
from learnpm.scenarios.core.play import engine
from learnpm.scenarios.core.play.engine import ChoiceError, PlayError, WriteError

from ._support import event, make_move, play, sandbox, top_scores, with_events, with_meter_starts

OPENING = [choice.id for choice in sandbox().decisions[0].choices]
TO_THE_INTERRUPT = ("log-ticket", "ask-owner-and-date", "mock-service")


def test_a_play_starts_at_the_start_of_the_day_with_the_declared_meters() -> None:
    scenario = sandbox()
    state = engine.start(scenario)
    assert engine.current_node(scenario, state).id == scenario.start
    assert state.clock == scenario.day_start
    assert dict(state.meters) == {key: meter.start for key, meter in scenario.meters.items()}
    assert state.flags == frozenset()
    assert state.history == ()
    assert not state.finished


@pytest.mark.parametrize("choice_id", OPENING)
def test_a_choice_applies_its_effects_flags_and_minutes(choice_id: str) -> None:
    scenario = sandbox()
    before = engine.start(scenario)
    node = engine.current_node(scenario, before)
    assert isinstance(node, Node)
    choice = node.choice(choice_id)
    assert choice is not None
    after = engine.choose(scenario, before, choice_id)
    for name, value in before.meters.items():
        assert after.meters[name] == value + choice.outcome.effects.get(name, 0)
    assert after.flags == frozenset(choice.outcome.set_flags)
    assert after.clock == before.clock + choice.minutes
    assert after.node_id == choice.next
    step = after.history[-1]
    assert (step.kind, step.node_id, step.choice_id) == ("choice", node.id, choice_id)
    assert (step.clock_before, step.clock_after) == (before.clock, after.clock)
    assert step.meters_after == after.meters


@pytest.mark.parametrize(
    ("trust_start", "choice_id", "trust_after"),
    [(98, "answer-now", 100), (3, "answer-later", 0), (60, "answer-now", 65), (100, "answer-now", 100)],
)
def test_meters_stay_between_0_and_100(trust_start: int, choice_id: str, trust_after: int) -> None:
    scenario = with_meter_starts(sandbox(), trust=trust_start)
    state = play(scenario, *TO_THE_INTERRUPT, choice_id)
    assert state.meters["trust"] == trust_after


def test_the_same_moves_always_give_the_same_play() -> None:
    moves = (*TO_THE_INTERRUPT, "answer-now", "strong", "negotiate-dates")
    assert play(sandbox(), *moves) == play(sandbox(), *moves)


def test_an_event_interrupts_before_the_next_node_and_resume_returns_to_it() -> None:
    scenario = sandbox()
    state = play(scenario, *TO_THE_INTERRUPT)
    ping = next(e for e in scenario.events if e.node is not None)
    assert state.clock >= ping.at
    assert state.node_id == ping.node
    assert state.resume_to == "sponsor_email"  # where mock-service was going
    assert state.history[-1].kind == "event"
    resumed = make_move(scenario, state, "answer-now")
    assert resumed.node_id == "sponsor_email"
    assert resumed.resume_to is None


def test_an_event_fires_only_once() -> None:
    scenario = sandbox()
    state = play(scenario, *TO_THE_INTERRUPT, "answer-now", "strong", "negotiate-dates", "log-with-owner")
    fired = [step.event_index for step in state.history if step.kind == "event"]
    assert len(fired) == len(set(fired))
    assert "sponsor_ping" not in [step.node_id for step in state.history[-3:]]


@pytest.mark.parametrize(
    ("opening", "penalised"),
    [("log-ticket", False), ("wait-and-see", True), ("blame-vendor", True)],
)
def test_a_deadline_hits_only_those_who_did_not_act_in_time(opening: str, penalised: bool) -> None:
    scenario = with_events(sandbox(), event("08:35", when="not vendor_ticket", effects={"schedule": -15}))
    state = play(scenario, opening)
    expected = play(sandbox(), opening).meters["schedule"] - (15 if penalised else 0)
    assert state.meters["schedule"] == expected
    assert any(step.kind == "event" for step in state.history) is penalised
    assert engine.start(scenario).fired_events == ()
    assert state.fired_events == (0,)  # due and considered, whether it fired or not


def test_an_event_whose_condition_fails_when_due_does_not_fire_later() -> None:
    scenario = with_events(sandbox(), event("08:35", when="owner_named", effects={"trust": -20}))
    state = play(scenario, "log-ticket", "ask-owner-and-date")
    assert "owner_named" in state.flags
    assert not any(step.kind == "event" for step in state.history)
    assert state.meters["trust"] == sandbox().meters["trust"].start


def test_events_fire_in_time_order_whatever_the_file_order() -> None:
    late = event("08:38", effects={"trust": -1})
    early = event("08:32", effects={"morale": -1})
    scenario = with_events(sandbox(), late, early)
    state = play(scenario, "log-ticket")
    fired = [step.event_index for step in state.history if step.kind == "event"]
    assert fired == [1, 0]


def test_an_event_due_at_the_start_of_the_day_comes_before_the_first_node() -> None:
    scenario = with_events(sandbox(), event("08:30", node="sponsor_ping"))
    state = engine.start(scenario)
    assert state.node_id == "sponsor_ping"
    assert make_move(scenario, state, "answer-later").node_id == scenario.start


def test_an_event_can_end_the_day() -> None:
    scenario = with_events(sandbox(), event("08:45", node="rough_day"))
    state = play(scenario, "log-ticket", "accept-vague")
    assert state.finished
    assert state.ending_id == "rough_day"


@pytest.mark.parametrize(
    ("meters", "flags", "ending"),
    [
        ({"trust": 70, "schedule": 40, "morale": 50}, {"sponsor_told", "vendor_ticket"}, "good_day"),
        ({"trust": 65, "schedule": 40, "morale": 50}, {"sponsor_told", "vendor_ticket"}, "good_day"),
        ({"trust": 64, "schedule": 40, "morale": 50}, {"sponsor_told", "vendor_ticket"}, "mixed_day"),
        ({"trust": 90, "schedule": 90, "morale": 90}, {"sponsor_told"}, "mixed_day"),
        ({"trust": 40, "schedule": 60, "morale": 50}, {"owner_named"}, "mixed_day"),
        ({"trust": 40, "schedule": 60, "morale": 50}, set(), "rough_day"),
        ({"trust": 0, "schedule": 0, "morale": 0}, {"sponsor_told", "vendor_ticket"}, "rough_day"),
    ],
)
def test_the_first_ending_whose_condition_holds_is_chosen(
    meters: dict[str, int], flags: set[str], ending: str
) -> None:
    assert engine.ending_for(sandbox(), meters, frozenset(flags), clock_minutes("12:00")).id == ending


def test_next_end_finishes_the_play_with_the_ending_that_fits() -> None:
    scenario = sandbox()
    moves = (*TO_THE_INTERRUPT, "answer-now", "strong", "negotiate-dates", "log-with-owner")
    state = play(scenario, *moves, "reset-expectations", "next-steps")
    assert state.finished
    assert state.ending_id == engine.ending_for(scenario, state.meters, state.flags, state.clock).id
    assert isinstance(engine.current_node(scenario, state), Ending)


def test_a_choice_can_lead_straight_to_an_ending() -> None:
    scenario = sandbox()
    standup = scenario.nodes["standup"]
    assert isinstance(standup, Node)
    shortcut = replace(standup.choices[0], next="rough_day")
    nodes = {**scenario.nodes, "standup": replace(standup, choices=(shortcut, *standup.choices[1:]))}
    state = engine.choose(replace(scenario, nodes=nodes), engine.start(scenario), shortcut.id)
    assert state.ending_id == "rough_day"


def test_the_working_day_ends_a_play_that_runs_past_it() -> None:
    scenario = replace(sandbox(), day_end=sandbox().day_start + 30, events=())
    state = play(scenario, "log-ticket", "call-again-later")
    assert state.clock > scenario.day_end
    assert state.finished
    assert state.ending_id == engine.ending_for(scenario, state.meters, state.flags, state.clock).id


def test_a_retry_loop_cannot_keep_a_learner_forever() -> None:
    scenario, state = sandbox(), engine.start(sandbox())
    state = make_move(scenario, state, "log-ticket")
    for _ in range(100):
        if state.finished:
            break
        node = engine.current_node(scenario, state)
        assert isinstance(node, Node)
        state = make_move(scenario, state, "call-again-later" if node.id == "vendor_call" else node.choices[0].id)
    assert state.finished


@pytest.mark.parametrize(
    ("choice_id", "says"),
    [
        ("no-such-choice", "'standup' has no choice 'no-such-choice' (it has: log-ticket, wait-and-see"),
        ("mock-service", "belongs to 'team_plan', not to the current node 'standup'"),
        ("", "has no choice ''"),
    ],
)
def test_a_choice_not_on_the_current_node_is_refused(choice_id: str, says: str) -> None:
    with pytest.raises(ChoiceError) as caught:
        engine.choose(sandbox(), engine.start(sandbox()), choice_id)
    assert says in str(caught.value)


def test_a_finished_play_takes_no_more_moves() -> None:
    scenario = with_events(sandbox(), event("08:45", node="rough_day"))
    state = play(scenario, "log-ticket", "accept-vague")
    with pytest.raises(PlayError, match="the day is over"):
        engine.choose(scenario, state, "log-ticket")


def test_a_play_of_another_scenario_is_refused() -> None:
    state = replace(engine.start(sandbox()), scenario_id="another-day")
    with pytest.raises(PlayError, match="belongs to 'another-day'"):
        engine.choose(sandbox(), state, "log-ticket")


def test_choices_and_messages_are_not_interchangeable() -> None:
    scenario = sandbox()
    at_write = play(scenario, *TO_THE_INTERRUPT, "answer-now")
    task = engine.current_node(scenario, at_write)
    assert isinstance(task, WriteTask)
    with pytest.raises(ChoiceError, match="written message"):
        engine.choose(scenario, at_write, "log-ticket")
    with pytest.raises(WriteError, match="asks for a choice"):
        engine.submit_write(scenario, engine.start(scenario), task.model_answer, top_scores(task))
