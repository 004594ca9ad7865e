"""What an import would do, before anything is saved: each row's entry and project, what is left out and why,
and every problem by row. It is all or nothing: the plan is saved only when it holds no problem.

Every entry passes the checks an entry typed by hand passes (a day that has come and lies in its project's
months, hours in the log's steps, at most the day's limit with what is logged already). Hours are rounded to
the log's step (a tracker's 1:17 becomes 1.25); a row that rounds to nothing is left out, as is a row already
imported (its key is known). A tracker project mapped to a new learnpm project makes one, named after it, whose
months run from its first to its last row: ended, as PMI's form takes it, never in progress by guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from learnpm.experience.core.csv.table import CsvProblem
from learnpm.experience.core.entries import Entry, ProjectMonths, entry_problems
from learnpm.experience.core.imports.cells import duration_text, round_to_step
from learnpm.experience.core.imports.rows import Group, SourceRow, groups_of
from learnpm.experience.core.months import Month
from learnpm.experience.core.rules.library import RuleLibrary, default_rules

SKIP, NEW = "skip", "new"
_FIELD_COLUMNS = {"day": "date"}


@dataclass(frozen=True)
class PlannedEntry:
    """An entry the import would add: from which row, how many hours once rounded, to which project."""

    row: SourceRow
    hours: Decimal
    target: str  # a learnpm project's ref, or NEW + ":" + the group's name

    @property
    def rounded(self) -> bool:
        return self.hours != self.row.hours

    @property
    def duration(self) -> str:
        """Return the row's own duration as a tracker shows it, e.g. 1:17."""
        return duration_text(self.row.hours)


@dataclass(frozen=True)
class LeftOut:
    """A row the import leaves out on purpose, and why."""

    row: SourceRow
    reason: str


@dataclass(frozen=True)
class NewProject:
    """A learnpm project the import would create from a tracker's project."""

    name: str
    client: str
    months: ProjectMonths


@dataclass(frozen=True)
class ImportPlan:
    """Everything an import would add, leave out and create, or the problems that stop it."""

    entries: tuple[PlannedEntry, ...]
    left_out: tuple[LeftOut, ...]
    new_projects: tuple[NewProject, ...]
    problems: tuple[CsvProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def hours(self) -> Decimal:
        return sum((entry.hours for entry in self.entries), Decimal(0))


def plan_import(
    rows: Sequence[SourceRow],
    choices: Mapping[str, str],
    *,
    projects: Mapping[str, ProjectMonths],
    imported_keys: Iterable[str],
    existing_hours_by_day: Mapping[date, Decimal],
    today: date,
    rules: RuleLibrary | None = None,
) -> ImportPlan:
    """Return the plan of importing `rows`, each group going where `choices` says: a project ref, NEW or SKIP."""
    rules = rules or default_rules()
    groups = {group.name: group for group in groups_of(rows)}
    problems, unplaced = [], set()
    for group in groups.values():
        found = _choice_problems(group, choices, projects, rules)
        problems += found
        unplaced |= {group.name} if found else set()
    known = frozenset(imported_keys)
    planned, left_out = [], []
    for row in rows:
        if row.group in unplaced:
            continue  # its group's problem is reported once, not on every row
        choice = choices.get(row.group, SKIP)
        hours = round_to_step(row.hours, rules.hours_log.hours_step)
        reason = _left_out_reason(row, choice, hours, known)
        if reason:
            left_out.append(LeftOut(row, reason))
        else:
            planned.append(PlannedEntry(row, hours, f"{NEW}:{row.group}" if choice == NEW else choice))
    new_projects = tuple(_new_project(groups[name]) for name in groups if choices.get(name) == NEW
                         and any(entry.target == f"{NEW}:{name}" for entry in planned))
    months = {**projects, **{f"{NEW}:{project.name}": project.months for project in new_projects}}
    problems += _entry_problems(planned, months, existing_hours_by_day, today, rules)
    found = sorted(problems, key=lambda problem: (problem.row or 0, problem.column or ""))
    return ImportPlan(tuple(planned), tuple(left_out), new_projects, tuple(found))


def _choice_problems(group: Group, choices: Mapping[str, str], projects: Mapping[str, ProjectMonths],
                     rules: RuleLibrary) -> list[CsvProblem]:
    choice = choices.get(group.name, "")
    shown = group.name or "rows without a project"
    limit = rules.pmp.application_form.title_max_chars
    if choice not in (SKIP, NEW) and choice not in projects:
        return [CsvProblem(f"choose where the {group.rows} row(s) of “{shown}” go", None, shown)]
    if choice == NEW and not group.name:
        return [CsvProblem("rows without a project cannot make one: choose one of your projects for them",
                           None, shown)]
    if choice == NEW and len(group.name) > limit:
        return [CsvProblem(f"“{group.name}” is longer than the {limit} characters PMI's form takes for a "
                           "project title: choose one of your projects for it", None, shown)]
    return []


def _left_out_reason(row: SourceRow, choice: str, hours: Decimal, known: frozenset[str]) -> str:
    if choice == SKIP:
        return "its project is left out"
    if row.key in known:
        return "already in your log from an earlier import"
    if hours == 0:
        return f"{duration_text(row.hours)} is less than half the log's step"
    return ""


def _new_project(group: Group) -> NewProject:
    return NewProject(group.name, group.client, ProjectMonths(Month.of(group.first_day), Month.of(group.last_day)))


def _entry_problems(
    planned: Sequence[PlannedEntry], months: Mapping[str, ProjectMonths],
    existing_hours_by_day: Mapping[date, Decimal], today: date, rules: RuleLibrary,
) -> list[CsvProblem]:
    """Check every planned entry as one typed in, the day's limit counting the log and the other planned entries."""
    day_totals = dict(existing_hours_by_day)
    for entry in planned:
        day_totals[entry.row.day] = day_totals.get(entry.row.day, Decimal(0)) + entry.hours
    problems = []
    for entry in planned:
        row = entry.row
        value = Entry(entry.target, row.day, entry.hours, row.activity[:200])
        others = day_totals[row.day] - entry.hours
        for problem in entry_problems(value, today=today, project=months[entry.target],
                                      other_hours_that_day=others, rules=rules):
            problems.append(CsvProblem(f"{row.day} ({row.group or 'no project'}): {problem.message}", row.number,
                                       _FIELD_COLUMNS.get(problem.field, problem.field)))
    return problems
