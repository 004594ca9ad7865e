"""The editable week: a row per project, a cell per day, and what saving the typed cells would change.

A cell stands for the entries of one project on one day. A cell holding one entry (or none) is edited in place:
a new amount changes that entry, an empty cell or 0 removes it, an amount in an empty cell logs a new entry. A cell
holding several entries (different process groups or descriptions) is shown as their sum and never edited here,
so that their detail is not merged away; they are changed one by one on the entry's own page.
Every changed cell passes the rules of a single entry, and each day must stay within the daily limit across the
whole grid. Any problem refuses the whole week, so that nothing is half-saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from learnpm.experience.core.amounts import AmountProblem, parse_amount, plain
from learnpm.experience.core.entries import Entry, ProjectMonths, entry_problems, week_start
from learnpm.experience.core.rules.library import RuleLibrary, default_rules

ZERO = Decimal(0)


@dataclass(frozen=True)
class LoggedEntry:
    """An entry already in the log, as the grid needs it."""

    entry_id: int
    project_ref: str
    day: date
    hours: Decimal


@dataclass(frozen=True)
class GridProject:
    """A project that may have a row: its reference and its months."""

    ref: str
    months: ProjectMonths


@dataclass(frozen=True)
class GridCell:
    """The hours of one project on one day, and the entries that hold them."""

    project_ref: str
    day: date
    hours: Decimal
    entry_ids: tuple[int, ...]
    open: bool  # the day is past or today and inside the project's months

    @property
    def name(self) -> str:
        """Return the name of the cell's input."""
        return cell_name(self.project_ref, self.day)

    @property
    def editable(self) -> bool:
        """Tell whether the grid edits this cell (it holds at most one entry)."""
        return len(self.entry_ids) <= 1


@dataclass(frozen=True)
class GridRow:
    project_ref: str
    cells: tuple[GridCell, ...]
    total: Decimal


@dataclass(frozen=True)
class WeekGrid:
    """A week of hours to edit: one row per project, one column per day, with totals."""

    days: tuple[date, ...]
    rows: tuple[GridRow, ...]
    day_totals: tuple[Decimal, ...]
    total: Decimal

    def cells(self) -> Iterable[GridCell]:
        """Yield every cell, row by row."""
        for row in self.rows:
            yield from row.cells


@dataclass(frozen=True)
class CellChange:
    """What saving does to one cell: log, change or remove (`hours` None) its entry."""

    project_ref: str
    day: date
    hours: Decimal | None
    entry_id: int | None


@dataclass(frozen=True)
class WeekPlan:
    """The changes the typed grid asks for, or the problems that refuse it, by cell name."""

    changes: tuple[CellChange, ...]
    problems: Mapping[str, str]

    @property
    def removals(self) -> tuple[CellChange, ...]:
        return tuple(change for change in self.changes if change.hours is None)


def first_hours_tags(breakdown: str, chosen: str, rules: RuleLibrary | None = None
                     ) -> tuple[list[str], list[str]] | None:
    """Return the process groups and domains of a project's first hours, from its row's choice of one process group
    (or one domain, when the project is described by domain); None for a choice the rule set does not know."""
    rules = rules or default_rules()
    if not chosen:
        return [], []
    if breakdown == "domain":
        return ([], [chosen]) if chosen in rules.domain_ids else None
    return ([chosen], []) if chosen in rules.process_group_ids else None


def cell_name(project_ref: str, day: date) -> str:
    """Return the form name of a project's cell on a day."""
    return f"cell-{project_ref}-{day.isoformat()}"


