"""A week: each day starts from what the day before left, and a saved day keeps the start it was given."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnpm.scenarios.core.checks.weekplay import simulate_week
from learnpm.scenarios.core.content.loader import load_library
from learnpm.scenarios.core.content.scenario import Carried
from learnpm.scenarios.core.content.week import carry_over, read_week, week_problems
from learnpm.scenarios.core.play import engine, saves
from tests.unit.scenarios.tells_days import content_folder, week_days, write_week


@pytest.fixture
def week(tmp_path: Path):
    monday, friday, data = week_days()
    folder = content_folder(tmp_path, monday, friday)
    write_week(folder, data)
    library = load_library(folder)
    found, problems = read_week(folder / "weeks" / "promise-week.yaml")
    assert problems == [] and week_problems(found, library.scenarios) == []
    return found, library.scenarios


def test_a_day_starts_from_the_carried_meters_and_the_flags_it_declares(week) -> None:
    _week, days = week
    friday = days["week-friday"]
    state = engine.start(friday, Carried({"trust": 88, "nowhere": 5}, frozenset({"promised", "undeclared"})))
    assert state.meters["trust"] == 88 and state.meters["team"] == friday.meters["team"].start
    assert state.flags == frozenset({"promised"})
    assert engine.start(friday).flags == frozenset() and engine.start(friday).meters["trust"] == 50


def test_a_saved_day_of_a_week_comes_back_with_its_start_and_refuses_a_tampered_one(week) -> None:
    _week, days = week
    friday = days["week-friday"]
    state = engine.start(friday, Carried({"trust": 77}, frozenset({"promised"})))
    state = engine.choose(friday, state, "best-1")
    saved = saves.to_dict(state)
    assert saves.from_dict(friday, saved) == state
    for tampered in ({"meters": {"trust": 150}, "flags": []}, {"meters": {"trust": 60}, "flags": ["promised"]},
                     "promised"):
        with pytest.raises(engine.SaveError):
            saves.from_dict(friday, {**saved, "carried": tampered})


def test_what_carries_over_is_the_week_s_meters_and_flags_and_what_passes_through(week) -> None:
    found, days = week
    monday = days["week-monday"]
    carried = carry_over(found, monday, {"trust": 64, "team": 30}, frozenset({"promised"}), None)
    assert carried == Carried({"trust": 64}, frozenset({"promised"}))
    incoming = Carried({"trust": 50}, frozenset({"promised", "from_before"}))
    after = carry_over(found, monday, {"trust": 40}, frozenset(), incoming)
    assert after.flags == frozenset({"from_before"})  # Monday declares `promised` and cleared it; the other passes


def test_played_through_the_week_reaches_the_ending_only_monday_makes_possible(week) -> None:
    found, days = week
    simulation = simulate_week(found, days, runs=200)
    assert "promise_kept" in simulation.reached("week-friday") and simulation.failures == ()
    assert sum(simulation.endings["week-monday"].values()) == 200
