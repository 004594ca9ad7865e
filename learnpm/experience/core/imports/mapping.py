"""Which column of a table holds what: the day, the hours (or a start and an end time), the project, the activity.

A tracker's export is read with its own mapping (trackers.py); any other spreadsheet with the one the learner
chose, first guessed from the column names. A mapping is remembered by the table's shape: the set of its
column names, so that next month's export of the same sheet needs no mapping again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from learnpm.experience.core.csv.table import CsvProblem
from learnpm.experience.core.imports.cells import (
    DATE_ORDERS,
    CellError,
    DateOrder,
    detect_date_order,
    hours_between,
    parse_clock,
    parse_day,
    parse_duration,
)
from learnpm.experience.core.imports.rows import RowsRead, SourceRow, row_key, with_occurrences
from learnpm.experience.core.imports.sheet import Sheet, SheetRow

ROLES = ("day", "hours", "start", "end", "project", "activity", "client")
ROLE_LABELS = {"day": "Date", "hours": "Hours or duration", "start": "Start time", "end": "End time",
               "project": "Project", "activity": "What you did", "client": "Client or organization"}
# Column names people give each role, lower case; the first column that matches one is guessed.
T = TypeVar("T")
SYNONYMS = {
    "day": ("date", "day", "start date", "work date", "datum", "fecha"),
    "hours": ("hours", "duration", "duration (decimal)", "duration (h)", "time", "hours worked", "total hours",
              "time spent", "spent", "time (decimal)", "heures", "stunden"),
    "start": ("start", "start time", "from", "begin", "started"),
    "end": ("end", "end time", "to", "finish", "stop", "ended"),
    "project": ("project", "project name", "job", "engagement", "projekt", "projet"),
    "activity": ("description", "activity", "task", "notes", "note", "what", "what i did", "summary", "details",
                 "comment"),
    "client": ("client", "customer", "organization", "organisation", "company"),
}


@dataclass(frozen=True)
class ColumnMapping:
    """The column (by its header name) that holds each role; empty when the table has none for it."""

    day: str = ""
    hours: str = ""
    start: str = ""
    end: str = ""
    project: str = ""
    activity: str = ""
    client: str = ""
    # Further columns read when the activity column is empty (a tracker's Task after its Description).
    activity_fallbacks: tuple[str, ...] = field(default=())
    # The columns whose cells identify a row's work across imports; every mapped column when empty.
    key_columns: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, str]:
        """Return the mapping of each role, to remember it."""
        return {role: getattr(self, role) for role in ROLES}

    @classmethod
    def from_dict(cls, values: Mapping[str, object]) -> ColumnMapping:
        """Return a mapping from remembered or submitted roles, ignoring anything else."""
        return cls(**{role: str(values.get(role) or "") for role in ROLES})


def shape_key(columns: Iterable[str]) -> str:
    """Return what identifies a table's shape: a digest of its column names, in any order and letter case."""
    names = sorted({name.strip().lower() for name in columns})
    return hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()[:32]


def guess_mapping(columns: Sequence[str]) -> ColumnMapping:
    """Return the mapping the column names suggest, each column used once."""
    taken: set[str] = set()
    chosen = {}
    for role in ROLES:
        lowered = {name.strip().lower(): name for name in columns if name not in taken}
        name = next((lowered[synonym] for synonym in SYNONYMS[role] if synonym in lowered), "")
        chosen[role] = name
        taken.add(name)
    return ColumnMapping(**chosen)


def mapping_problems(mapping: ColumnMapping, columns: Sequence[str]) -> tuple[CsvProblem, ...]:
    """Return what keeps a mapping from reading the table: unknown columns, no day, no way to the hours."""
    problems = [CsvProblem(f"there is no column {name!r}", None, ROLE_LABELS[role])
                for role, name in mapping.as_dict().items() if name and name not in columns]
    if not mapping.day:
        problems.append(CsvProblem("choose the column that holds the date", None, ROLE_LABELS["day"]))
    if not mapping.hours and not (mapping.start and mapping.end):
        problems.append(CsvProblem("choose the column of hours, or the start and the end time", None,
                                   ROLE_LABELS["hours"]))
    return tuple(problems)


def read_rows(sheet: Sheet, mapping: ColumnMapping, source: str, order: DateOrder | None = None) -> RowsRead:
    """Read every row of `sheet` with `mapping`; days with slashes need `order` unless the file gives it away."""
    problems = list(mapping_problems(mapping, sheet.columns))
    if problems:
        return RowsRead((), tuple(problems))
    order = order or detect_date_order(sheet.values(mapping.day))
    rows = []
    for sheet_row in sheet.rows:
        row = _row(sheet_row, mapping, source, order, problems)
        if row is not None:
            rows.append(row)
    ambiguous = order is None and any("month first or day first" in p.message for p in problems)
    if ambiguous:  # one question for the whole column, not one per row
        problems = [p for p in problems if "month first or day first" not in p.message]
        choices = " or ".join(text for key, text in DATE_ORDERS.items() if key != "iso")
        problems.insert(0, CsvProblem(f"every date could be read {choices}: say which", None, ROLE_LABELS["day"]))
    return RowsRead(with_occurrences(rows), tuple(problems), ambiguous)


@dataclass
class _RowReader:
    """One row being read: each cell that cannot be read adds a problem at its row and column."""

    row: SheetRow
    problems: list[CsvProblem]

    def cell(self, column: str, parse: Callable[[object], T]) -> T | None:
        try:
            return parse(self.row.cells[column])
        except CellError as error:
            self.problems.append(CsvProblem(str(error), self.row.number, column))
            return None

    def text(self, *columns: str) -> str:
        """Return the first of the columns' cells that is not empty, trimmed."""
        for column in columns:
            value = str(self.row.cells.get(column, "") if column else "").strip()
            if value:
                return value
        return ""


def _row(
    sheet_row: SheetRow, mapping: ColumnMapping, source: str, order: DateOrder | None, problems: list[CsvProblem]
) -> SourceRow | None:
    reader, before = _RowReader(sheet_row, problems), len(problems)
    day = reader.cell(mapping.day, lambda value: parse_day(value, order))
    if mapping.hours:
        hours = reader.cell(mapping.hours, parse_duration)
    else:
        start, end = reader.cell(mapping.start, parse_clock), reader.cell(mapping.end, parse_clock)
        hours = None if start is None or end is None else hours_between(start, end)
    if len(problems) > before or day is None or hours is None:
        return None
    key_columns = mapping.key_columns or tuple(name for name in mapping.as_dict().values() if name)
    key = row_key(source, [sheet_row.cells.get(column, "") for column in key_columns])
    return SourceRow(sheet_row.number, day, hours, reader.text(mapping.project),
                     reader.text(mapping.activity, *mapping.activity_fallbacks), reader.text(mapping.client), key)
