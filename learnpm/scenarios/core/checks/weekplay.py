"""Play a whole week at random (seeded): each day starts from what the day before left, as learners will play it."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path as FilePath
from types import MappingProxyType

from learnpm.scenarios.core.checks.simulate import MAX_STEPS, moves, play
from learnpm.scenarios.core.content.problems import Problem, errors_in
from learnpm.scenarios.core.content.scenario import Node, Quality, Scenario
from learnpm.scenarios.core.content.week import (
    Carried,
    Week,
    carried_into,
    carry_over,
    flags_read,
    read_week,
    week_files,
    week_problems,
)
from learnpm.scenarios.core.play.engine import PlayError, PlayState, current_node, start

WEEK_RUNS = 400
LEANINGS: tuple[Quality | None, ...] = (None, "best", "acceptable", "poor")
LEAN = 0.8


@dataclass(frozen=True)
class WeekSimulation:
    """Which endings each day of a week reached when the week was played through, and what went wrong."""

    week_id: str
    runs: int
    endings: Mapping[str, Mapping[str, int]]  # day -> ending id -> runs that ended the day there
    failures: tuple[str, ...]

    def reached(self, day: str) -> frozenset[str]:
        """Return the endings of a day that some run of the week reached."""
        return frozenset(self.endings.get(day, {}))


def simulate_week(week: Week, scenarios: Mapping[str, Scenario], runs: int = WEEK_RUNS,
                  seed: int = 5) -> WeekSimulation:
    """Play the week `runs` times, learners at random or leaning to one quality of choice."""
    rng = random.Random(seed)
    endings: dict[str, Counter[str]] = {day: Counter() for day in week.days}
    failures: list[str] = []
    for run in range(runs):
        carried: Carried | None = None
        leaning = LEANINGS[run % len(LEANINGS)]
        for day in week.days:
            state = _play_day(scenarios[day], start(scenarios[day], carried), rng, leaning, failures)
            if state is None:
                break
            endings[day][state.ending_id or ""] += 1
            carried = carry_over(week, scenarios[day], state.meters, state.flags, carried)
    frozen = {day: MappingProxyType(dict(counts)) for day, counts in endings.items()}
    return WeekSimulation(week.id, runs, MappingProxyType(frozen), tuple(dict.fromkeys(failures)))


def _play_day(scenario: Scenario, state: PlayState, rng: random.Random, leaning: Quality | None,
              failures: list[str]) -> PlayState | None:
    for _ in range(MAX_STEPS):
        if state.finished:
            return state
        try:
            state = play(scenario, state, _pick(scenario, state, rng, leaning))
        except PlayError as error:
            failures.append(f"{scenario.id}, at '{state.node_id}': {error}")
            return None
    failures.append(f"{scenario.id}: a play of the week did not end within {MAX_STEPS} steps")
    return None


def _pick(scenario: Scenario, state: PlayState, rng: random.Random, leaning: Quality | None) -> tuple[str, bool]:
    options = moves(scenario, state)
    node = current_node(scenario, state)
    if leaning is not None and isinstance(node, Node) and rng.random() < LEAN:
        leaning_ids = [choice.id for choice in node.choices if choice.quality == leaning]
        if leaning_ids:
            return rng.choice(leaning_ids), False
    return rng.choice(options)


def week_simulation_problems(week: Week, scenarios: Mapping[str, Scenario], simulation: WeekSimulation) -> list[Problem]:
    """Return the last day's endings no run of the week reached, and plays that broke."""
    problems = [Problem(week.source, failure) for failure in simulation.failures]
    last = scenarios[week.days[-1]]
    for ending in last.endings:
        if ending.id not in simulation.reached(last.id):
            message = (f"no run of the whole week ({simulation.runs} runs) ends the week with '{ending.id}' of "
                       f"'{last.id}': can its `when` hold after the days before it?")
            problems.append(Problem(week.source, message))
    return problems


def format_week(week: Week, simulation: WeekSimulation) -> str:
    """Return one line per day: the endings the week's runs reached there."""
    lines = [f"week {week.id}: {len(week.days)} days, {simulation.runs} runs of the whole week; carries "
             f"meters {', '.join(week.carried_meters) or 'none'} and {len(week.carried_flags)} flags"]
    for number, day in enumerate(week.days, start=1):
        endings = ", ".join(f"{ending} {count}" for ending, count in sorted(simulation.endings[day].items()))
        lines.append(f"  day {number}, {day}: {endings}")
    return "\n".join(lines)


@dataclass(frozen=True)
class WeekReport:
    """The weeks of a content folder, what is wrong with them, and how each played."""

    weeks: Mapping[str, Week]
    simulations: Mapping[str, WeekSimulation]
    problems: tuple[Problem, ...]

    def excuses(self, finding: Problem, scenarios: Mapping[str, Scenario]) -> bool:
        """Tell whether a day's finding is answered by its week: a carried flag, or an ending the week reaches."""
        for week in self.weeks.values():
            day = next((scenarios[d] for d in week.days if d in scenarios and scenarios[d].source == finding.file), None)
            if day is None:
                continue
            carried_in, carried_out = carried_into(week, scenarios, day.id), _read_later(week, scenarios, day.id)
            excused = {f"flag '{flag}' is read but never set" for flag in carried_in}
            excused |= {f"flag '{flag}' is set but never read" for flag in carried_out}
            if finding.message in excused:
                return True
            simulation = self.simulations.get(week.id)
            if (simulation and finding.node in simulation.reached(day.id)
                    and finding.message.startswith("no playthrough reached this ending")):
                return True
        return False


def _read_later(week: Week, scenarios: Mapping[str, Scenario], day_id: str) -> frozenset[str]:
    later = week.days[week.days.index(day_id) + 1:]
    return frozenset(flag for day in later if day in scenarios for flag in flags_read(scenarios[day])
                     if flag in week.carried_flags)


def check_weeks(content_dir: FilePath, scenarios: Mapping[str, Scenario], runs: int = WEEK_RUNS) -> WeekReport:
    """Read every week file, check it against its days, and play each sound week through."""
    weeks: dict[str, Week] = {}
    simulations: dict[str, WeekSimulation] = {}
    problems: list[Problem] = []
    for path in week_files(content_dir):
        week, found = read_week(path)
        problems += found
        if week is None:
            continue
        weeks[week.id] = week
        static = week_problems(week, scenarios)
        problems += static
        if not errors_in(static):
            simulations[week.id] = simulate_week(week, scenarios, runs)
            problems += week_simulation_problems(week, scenarios, simulations[week.id])
    return WeekReport(MappingProxyType(weeks), MappingProxyType(simulations), tuple(problems))
