"""A project week: days played in order on one project, each starting from the state the day before left.

A week file (`content/weeks/<id>.yaml`) names its days and what carries over: meters every day declares, and
flags (promises made, people annoyed, shortcuts taken) that one day sets and a later day reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath

from pydantic import BaseModel, ConfigDict, Field

from learnpm.scenarios.core.content.loader import read_model
from learnpm.scenarios.core.content.problems import Problem
from learnpm.scenarios.core.content.scenario import Carried, Scenario

WEEKS_FOLDER = "weeks"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class CarriesModel(_Strict):
    meters: list[str] = []
    flags: list[str] = []


class WeekModel(_Strict):
    id: str
    title: str
    summary: str
    role: str
    days: list[str] = Field(min_length=2, max_length=7)
    carries: CarriesModel = CarriesModel()


@dataclass(frozen=True)
class Week:
    """Days played in order, and the meters and flags that pass from each day to the next."""

    id: str
    title: str
    summary: str
    role: str
    days: tuple[str, ...]
    carried_meters: tuple[str, ...]
    carried_flags: frozenset[str]
    source: str

    def day_number(self, scenario_id: str) -> int | None:
        """Return the position of a day in the week, from 1, or None when it is not one of its days."""
        return self.days.index(scenario_id) + 1 if scenario_id in self.days else None


def week_files(content_dir: FilePath) -> tuple[FilePath, ...]:
    """Return the week files of a content folder, sorted by name."""
    return tuple(sorted((content_dir / WEEKS_FOLDER).glob("*.yaml")))


def read_week(path: FilePath) -> tuple[Week | None, list[Problem]]:
    """Read a week file; return the week (None when its shape is wrong) and what is wrong with it."""
    model, found = read_model(path, WeekModel)
    if model is None:
        return None, list(found)
    problems = [] if model.id == path.stem else [Problem(str(path), f"id '{model.id}' is not the file name")]
    week = Week(model.id, model.title, model.summary, model.role, tuple(model.days), tuple(model.carries.meters),
                frozenset(model.carries.flags), str(path))
    return week, problems


def week_problems(week: Week, scenarios: Mapping[str, Scenario]) -> list[Problem]:
    """Check a week against its days: every day exists once, carried meters in every day, carried flags used."""
    problems = [Problem(week.source, f"day '{day}' is not a valid scenario") for day in week.days
                if day not in scenarios]
    if len(set(week.days)) != len(week.days):
        problems.append(Problem(week.source, "a day is listed twice"))
    days = [scenarios[day] for day in week.days if day in scenarios]
    for meter in week.carried_meters:
        for scenario in days:
            if meter not in scenario.meters:
                problems.append(Problem(week.source, f"carried meter '{meter}' is not a meter of '{scenario.id}'"))
    for flag in sorted(week.carried_flags):
        problems += _flag_problems(week, flag, days)
    return problems


def _flag_problems(week: Week, flag: str, days: Sequence[Scenario]) -> list[Problem]:
    setters = [number for number, day in enumerate(days) if flag in flags_set(day)]
    readers = [number for number, day in enumerate(days) if flag in flags_read(day)]
    if not setters:
        return [Problem(week.source, f"carried flag '{flag}' is set by no day of the week")]
    if not any(reader > setters[0] for reader in readers):
        return [Problem(week.source, f"carried flag '{flag}' is read by no day after '{days[setters[0]].id}', "
                                     "which sets it: it carries nothing", level="warning")]
    return []


def flags_set(scenario: Scenario) -> frozenset[str]:
    """Return the flags a day can set (by a choice, a written message or an event)."""
    outcomes = [choice.outcome for node in scenario.decisions for choice in node.choices]
    outcomes += [task.strong for task in scenario.write_tasks] + [task.weak for task in scenario.write_tasks]
    outcomes += [event.outcome for event in scenario.events]
    return frozenset(flag for outcome in outcomes for flag in outcome.set_flags)


def flags_read(scenario: Scenario) -> frozenset[str]:
    """Return the flags a day reads: in conditions of endings, events and texts, and what texts rely on."""
    conditions = [ending.when for ending in scenario.endings] + [event.when for event in scenario.events]
    for node in scenario.nodes.values():
        conditions += [part.when for part in (*node.text_parts, *getattr(node, "model_answer_parts", ()))]
    read = {flag for condition in conditions if condition is not None for flag in condition.flags_read()}
    return frozenset(read | {flag for node in scenario.nodes.values() for flag in node.relies_on})


def carried_into(week: Week, scenarios: Mapping[str, Scenario], scenario_id: str) -> frozenset[str]:
    """Return the carried flags a day may find set when it starts: those an earlier day of the week can set."""
    number = week.day_number(scenario_id)
    earlier = week.days[: (number or 1) - 1]
    return frozenset(flag for day in earlier if day in scenarios for flag in flags_set(scenarios[day])
                     if flag in week.carried_flags)


def carry_over(week: Week, scenario: Scenario, final_meters: Mapping[str, int], final_flags: frozenset[str],
               incoming: Carried | None) -> Carried:
    """Return what the next day starts from: carried meters as this day ended, and the carried flags held.

    Flags this day does not declare pass through untouched, so Monday's promise can reach Thursday even when
    Tuesday never mentions it.
    """
    passing = (incoming.flags - frozenset(scenario.flags)) if incoming else frozenset()
    meters = {meter: final_meters[meter] for meter in week.carried_meters if meter in final_meters}
    return Carried(meters, passing | (final_flags & week.carried_flags))
