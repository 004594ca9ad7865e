"""The hours as a workbook for people to read (through openpyxl): a summary sheet, then one sheet per project with
its entries and its totals by month.

Text a spreadsheet would run as a formula is written as text; days are real dates and hours real numbers,
so that the workbook sums and sorts as its reader expects.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from learnpm.experience.core.entries import Entry, hours_by_month

MAX_SHEET_NAME = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
ENTRY_COLUMNS = ("Date", "Hours", "What you did", "Process groups", "Exam domains", "Notes")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


@dataclass(frozen=True)
class WorkbookProject:
    """A project as the workbook names it: its reference in the entries, its title and its months."""

    ref: str
    title: str
    months: str


def hours_workbook(projects: Sequence[WorkbookProject], entries: Iterable[Entry],
                   labels: Mapping[str, str] | None = None) -> bytes:
    """Return an XLSX workbook of the hours: a summary, then a sheet per project, entries oldest first."""
    from openpyxl import Workbook  # imported here: only this export needs it

    by_project: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.day):
        by_project[entry.project_ref].append(entry)
    workbook = Workbook()
    workbook.active.title = "Summary"
    _summary(_Sheet(workbook.active), projects, by_project)
    names = {"summary"}
    for project in projects:
        sheet = workbook.create_sheet(_sheet_name(project.title, names))
        _project_sheet(_Sheet(sheet), project, by_project.get(project.ref, []), labels or {})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Sheet:
    """A sheet written row after row: text stays text (never a formula), days are dates, hours numbers."""

    def __init__(self, sheet: Any) -> None:
        self.sheet, self.row = sheet, 0

    def line(self, *values: object, bold: bool = False) -> None:
        from openpyxl.styles import Font

        self.row += 1
        for column, value in enumerate(values, start=1):
            cell = self.sheet.cell(row=self.row, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would take "=..." for a formula
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            if bold:
                cell.font = Font(bold=True)

    def widths(self, *widths: int) -> None:
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width


def _summary(sheet: _Sheet, projects: Sequence[WorkbookProject], by_project: Mapping[str, list[Entry]]) -> None:
    sheet.line("Project", "Months", "Entries", "Hours", bold=True)
    for project in projects:
        entries = by_project.get(project.ref, [])
        sheet.line(project.title, project.months, len(entries), sum((e.hours for e in entries), Decimal(0)))
    every = [entry for project in projects for entry in by_project.get(project.ref, [])]
    sheet.line("Total", None, len(every), sum((entry.hours for entry in every), Decimal(0)), bold=True)
    sheet.widths(40, 24, 10, 10)


def _project_sheet(sheet: _Sheet, project: WorkbookProject, entries: list[Entry], labels: Mapping[str, str]) -> None:
    sheet.line(project.title, bold=True)
    sheet.line(project.months)
    sheet.row += 1
    sheet.line(*ENTRY_COLUMNS, bold=True)
    for entry in entries:
        sheet.line(entry.day, entry.hours, entry.activity, ", ".join(sorted(entry.process_groups)),
                   ", ".join(labels.get(domain, domain) for domain in sorted(entry.domains)), entry.notes)
    sheet.row += 1
    sheet.line("Totals by month", "Hours", bold=True)
    for month, hours in hours_by_month(entries).items():
        sheet.line(f"{MONTH_NAMES[month.month - 1]} {month.year}", hours)
    sheet.line("Total", sum((entry.hours for entry in entries), Decimal(0)), bold=True)
    sheet.widths(16, 10, 48, 16, 28, 40)


def _sheet_name(title: str, taken: set[str]) -> str:
    """Return a sheet name for `title`: no character Excel refuses, at most 31 long, unique in the workbook."""
    base = _NOT_IN_SHEET_NAMES.sub(" ", title).strip().strip("'") or "Project"
    name, number = base[:MAX_SHEET_NAME], 1
    while name.lower() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
    taken.add(name.lower())
    return name
