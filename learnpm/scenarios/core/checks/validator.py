"""Check a content folder: every static rule, then a simulation of each scenario. The CLI decides exit codes."""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path as FilePath
from types import MappingProxyType

from learnpm.scenarios.core.checks.cast import cast_problems, read_cast
from learnpm.scenarios.core.checks.simulate import DEFAULT_RUNS, DEFAULT_SEED, Simulation, simulate
from learnpm.scenarios.core.checks.static import MIN_DECISIONS, static_problems
from learnpm.scenarios.core.checks.weekplay import WeekReport, check_weeks, format_week
from learnpm.scenarios.core.content.conditions import clock_text
from learnpm.scenarios.core.content.loader import COMPETENCIES_FILE, read_competencies, read_scenario, scenario_files
from learnpm.scenarios.core.content.problems import Level, Problem, errors_in
from learnpm.scenarios.core.content.scenario import Scenario


@dataclass(frozen=True)
class Report:
    """Everything the validator found in a content folder."""

    findings: tuple[Problem, ...]
    simulations: Mapping[str, Simulation]  # by scenario file
    files: tuple[str, ...]
    weeks: WeekReport | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Return the findings that must be fixed."""
        return errors_in(self.findings)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Return the findings worth a look."""
        return tuple(finding for finding in self.findings if finding.level == "warning")


def check_library(content_dir: FilePath, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED) -> Report:
    """Check the vocabulary and every scenario file of a content folder."""
    competencies_path = content_dir / COMPETENCIES_FILE
    competencies, findings = read_competencies(competencies_path)
    known = frozenset(competencies) if competencies is not None else None
    files = [str(competencies_path)]
    simulations: dict[str, Simulation] = {}
    paths = scenario_files(content_dir)
    if not paths:
        findings += (Problem(str(content_dir / "scenarios"), "no scenario files (*.yaml) found", level="warning"),)
    scenarios = []
    for path in paths:
        scenario, found, simulation = _check_file(path, known, runs, seed)
        findings += found
        files.append(str(path))
        if simulation is not None:
            simulations[str(path)] = simulation
        if scenario is not None and simulation is not None:  # it passed every static check
            scenarios.append(scenario)
    cast, cast_findings = read_cast(content_dir)
    findings += tuple(cast_findings) + tuple(cast_problems(cast, scenarios) if cast is not None else ())
    by_id = {scenario.id: scenario for scenario in scenarios}
    weeks = check_weeks(content_dir, by_id)
    findings = tuple(finding for finding in findings if not weeks.excuses(finding, by_id)) + weeks.problems
    return Report(findings, MappingProxyType(simulations), tuple(files), weeks)


def check_scenario_file(
    path: FilePath, competency_ids: Set[str] | None, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED
) -> tuple[tuple[Problem, ...], Simulation | None]:
    """Check one scenario file; simulate it only when no static check failed."""
    _scenario, problems, simulation = _check_file(path, competency_ids, runs, seed)
    return problems, simulation


def _check_file(
    path: FilePath, competency_ids: Set[str] | None, runs: int, seed: int
) -> tuple[Scenario | None, tuple[Problem, ...], Simulation | None]:
    scenario, problems = read_scenario(path)
    if scenario is None:
        return None, problems, None
    problems += static_problems(scenario, competency_ids)
    if errors_in(problems):
        return scenario, problems, None
    simulation = simulate(scenario, runs, seed)
    return scenario, problems + tuple(simulation_problems(scenario, simulation)), simulation


def simulation_problems(scenario: Scenario, simulation: Simulation) -> list[Problem]:
    """Turn what the simulation saw into findings: stuck plays, unreached endings, unavoidable deadlines."""
    problems = [Problem(scenario.source, failure) for failure in simulation.failures]
    # Exhaustive enumeration proves a fault; sampling only suggests one, so it is a warning.
    proven: Level = "error" if simulation.exhaustive else "warning"
    how = "every path explored" if simulation.exhaustive else _sampled(simulation)
    for ending in scenario.endings:
        if ending.id not in simulation.endings_reached:
            message = f"no playthrough reached this ending ({how}): can its `when` hold?"
            problems.append(Problem(scenario.source, message, ending.id, ending.line, proven))
    for index in simulation.never_avoided:
        event = scenario.events[index]
        deadline = f"deadline event {index + 1} at {clock_text(event.at)} (when {event.when})"
        message = f"{deadline} fired in every playthrough ({how}): a learner cannot avoid it"
        problems.append(Problem(scenario.source, message, None, event.line, proven))
    if simulation.fewest_decisions is not None and simulation.fewest_decisions < MIN_DECISIONS:
        message = f"the shortest playthrough asks for only {simulation.fewest_decisions} decisions"
        problems.append(Problem(scenario.source, message, level="warning"))
    if simulation.overtime_runs:
        message = (
            f"{simulation.overtime_runs} of {simulation.runs} random playthroughs run past "
            f"{clock_text(scenario.day_end)}, when the day ends them"
        )
        problems.append(Problem(scenario.source, message, level="warning"))
    return problems


def _sampled(simulation: Simulation) -> str:
    return f"{simulation.path_count} of more paths explored, {simulation.runs} random runs"


def format_report(report: Report) -> str:
    """Return the report as text for a terminal: findings first, then one summary line per scenario."""
    order = {file: position for position, file in enumerate(report.files)}
    findings = sorted(report.findings, key=lambda p: (order.get(p.file, len(order)), p.line or 0, p.message))
    lines = [str(finding) for finding in findings]
    lines += [_simulation_line(file, simulation) for file, simulation in report.simulations.items()]
    if report.weeks is not None:
        lines += [format_week(report.weeks.weeks[week_id], simulation)
                  for week_id, simulation in report.weeks.simulations.items()]
    scenarios = len(report.files) - 1
    lines.append(f"{scenarios} scenario files: {len(report.errors)} errors, {len(report.warnings)} warnings")
    return "\n".join(lines)


def _simulation_line(file: str, simulation: Simulation) -> str:
    paths = f"{simulation.path_count} paths" if simulation.exhaustive else f"over {simulation.path_count} paths"
    endings = ", ".join(f"{ending} {count}" for ending, count in sorted(simulation.endings_by_runs.items()))
    meters = ", ".join(f"{name} {low}-{high}" for name, (low, high) in simulation.meter_ranges.items())
    low, median, high = simulation.minutes
    return (
        f"{file}: {paths}; {simulation.runs} random runs (seed {simulation.seed}) end in: {endings}; "
        f"meters {meters}; minutes {low}/{median}/{high} (min/median/max)"
    )
