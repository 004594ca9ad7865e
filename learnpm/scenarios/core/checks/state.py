"""Static checks of meters, flags and times: declared before use, read and written, inside the day."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from learnpm.scenarios.core.content.conditions import KEYWORDS, Condition, clock_text
from learnpm.scenarios.core.content.problems import Problem
from learnpm.scenarios.core.content.scenario import Outcome, Scenario

STATE_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class _Use:
    """One place a scenario touches a meter or a flag."""

    name: str
    kind: str  # meter-write | flag-set | flag-clear | meter-read | flag-read
    node: str | None
    line: int | None
    where: str


def state_problems(scenario: Scenario) -> list[Problem]:
    """Check meter and flag names, that every use is declared, and flags both set and read."""
    uses = list(_uses(scenario))
    return _name_problems(scenario) + _declaration_problems(scenario, uses) + _usage_warnings(scenario, uses)


def time_problems(scenario: Scenario) -> list[Problem]:
    """Check the day, that events fall inside it in time order, and clock conditions."""
    problems, day = [], f"{clock_text(scenario.day_start)}-{clock_text(scenario.day_end)}"
    if scenario.day_start >= scenario.day_end:
        problems.append(_error(scenario, f"the day {day} ends before it starts", None, scenario.key_lines.get("day")))
    for event in scenario.events:
        if not scenario.day_start <= event.at <= scenario.day_end:
            message = f"event {event.index + 1} at {clock_text(event.at)} is outside the day ({day})"
            problems.append(_error(scenario, message, None, event.line))
        if event.node is None and not event.outcome.effects and not event.outcome.set_flags:
            message = f"event {event.index + 1} has no node, effects or flags: it does nothing"
            problems.append(_warning(scenario, message, None, event.line))
    if [event.at for event in scenario.events] != sorted(event.at for event in scenario.events):
        message = "events are not listed in time order (they fire by time; list them that way)"
        problems.append(_warning(scenario, message, None, scenario.key_lines.get("events")))
    for node, line, where, condition in _conditions(scenario):
        for test in condition.clock_tests():
            if not scenario.day_start <= test.minutes <= scenario.day_end:
                message = f"{where} compares the clock with {clock_text(test.minutes)}, outside the day ({day})"
                problems.append(_warning(scenario, message, node, line))
    return problems


def _error(scenario: Scenario, message: str, node: str | None, line: int | None) -> Problem:
    return Problem(scenario.source, message, node, line, "error")


def _warning(scenario: Scenario, message: str, node: str | None, line: int | None) -> Problem:
    return Problem(scenario.source, message, node, line, "warning")


def _name_problems(scenario: Scenario) -> list[Problem]:
    problems = []
    declared = [("meter", name, scenario.key_lines.get("meters")) for name in scenario.meters]
    declared += [("flag", name, scenario.key_lines.get("flags")) for name in scenario.flags]
    counts = Counter(name for _, name, _ in declared)
    for kind, name, line in declared:
        if not STATE_NAME.fullmatch(name) or name in KEYWORDS:
            message = f"{kind} '{name}' must be a lower-case name (letters, digits, _) and not {sorted(KEYWORDS)}"
            problems.append(_error(scenario, message, None, line))
        if counts[name] > 1:
            problems.append(_error(scenario, f"'{name}' is declared twice (meters and flags share names)", None, line))
    return problems


def _declaration_problems(scenario: Scenario, uses: list[_Use]) -> list[Problem]:
    problems = []
    for use in uses:
        message = _undeclared(scenario, use)
        if message:
            problems.append(_error(scenario, f"{use.where}: {message}", use.node, use.line))
    return problems


def _undeclared(scenario: Scenario, use: _Use) -> str | None:
    """Return what is wrong with a use of a name the scenario may not have declared as that kind."""
    meter, flag = use.name in scenario.meters, use.name in scenario.flags
    if use.kind == "meter-write" and not meter:
        return _not_declared(use.name, "meter")
    if use.kind in ("flag-set", "flag-clear") and not flag:
        return _not_declared(use.name, "flag")
    if use.kind == "meter-read" and not meter:
        return f"'{use.name}' is a flag: test it bare, as in `{use.name}`" if flag else _not_declared(use.name, "meter")
    if use.kind == "flag-read" and not flag:
        hint = f"'{use.name}' is a meter: compare it, as in `{use.name} >= 60`"
        return hint if meter else _not_declared(use.name, "flag")
    return None


def _not_declared(name: str, kind: str) -> str:
    return f"'{name}' is not a declared {kind}"


def _usage_warnings(scenario: Scenario, uses: list[_Use]) -> list[Problem]:
    kinds: dict[str, set[str]] = {}
    for use in uses:
        kinds.setdefault(use.name, set()).add(use.kind)
    problems, flags_line = [], scenario.key_lines.get("flags")
    for flag in scenario.flags:
        found = kinds.get(flag, set())
        if "flag-set" in found and "flag-read" not in found:
            problems.append(_warning(scenario, f"flag '{flag}' is set but never read", None, flags_line))
        elif "flag-read" in found and "flag-set" not in found:
            problems.append(_warning(scenario, f"flag '{flag}' is read but never set", None, flags_line))
        elif not found:
            problems.append(_warning(scenario, f"flag '{flag}' is declared but never used", None, flags_line))
    for meter in scenario.meters:
        if not kinds.get(meter):
            message = f"meter '{meter}' is declared but never changed or read"
            problems.append(_warning(scenario, message, None, scenario.key_lines.get("meters")))
    return problems + _range_warnings(scenario)


def _range_warnings(scenario: Scenario) -> list[Problem]:
    problems = []
    for node, line, where, condition in _conditions(scenario):
        for test in condition.meter_tests():
            if not 0 <= test.value <= 100:
                message = f"{where} compares '{test.meter}' with {test.value}, but meters run from 0 to 100"
                problems.append(_warning(scenario, message, node, line))
    return problems


def _conditions(scenario: Scenario) -> Iterator[tuple[str | None, int | None, str, Condition]]:
    """Yield every condition with where it is."""
    for ending in scenario.endings:
        if ending.when is not None:
            yield ending.id, ending.line, "when", ending.when
    for event in scenario.events:
        if event.when is not None:
            yield None, event.line, f"event {event.index + 1}: when", event.when
    for node in scenario.nodes.values():
        parts = (*node.text_parts, *getattr(node, "model_answer_parts", ()))
        for part in parts:
            if part.when is not None:
                yield node.id, node.line, "a part of its text: when", part.when


def _uses(scenario: Scenario) -> Iterator[_Use]:
    for node in scenario.decisions:
        for choice in node.choices:
            yield from _outcome_uses(choice.outcome, node.id, choice.line, f"choice '{choice.id}'")
    for task in scenario.write_tasks:
        yield from _outcome_uses(task.strong, task.id, task.line, "outcomes.strong")
        yield from _outcome_uses(task.weak, task.id, task.line, "outcomes.weak")
    for event in scenario.events:
        yield from _outcome_uses(event.outcome, None, event.line, f"event {event.index + 1}")
    for node in scenario.nodes.values():
        yield from (_Use(name, "flag-read", node.id, node.line, "relies_on") for name in sorted(node.relies_on))
    for node_id, line, where, condition in _conditions(scenario):
        yield from (_Use(name, "meter-read", node_id, line, where) for name in sorted(condition.meters_read()))
        yield from (_Use(name, "flag-read", node_id, line, where) for name in sorted(condition.flags_read()))


def _outcome_uses(outcome: Outcome, node: str | None, line: int | None, where: str) -> Iterator[_Use]:
    yield from (_Use(name, "meter-write", node, line, f"{where} effects") for name in outcome.effects)
    yield from (_Use(name, "flag-set", node, line, f"{where} set") for name in outcome.set_flags)
    yield from (_Use(name, "flag-clear", node, line, f"{where} clear") for name in outcome.clear_flags)
