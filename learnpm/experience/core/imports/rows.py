"""What every import reads from its file, whatever the file: one row of time worked, and how rows are told apart.

A row's key is what makes a second import of the same work add nothing: a digest of the source and the cells
that identify the work (for a tracker, its own columns; for a calendar, the event's UID and the occurrence's
start). Rows that are alike in every such cell are told apart by their order in the file, so two identical
one-hour calls on one day stay two entries, in this file and in any later export that holds them both.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from learnpm.experience.core.csv.table import CsvProblem


@dataclass(frozen=True)
class SourceRow:
    """Time worked, as one row of an imported file says it: the day, the hours, whose project, doing what."""

    number: int  # the row as the spreadsheet shows it, or the event's position in a calendar
    day: date
    hours: Decimal  # as the file says, before rounding to the log's step
    group: str  # the tracker's project, the spreadsheet's project cell, or the calendar event's title
    activity: str = ""
    client: str = ""
    key: str = ""


@dataclass(frozen=True)
class RowsRead:
    """The rows a file holds, the problems found in it by row, and the date order it was read in."""

    rows: tuple[SourceRow, ...]
    problems: tuple[CsvProblem, ...] = ()
    needs_date_order: bool = False
    notes: tuple[str, ...] = ()  # what was left out of the file on purpose, and why


def row_key(source: str, parts: Iterable[object]) -> str:
    """Return the digest that identifies a row's work across imports."""
    text = "\x1f".join([source, *(str(part).strip() for part in parts)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:48]


def with_occurrences(rows: Sequence[SourceRow]) -> tuple[SourceRow, ...]:
    """Return the rows with each repeated key made unique by its occurrence in the file (the first keeps it)."""
    seen: Counter[str] = Counter()
    keyed = []
    for row in rows:
        seen[row.key] += 1
        count = seen[row.key]
        keyed.append(row if count == 1 else replace(row, key=row_key(row.key, [count])))
    return tuple(keyed)


@dataclass(frozen=True)
class Group:
    """The rows of one tracker project (or calendar title): what the preview maps to a learnpm project."""

    name: str
    client: str
    rows: int
    hours: Decimal
    first_day: date
    last_day: date

    @property
    def field_name(self) -> str:
        """Return a form field name that stays the same for this group from preview to import."""
        return "group_" + hashlib.sha1(self.name.encode("utf-8")).hexdigest()[:12]  # noqa: S324 - a name, not a secret


def groups_of(rows: Iterable[SourceRow]) -> tuple[Group, ...]:
    """Return the groups of the rows, by name, with their counts, hours and days."""
    found: dict[str, list[SourceRow]] = {}
    for row in rows:
        found.setdefault(row.group, []).append(row)
    return tuple(
        Group(name, next((r.client for r in members if r.client), ""), len(members),
              sum((r.hours for r in members), Decimal(0)), min(r.day for r in members), max(r.day for r in members))
        for name, members in sorted(found.items(), key=lambda item: item[0].lower())
    )