def week_grid(projects: Sequence[GridProject], entries: Iterable[LoggedEntry], day: date, today: date,
              rules: RuleLibrary | None = None) -> WeekGrid:
    """Return the grid of the week holding `day`: a row per project running that week or holding hours in it."""
    first = week_start(day, rules)
    days = tuple(first + timedelta(days=offset) for offset in range(7))
    held: dict[tuple[str, date], list[LoggedEntry]] = {}
    for entry in entries:
        if first <= entry.day <= days[-1]:
            held.setdefault((entry.project_ref, entry.day), []).append(entry)
    with_hours = {ref for ref, _day in held}
    rows = []
    for project in projects:
        if project.ref in with_hours or any(project.months.contains(d) for d in days):
            cells = tuple(_cell(project, d, held.get((project.ref, d), []), today) for d in days)
            rows.append(GridRow(project.ref, cells, sum((cell.hours for cell in cells), ZERO)))
    day_totals = tuple(sum((row.cells[index].hours for row in rows), ZERO) for index in range(7))
    return WeekGrid(days, tuple(rows), day_totals, sum(day_totals, ZERO))


def _cell(project: GridProject, day: date, entries: list[LoggedEntry], today: date) -> GridCell:
    return GridCell(project.ref, day, sum((entry.hours for entry in entries), ZERO),
                    tuple(sorted(entry.entry_id for entry in entries)), day <= today and project.months.contains(day))


def plan_week(grid: WeekGrid, typed: Mapping[str, str], projects: Mapping[str, GridProject], today: date,
              rules: RuleLibrary | None = None) -> WeekPlan:
    """Return what saving the typed cells changes, or why it is refused (every cell's problem at the cell).

    Cells not typed (absent from `typed`) and cells holding several entries keep what they hold.
    """
    rules = rules or default_rules()
    changes: dict[str, CellChange] = {}
    problems: dict[str, str] = {}
    for cell in grid.cells():
        if not cell.editable or cell.name not in typed:
            continue
        try:
            hours = _typed_hours(typed[cell.name], rules)
        except AmountProblem as problem:
            problems[cell.name] = str(problem)
            continue
        if (hours or ZERO) == cell.hours:
            continue
        entry_id = cell.entry_ids[0] if cell.entry_ids else None
        problem = _entry_problem(cell, hours, projects[cell.project_ref], today, rules)
        if problem:
            problems[cell.name] = problem
        else:
            changes[cell.name] = CellChange(cell.project_ref, cell.day, hours, entry_id)
    problems.update(_day_limit_problems(grid, changes, problems, rules))
    return WeekPlan(() if problems else tuple(changes.values()), problems)


def _typed_hours(text: str, rules: RuleLibrary) -> Decimal | None:
    """Return the hours typed in a cell, None for an empty cell or 0 (which remove the entry)."""
    if not text.strip():
        return None
    hours = parse_amount(text, 2, rules.hours_log.max_hours_per_day, "hours")
    return hours or None


def _entry_problem(cell: GridCell, hours: Decimal | None, project: GridProject, today: date,
                   rules: RuleLibrary) -> str | None:
    """Return why a single entry of `hours` on this cell's day would be refused (a removal never is)."""
    if hours is None:
        return None
    entry = Entry(cell.project_ref, cell.day, hours)
    found = entry_problems(entry, today=today, project=project.months, rules=rules)
    return found[0].message if found else None


def _day_limit_problems(grid: WeekGrid, changes: Mapping[str, CellChange], problems: Mapping[str, str],
                        rules: RuleLibrary) -> dict[str, str]:
    """Return a problem at each raised cell of a day that the typed grid takes over the daily limit."""
    limit, found = rules.hours_log.max_hours_per_day, {}
    for index, day in enumerate(grid.days):
        column = [row.cells[index] for row in grid.rows]
        total = sum((_new_hours(cell, changes) for cell in column), ZERO)
        if total <= limit:
            continue
        message = f"{day:%a %d %b} would hold {plain(total)} h across your projects; a day holds at most {plain(limit)}."
        for cell in column:
            if cell.name in changes and cell.name not in problems and _new_hours(cell, changes) > cell.hours:
                found[cell.name] = message
    return found


def _new_hours(cell: GridCell, changes: Mapping[str, CellChange]) -> Decimal:
    change = changes.get(cell.name)
    return cell.hours if change is None else change.hours or ZERO
