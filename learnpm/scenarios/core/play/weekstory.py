"""What a week's debrief shows: how each day ended, the carried meters day by day, and what carried over."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from learnpm.scenarios.core.content.scenario import Ending, Scenario
from learnpm.scenarios.core.content.week import Week, flags_read
from learnpm.scenarios.core.play.engine import PlayState


@dataclass(frozen=True)
class DayResult:
    """One day of the week as the learner played it (or has yet to)."""

    number: int
    scenario_id: str
    title: str
    ending: Ending | None  # None while the day is not played to its end


@dataclass(frozen=True)
class CarriedFact:
    """A fact one day left for later days: who set it, and which later days act on it."""

    flag: str
    label: str
    set_on: int  # the day (from 1) whose end first held it
    read_on: tuple[int, ...]  # later days whose story depends on it


@dataclass(frozen=True)
class WeekStory:
    """The week so far: its days, the carried meters at the end of each, and what carried over."""

    days: tuple[DayResult, ...]
    meters: Mapping[str, tuple[int, ...]]  # meter label -> its value at the end of each finished day
    facts: tuple[CarriedFact, ...]

    @property
    def finished(self) -> bool:
        """Tell whether every day of the week has reached an ending."""
        return all(day.ending is not None for day in self.days)


def week_story(week: Week, scenarios: Mapping[str, Scenario], states: Sequence[PlayState]) -> WeekStory:
    """Tell the week from the states its days reached, in order (the last may be unfinished)."""
    days = []
    for number, day_id in enumerate(week.days, start=1):
        state = states[number - 1] if number <= len(states) else None
        ending = scenarios[day_id].nodes[state.ending_id] if state is not None and state.ending_id else None
        days.append(DayResult(number, day_id, scenarios[day_id].title, ending if isinstance(ending, Ending) else None))
    finished = [state for state in states if state.finished]
    first = scenarios[week.days[0]]
    meters = {first.meters[m].label: tuple(state.meters.get(m, 0) for state in finished) for m in week.carried_meters}
    return WeekStory(tuple(days), meters, tuple(_facts(week, scenarios, finished)))


def _facts(week: Week, scenarios: Mapping[str, Scenario], finished: Sequence[PlayState]) -> list[CarriedFact]:
    facts = []
    for flag in sorted(week.carried_flags):
        set_on = next((number for number, state in enumerate(finished, start=1) if flag in state.flags), None)
        if set_on is None:
            continue
        read_on = tuple(number for number, day in enumerate(week.days, start=1)
                        if number > set_on and flag in flags_read(scenarios[day]))
        facts.append(CarriedFact(flag, flag.replace("_", " ").capitalize(), set_on, read_on))
    return facts
