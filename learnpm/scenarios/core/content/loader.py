"""Load scenarios and the competency vocabulary from content files into immutable objects."""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from learnpm.scenarios.core.checks.static import static_problems
from learnpm.scenarios.core.content import schema
from learnpm.scenarios.core.content.convert import build_scenario
from learnpm.scenarios.core.content.problems import ContentError, Problem, errors_in
from learnpm.scenarios.core.content.scenario import Scenario

if TYPE_CHECKING:
    from learnpm.scenarios.core.content.week import Week
from learnpm.scenarios.core.content.yamlread import Path, node_of, read_yaml

COMPETENCIES_FILE = "competencies.yaml"
SCENARIOS_FOLDER = "scenarios"
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Competency:
    """A skill a scenario trains, from competencies.yaml."""

    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Library:
    """Every playable scenario and the competency vocabulary, plus what is wrong with the rest."""

    scenarios: Mapping[str, Scenario]
    competencies: Mapping[str, Competency]
    problems: tuple[Problem, ...]
    weeks: Mapping[str, Week] = field(default_factory=lambda: MappingProxyType({}))  # only weeks with every day sound


def read_scenario(path: FilePath) -> tuple[Scenario | None, tuple[Problem, ...]]:
    """Read a scenario file and check its shape; return the scenario (None if its shape is wrong) and problems.

    A scenario comes back even when the file has other errors (a duplicate key, an unquoted time), so
    the validator can report more; never play one before checking the problems for errors.
    """
    document = read_yaml(path)
    if document.data is None:
        return None, document.problems
    model = _validate(schema.ScenarioModel, document.data, str(path), document.lines)
    if isinstance(model, tuple):
        return None, document.problems + model
    scenario = build_scenario(model, str(path), document.lines)
    return scenario, document.problems


def load_scenario(path: FilePath, competency_ids: Set[str] | None = None) -> Scenario:
    """Load a scenario that passes every static check; raise ContentError listing the errors otherwise."""
    scenario, problems = read_scenario(path)
    if scenario is not None:
        problems += static_problems(scenario, competency_ids)
    errors = errors_in(problems)
    if errors or scenario is None:
        raise ContentError(errors)
    return scenario


def read_competencies(path: FilePath) -> tuple[Mapping[str, Competency] | None, tuple[Problem, ...]]:
    """Read the competency vocabulary; return it (None if unusable) and the problems found."""
    document = read_yaml(path)
    if not isinstance(document.data, dict):
        missing = () if document.problems else (Problem(str(path), "expected a mapping of competency ids"),)
        return None, document.problems + missing
    found: dict[str, Competency] = {}
    problems = list(document.problems)
    for key, value in document.data.items():
        model = _validate(schema.CompetencyModel, value, str(path), document.lines, (key,))
        if isinstance(model, tuple):
            problems.extend(model)
        else:
            found[str(key)] = Competency(str(key), model.label, model.description)
    usable = not errors_in(problems)
    return (MappingProxyType(found) if usable else None), tuple(problems)


def load_competencies(path: FilePath) -> Mapping[str, Competency]:
    """Load the competency vocabulary; raise ContentError if the file is broken."""
    competencies, problems = read_competencies(path)
    if competencies is None:
        raise ContentError(errors_in(problems))
    return competencies


def scenario_files(content_dir: FilePath) -> tuple[FilePath, ...]:
    """Return the scenario files of a content folder, sorted by name."""
    return tuple(sorted((content_dir / SCENARIOS_FOLDER).glob("*.yaml")))


def load_library(content_dir: FilePath) -> Library:
    """Load every scenario that passes the static checks; list the problems of all files."""
    competencies, problems = read_competencies(content_dir / COMPETENCIES_FILE)
    known = frozenset(competencies) if competencies is not None else None
    scenarios: dict[str, Scenario] = {}
    for path in scenario_files(content_dir):
        scenario, found = read_scenario(path)
        if scenario is not None:
            found += static_problems(scenario, known)
        problems += found
        if scenario is not None and not errors_in(found):
            scenarios[scenario.id] = scenario
    weeks, week_findings = _load_weeks(content_dir, scenarios)
    return Library(MappingProxyType(scenarios), competencies or MappingProxyType({}), problems + week_findings,
                   weeks)


def _load_weeks(content_dir: FilePath, scenarios: Mapping[str, Scenario]) -> tuple[Mapping[str, Week],
                                                                                  tuple[Problem, ...]]:
    """Load the weeks whose files and days are sound."""
    from learnpm.scenarios.core.content.week import read_week, week_files, week_problems

    weeks: dict[str, Week] = {}
    problems: list[Problem] = []
    for path in week_files(content_dir):
        week, found = read_week(path)
        found += week_problems(week, scenarios) if week is not None else []
        problems += found
        if week is not None and not errors_in(found):
            weeks[week.id] = week
    return MappingProxyType(weeks), tuple(problems)


def read_model(path: FilePath, model: type[ModelT]) -> tuple[ModelT | None, tuple[Problem, ...]]:
    """Read a YAML file into a model; return it (None when unusable) and the problems, with their lines."""
    document = read_yaml(path)
    if document.problems:
        return None, document.problems
    found = _validate(model, document.data, str(path), document.lines)
    return (None, found) if isinstance(found, tuple) else (found, ())


def _validate(
    model: type[ModelT], data: Any, file: str, lines: Mapping[Path, int], prefix: Path = ()
) -> ModelT | tuple[Problem, ...]:
    """Validate data against a model, or return its errors as problems with lines."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        return tuple(_problem(file, lines, (*prefix, *detail["loc"]), detail) for detail in error.errors())


def _problem(file: str, lines: Mapping[Path, int], raw_loc: Path, detail: Any) -> Problem:
    loc = _without_node_type(raw_loc)
    node = node_of(loc)
    inside = loc[2:] if node is not None else loc
    message = _message(detail, inside, raw_loc)
    where = _dotted(inside[:-1] if detail["type"] in ("missing", "extra_forbidden") else inside)
    return Problem(file, f"{where}: {message}" if where else message, node, _line_of(lines, loc))


def _without_node_type(loc: Path) -> Path:
    """Drop the union tag pydantic puts after a node id (nodes.standup.decision.text)."""
    if len(loc) > 2 and loc[0] == "nodes" and loc[2] in schema.NODE_TYPES:
        return (*loc[:2], *loc[3:])
    return loc


def _message(detail: Any, inside: Path, raw_loc: Path) -> str:
    kind, last = detail["type"], (inside[-1] if inside else "")
    if kind == "missing":
        return f"missing key '{last}'"
    if kind == "extra_forbidden":
        ending = len(raw_loc) == 4 and raw_loc[0] == "nodes" and raw_loc[2] == "ending"
        hint = " (an ending has no choices: it ends the day)" if ending and last in ("choices", "next") else ""
        return f"unknown key '{last}'{hint}"
    if kind == "node_type":
        return f"type {detail['input'].get('type')!r} must be decision, write or ending"
    return str(detail["msg"]).removeprefix("Value error, ")


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_of(lines: Mapping[Path, int], loc: Path) -> int | None:
    """Return the line of the deepest part of a path that the file has."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None
